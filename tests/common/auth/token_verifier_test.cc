#include "common/auth/token_verifier.h"

#include <sodium.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/auth/base64url.h"
#include "common/auth/jws.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/auth/token_factory.h"

namespace masar::auth {
namespace {

using ::masar::auth::testing::kAudience;
using ::masar::auth::testing::kIssuer;
using ::masar::auth::testing::NewKey;
using ::masar::auth::testing::SignRaw;
using ::masar::auth::testing::ValidClaims;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

class TokenVerifierTest : public ::testing::Test {
 protected:
  TokenVerifierTest() {
    EXPECT_THAT(keys_.Add(NewKey("k1", clock_.Now())), IsOk());
  }

  TokenVerifierOptions Options() const {
    TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    return options;
  }

  // A verifier over the keys published now.
  TokenVerifier Verifier(KeySource source = nullptr) {
    return TokenVerifier(Options(), keys_.PublicJwks(), &clock_,
                         std::move(source));
  }

  std::string Sign(const Claims& claims) {
    absl::StatusOr<std::string> token = TokenSigner(&keys_).Sign(claims);
    EXPECT_THAT(token, IsOk());
    return token.value_or("");
  }

  // Expects UNAUTHENTICATED with `reason`, and a message free of the token.
  void ExpectRefused(const std::string& token, const std::string& reason) {
    absl::StatusOr<Claims> claims = Verifier().Verify(token);
    EXPECT_THAT(claims, StatusIs(absl::StatusCode::kUnauthenticated,
                                 HasSubstr(reason)));
    for (absl::string_view part : absl::StrSplit(token, '.')) {
      if (part.size() > 4) {
        EXPECT_THAT(std::string(claims.status().message()),
                    Not(HasSubstr(std::string(part))));
      }
    }
  }

  FakeClock clock_;
  SigningKeySet keys_;
};

// The token with its header replaced by `header_json`, signature kept.
std::string WithHeader(const std::string& token, const std::string& header_json) {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  return absl::StrCat(Base64UrlEncode(header_json), ".", parts[1], ".",
                      parts[2]);
}

TEST_F(TokenVerifierTest, AcceptsAValidTokenAndReturnsItsClaims) {
  Claims claims = ValidClaims(clock_.Now());
  TokenVerifier verifier = Verifier();
  absl::StatusOr<Claims> verified = verifier.Verify(Sign(claims));
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(*verified, claims);
  EXPECT_EQ(verifier.signature_checks(), 1);
}

TEST_F(TokenVerifierTest, TimesKeepTheirMillisecondsOnTheWire) {
  Claims claims = ValidClaims(TokenTime(clock_.Now() + absl::Milliseconds(250)));
  const std::string token = Sign(claims);
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  EXPECT_THAT(*Base64UrlDecode(parts[1]),
              HasSubstr(absl::StrCat("\"iat\":",
                                     absl::ToUnixSeconds(clock_.Now()), ".25")));
  absl::StatusOr<Claims> verified = Verifier().Verify(token);
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->issued_at, claims.issued_at);
  EXPECT_EQ(TokenTime(absl::FromUnixMicros(1700000000123999)),
            absl::FromUnixMillis(1700000000123));
}

TEST_F(TokenVerifierTest, HeaderNamesEdDsaAndTheKid) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  EXPECT_EQ(*Base64UrlDecode(parts[0]),
            R"({"alg":"EdDSA","kid":"k1","typ":"at+jwt"})");
}

TEST_F(TokenVerifierTest, RefusesAnExpiredToken) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  clock_.Advance(absl::Minutes(10));
  ExpectRefused(token, "expired");
}

TEST_F(TokenVerifierTest, RefusesATokenNotYetValid) {
  Claims nbf = ValidClaims(clock_.Now());
  nbf.not_before = nbf.issued_at + absl::Minutes(2);
  ExpectRefused(Sign(nbf), "not yet valid");

  Claims iat = ValidClaims(clock_.Now() + absl::Minutes(2));
  ExpectRefused(Sign(iat), "issued in the future");
}

TEST_F(TokenVerifierTest, AcceptsAnIssuerClockSlightlyAhead) {
  Claims claims = ValidClaims(clock_.Now() + absl::Seconds(20));
  EXPECT_THAT(Verifier().Verify(Sign(claims)), IsOk());
}

TEST_F(TokenVerifierTest, RefusesATamperedPayload) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  Claims admin = ValidClaims(clock_.Now());
  admin.roles = {"PLATFORM_ADMIN@*"};
  ExpectRefused(absl::StrCat(parts[0], ".",
                             Base64UrlEncode(ClaimsToJson(admin)), ".",
                             parts[2]),
                "bad signature");
}

