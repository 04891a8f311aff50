#include "common/auth/authenticator.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/policy_table.h"
#include "common/auth/revocation_list.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
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
using ::masar::auth::testing::ValidClaims;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest() {
    EXPECT_THAT(keys_.Add(NewKey("k1", clock_.Now())), IsOk());
    verifier_.SetJwks(keys_.PublicJwks());
  }

  static TokenVerifierOptions Options() {
    TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    return options;
  }

  std::string Sign(const Claims& claims) {
    return TokenSigner(&keys_).Sign(claims).value_or("");
  }

  Revocation Revoke(int64_t sequence, RevocationKind kind, std::string value,
                    absl::Time time) {
    return Revocation{sequence, kind, std::move(value), time,
                      time + absl::Minutes(20)};
  }

  FakeClock clock_;
  SigningKeySet keys_;
  TokenVerifier verifier_{Options(), Jwks(), &clock_};
  VerifiedTokenCache cache_{&clock_};
  RevocationList revocations_;
  Authenticator authenticator_{&verifier_, &cache_, &revocations_};
};

TEST_F(AuthenticatorTest, ARepeatedTokenCostsNoSecondSignatureCheck) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  absl::StatusOr<std::shared_ptr<const Principal>> first =
      authenticator_.Authenticate(token);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ((*first)->subject(), "users/u1");
  for (int i = 0; i < 10; ++i) {
    ASSERT_THAT(authenticator_.Authenticate(token), IsOk());
  }
  EXPECT_EQ(verifier_.signature_checks(), 1);
  EXPECT_EQ(cache_.size(), 1u);
}

TEST_F(AuthenticatorTest, ACachedTokenExpiresWithTheToken) {
  std::string token = Sign(ValidClaims(clock_.Now()));
  ASSERT_THAT(authenticator_.Authenticate(token), IsOk());
  clock_.Advance(absl::Minutes(10) - absl::Seconds(1));
  EXPECT_THAT(authenticator_.Authenticate(token), IsOk());
  EXPECT_EQ(verifier_.signature_checks(), 1);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(cache_.Find(token), nullptr);
  EXPECT_THAT(authenticator_.Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  EXPECT_EQ(verifier_.signature_checks(), 2);
}

TEST_F(AuthenticatorTest, AFailedTokenIsNotCached) {
  Claims claims = ValidClaims(clock_.Now());
  claims.issuer = "elsewhere";
  std::string token = Sign(claims);
  EXPECT_THAT(authenticator_.Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(authenticator_.Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(cache_.size(), 0u);
}

TEST_F(AuthenticatorTest, RevocationByJtiAppliesToACachedToken) {
  std::string token = Sign(ValidClaims(clock_.Now(), "jti-a"));
  std::string other = Sign(ValidClaims(clock_.Now(), "jti-b"));
  ASSERT_THAT(authenticator_.Authenticate(token), IsOk());
  ASSERT_TRUE(revocations_.Apply(
      Revoke(1, RevocationKind::kToken, "jti-a", clock_.Now())));
  EXPECT_THAT(authenticator_.Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
  EXPECT_THAT(authenticator_.Authenticate(other), IsOk());
}

TEST_F(AuthenticatorTest, RevocationBySessionEndsItsTokens) {
  std::string token = Sign(ValidClaims(clock_.Now()));  // sid "s1"
  ASSERT_TRUE(revocations_.Apply(
      Revoke(1, RevocationKind::kSession, "s1", clock_.Now())));
  EXPECT_THAT(authenticator_.Authenticate(token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
}

TEST_F(AuthenticatorTest, SubjectNotBeforeRevokesOlderTokensOnly) {
  std::string before = Sign(ValidClaims(clock_.Now(), "before"));
  clock_.Advance(absl::Seconds(5));
  ASSERT_TRUE(revocations_.Apply(
      Revoke(1, RevocationKind::kSubject, "users/u1", clock_.Now())));
  // Issued in the revocation's own millisecond: it may have come first.
  std::string same = Sign(ValidClaims(clock_.Now(), "same"));
  clock_.Advance(absl::Milliseconds(1));
  std::string after = Sign(ValidClaims(clock_.Now(), "after"));
  Claims someone_else = ValidClaims(clock_.Now() - absl::Seconds(5), "else");
  someone_else.subject = "users/u2";
  EXPECT_THAT(authenticator_.Authenticate(before),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
  EXPECT_THAT(authenticator_.Authenticate(same),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
  EXPECT_THAT(authenticator_.Authenticate(after), IsOk());
  EXPECT_THAT(authenticator_.Authenticate(Sign(someone_else)), IsOk());
}

TEST_F(AuthenticatorTest, CacheStaysWithinItsBound) {
  VerifiedTokenCache small(&clock_, {.max_entries = 8, .shards = 2});
  Authenticator authenticator(&verifier_, &small, nullptr);
  for (int i = 0; i < 50; ++i) {
    ASSERT_THAT(authenticator.Authenticate(
                    Sign(ValidClaims(clock_.Now(), absl::StrCat("j", i)))),
                IsOk());
  }
  EXPECT_LE(small.size(), 8u);
}

TEST_F(AuthenticatorTest, ConcurrentCallsShareTheCache) {
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) {
    tokens.push_back(Sign(ValidClaims(clock_.Now(), absl::StrCat("j", i))));
    ASSERT_THAT(authenticator_.Authenticate(tokens.back()), IsOk());
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        EXPECT_TRUE(authenticator_.Authenticate(tokens[i % 8]).ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(verifier_.signature_checks(), 8);
}

class CallAuthorizerTest : public AuthenticatorTest {
 protected:
  static PolicyTable Table() {
    return *PolicyTable::Create(
        "s.S", {{"Open", Access::Public()},
                {"Read", Access::Authenticated()},
                {"Admin", Access::AnyRole({Role::kPlatformAdmin})}});
  }

  PolicyTable table_ = Table();
  CallAuthorizer authorizer_{&table_, &authenticator_};
};

TEST_F(CallAuthorizerTest, AppliesTokenAndPolicy) {
  std::string bearer = "Bearer " + Sign(ValidClaims(clock_.Now()));
  EXPECT_THAT(authorizer_.Authorize("/s.S/Open", std::nullopt), IsOk());
  EXPECT_THAT(authorizer_.Authorize("/s.S/Open", "Bearer garbage"), IsOk());
  EXPECT_THAT(authorizer_.Authorize("/s.S/Read", std::nullopt),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(authorizer_.Authorize("/s.S/Read", "Bearer a.b.c"),
              StatusIs(absl::StatusCode::kUnauthenticated));
  absl::StatusOr<std::shared_ptr<const Principal>> caller =
      authorizer_.Authorize("/s.S/Read", bearer);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ((*caller)->subject(), "users/u1");
  EXPECT_THAT(authorizer_.Authorize("/s.S/Admin", bearer),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(authorizer_.Authorize("/s.S/Unlisted", bearer),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::auth