TEST_F(TokenVerifierTest, RefusesATamperedSignature) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string signature = *Base64UrlDecode(parts[2]);
  signature[10] ^= 0x01;
  ExpectRefused(absl::StrCat(parts[0], ".", parts[1], ".",
                             Base64UrlEncode(signature)),
                "bad signature");
  ExpectRefused(absl::StrCat(parts[0], ".", parts[1], ".",
                             Base64UrlEncode(signature.substr(0, 63))),
                "malformed signature");
}

TEST_F(TokenVerifierTest, RefusesTheWrongAudience) {
  Claims claims = ValidClaims(clock_.Now());
  claims.audience = {"someone-else"};
  ExpectRefused(Sign(claims), "wrong audience");
  claims.audience = {"someone-else", kAudience};
  EXPECT_THAT(Verifier().Verify(Sign(claims)), IsOk());
}

TEST_F(TokenVerifierTest, RefusesTheWrongIssuer) {
  Claims claims = ValidClaims(clock_.Now());
  claims.issuer = "https://evil.example";
  ExpectRefused(Sign(claims), "wrong issuer");
}

TEST_F(TokenVerifierTest, RefusesAnUnknownKid) {
  SigningKey stranger = NewKey("k9", clock_.Now());
  ExpectRefused(SignRaw(stranger, ValidClaims(clock_.Now())), "unknown kid");
}

TEST_F(TokenVerifierTest, RefreshesTheJwksOnAnUnknownKidAfterRotation) {
  int fetches = 0;
  TokenVerifier verifier = Verifier([&]() -> absl::StatusOr<Jwks> {
    ++fetches;
    return keys_.PublicJwks();
  });
  clock_.Advance(absl::Minutes(1));
  ASSERT_THAT(keys_.Add(NewKey("k2", clock_.Now())), IsOk());
  std::string token = Sign(ValidClaims(clock_.Now()));
  EXPECT_THAT(verifier.Verify(token), IsOk());
  EXPECT_EQ(fetches, 1);
  EXPECT_THAT(verifier.Verify(token), IsOk());
  EXPECT_EQ(fetches, 1);
}

TEST_F(TokenVerifierTest, RateLimitsRefreshesForUnknownKids) {
  int fetches = 0;
  TokenVerifier verifier = Verifier([&]() -> absl::StatusOr<Jwks> {
    ++fetches;
    return keys_.PublicJwks();
  });
  for (int i = 0; i < 5; ++i) {
    SigningKey stranger = NewKey(absl::StrCat("made-up-", i), clock_.Now());
    EXPECT_THAT(verifier.Verify(SignRaw(stranger, ValidClaims(clock_.Now()))),
                StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("unknown kid")));
  }
  EXPECT_EQ(fetches, 1);
  clock_.Advance(absl::Seconds(31));
  SigningKey stranger = NewKey("later", clock_.Now());
  EXPECT_THAT(verifier.Verify(SignRaw(stranger, ValidClaims(clock_.Now()))),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(fetches, 2);
}

TEST_F(TokenVerifierTest, RefusesAlgNone) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string none_header = Base64UrlEncode(R"({"alg":"none","kid":"k1"})");
  ExpectRefused(absl::StrCat(none_header, ".", parts[1], "."), "empty segment");
  ExpectRefused(absl::StrCat(none_header, ".", parts[1], ".", parts[2]),
                "algorithm not allowed");
}

TEST_F(TokenVerifierTest, RefusesHs256KeyedWithThePublicKey) {
  // Algorithm confusion: an attacker MACs with the published key's bytes.
  std::string input = absl::StrCat(
      Base64UrlEncode(R"({"alg":"HS256","typ":"JWT","kid":"k1"})"), ".",
      Base64UrlEncode(ClaimsToJson(ValidClaims(clock_.Now()))));
  const std::string& key = keys_.Newest().key_pair.public_key();
  ASSERT_EQ(key.size(), crypto_auth_hmacsha256_KEYBYTES);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(input.data()),
                         input.size(),
                         reinterpret_cast<const unsigned char*>(key.data()));
  std::string token = absl::StrCat(
      input, ".",
      Base64UrlEncode(absl::string_view(reinterpret_cast<char*>(mac), sizeof(mac))));
  ExpectRefused(token, "algorithm not allowed");
}

TEST_F(TokenVerifierTest, RefusesEveryOtherAlgorithm) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  for (const char* header :
       {R"({"alg":"RS256","kid":"k1"})", R"({"alg":"ES256","kid":"k1"})",
        R"({"alg":"HS512","kid":"k1"})", R"({"alg":"eddsa","kid":"k1"})",
        R"({"alg":"Ed25519","kid":"k1"})", R"({"kid":"k1"})",
        R"({"alg":["EdDSA"],"kid":"k1"})"}) {
    ExpectRefused(WithHeader(token, header), "algorithm not allowed");
  }
}

TEST_F(TokenVerifierTest, RefusesALifetimeOverFifteenMinutes) {
  Claims claims = ValidClaims(clock_.Now());
  claims.expires_at = claims.issued_at + absl::Minutes(15) + absl::Seconds(1);
  ExpectRefused(SignRaw(keys_.Newest(), claims), "lifetime");
  EXPECT_THAT(TokenSigner(&keys_).Sign(claims),
              StatusIs(absl::StatusCode::kInvalidArgument));
  claims.expires_at = claims.issued_at + absl::Minutes(15);
  EXPECT_THAT(Verifier().Verify(SignRaw(keys_.Newest(), claims)), IsOk());
}

TEST_F(TokenVerifierTest, RefusesMissingSubOrJti) {
  Claims no_jti = ValidClaims(clock_.Now());
  no_jti.token_id.clear();
  ExpectRefused(SignRaw(keys_.Newest(), no_jti), "missing jti");
  Claims no_sub = ValidClaims(clock_.Now());
  no_sub.subject.clear();
  ExpectRefused(SignRaw(keys_.Newest(), no_sub), "missing sub");
}

TEST_F(TokenVerifierTest, RefusesMalformedSegments) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  ExpectRefused("", "three segments");
  ExpectRefused(absl::StrCat(parts[0], ".", parts[1]), "three segments");
  ExpectRefused(absl::StrCat(token, ".", parts[2]), "three segments");
  ExpectRefused(absl::StrCat(".", parts[1], ".", parts[2]), "empty segment");
  ExpectRefused(absl::StrCat(parts[0], "=.", parts[1], ".", parts[2]),
                "header is not base64url");
  ExpectRefused(absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "=="),
                "malformed signature");
  ExpectRefused(WithHeader(token, "not json"), "not a JSON object");
  ExpectRefused(WithHeader(token, R"(["EdDSA"])"), "not a JSON object");
  ExpectRefused(std::string(9000, 'a'), "too long");
}

TEST_F(TokenVerifierTest, RefusesSignedButMalformedPayloads) {
  const crypto::Ed25519KeyPair& key = keys_.Newest().key_pair;
  std::string header = EncodeHeader("k1");
  ExpectRefused(SignCompact(key, header, "[1,2]"), "not a JSON object");
  ExpectRefused(SignCompact(key, header, "{\"exp\":"), "not a JSON object");
  ExpectRefused(SignCompact(key, header, R"({"iat":1,"exp":"soon"})"),
                "malformed claim exp");
  ExpectRefused(SignCompact(key, header, R"({"iat":-1.5,"exp":2})"),
                "malformed claim iat");
  ExpectRefused(SignCompact(key, header, R"({"iat":"1","exp":2})"),
                "malformed claim iat");
  ExpectRefused(SignCompact(key, header, R"({"iat":1,"exp":2,"roles":"X@*"})"),
                "malformed claim roles");
  ExpectRefused(SignCompact(key, header, R"({"iat":1})"), "missing claim exp");
}

TEST_F(TokenVerifierTest, RefusesCriticalHeaderExtensions) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  ExpectRefused(WithHeader(token, R"({"alg":"EdDSA","kid":"k1","crit":["x"]})"),
                "crit");
}

TEST_F(TokenVerifierTest, OlderKeyVerifiesWhilePublishedAndNewestSigns) {
  std::string old_token = Sign(ValidClaims(clock_.Now(), "old"));
  clock_.Advance(absl::Minutes(1));
  ASSERT_THAT(keys_.Add(NewKey("k2", clock_.Now())), IsOk());
  EXPECT_EQ(keys_.Newest().kid, "k2");
  std::string new_token = Sign(ValidClaims(clock_.Now(), "new"));
  std::vector<std::string> parts = absl::StrSplit(new_token, '.');
  EXPECT_THAT(*Base64UrlDecode(parts[0]), HasSubstr(R"("kid":"k2")"));

  TokenVerifier verifier = Verifier();
  EXPECT_THAT(verifier.Verify(old_token), IsOk());
  EXPECT_THAT(verifier.Verify(new_token), IsOk());

  // Once k1 is no longer published, its tokens stop verifying.
  Jwks only_new;
  ASSERT_THAT(only_new.Add(*keys_.PublicJwks().Find("k2")), IsOk());
  verifier.SetJwks(only_new);
  EXPECT_THAT(verifier.Verify(old_token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("unknown kid")));
  EXPECT_THAT(verifier.Verify(new_token), IsOk());
}

TEST_F(TokenVerifierTest, SignerNeedsAKey) {
  SigningKeySet empty;
  EXPECT_THAT(TokenSigner(&empty).Sign(ValidClaims(clock_.Now())),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace masar::auth
