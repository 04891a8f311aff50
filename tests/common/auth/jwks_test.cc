#include "common/auth/jwks.h"

#include "common/auth/base64url.h"
#include "common/crypto/ed25519.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;

constexpr char kRfc8037X[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

TEST(JwksTest, RoundTripsThroughJson) {
  Jwks jwks;
  crypto::Ed25519KeyPair a = crypto::Ed25519KeyPair::Generate();
  crypto::Ed25519KeyPair b = crypto::Ed25519KeyPair::Generate();
  ASSERT_THAT(jwks.Add({"a", a.public_key()}), IsOk());
  ASSERT_THAT(jwks.Add({"b", b.public_key()}), IsOk());
  absl::StatusOr<Jwks> parsed = Jwks::FromJson(jwks.ToJson());
  ASSERT_THAT(parsed, IsOk());
  EXPECT_THAT(parsed->keys(), ElementsAre(Jwk{"a", a.public_key()},
                                          Jwk{"b", b.public_key()}));
  EXPECT_NE(parsed->Find("b"), nullptr);
  EXPECT_EQ(parsed->Find("c"), nullptr);
}

TEST(JwksTest, WritesTheRfc8037Members) {
  Jwks jwks;
  ASSERT_THAT(jwks.Add({"k1", *Base64UrlDecode(kRfc8037X)}), IsOk());
  EXPECT_EQ(jwks.ToJson(),
            std::string(R"({"keys":[{"alg":"EdDSA","crv":"Ed25519","kid":"k1",)"
                        R"("kty":"OKP","use":"sig","x":")") +
                kRfc8037X + R"("}]})");
}

TEST(JwksTest, ThumbprintMatchesRfc8037Example) {
  EXPECT_EQ(JwkThumbprint(*Base64UrlDecode(kRfc8037X)),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST(JwksTest, SkipsKeysOfOtherTypes) {
  absl::StatusOr<Jwks> jwks = Jwks::FromJson(
      std::string(R"({"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b",)"
                  R"("kid":"ec"},{"kty":"OKP","crv":"Ed25519","kid":"ed","x":")") +
      kRfc8037X + R"("}]})");
  ASSERT_THAT(jwks, IsOk());
  ASSERT_EQ(jwks->keys().size(), 1u);
  EXPECT_EQ(jwks->keys()[0].kid, "ed");
}

TEST(JwksTest, RefusesKeysWhoseAlgorithmOrCurveDisagreesWithTheirType) {
  for (const char* members :
       {R"("kty":"OKP","crv":"Ed25519","alg":"HS256")",
        R"("kty":"OKP","crv":"X25519")", R"("kty":"OKP","crv":"Ed25519","use":"enc")",
        R"("kty":"OKP")"}) {
    std::string json = std::string(R"({"keys":[{)") + members +
                       R"(,"kid":"k","x":")" + kRfc8037X + R"("}]})";
    EXPECT_THAT(Jwks::FromJson(json),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << members;
  }
}

TEST(JwksTest, RefusesMalformedSets) {
  for (const char* json :
       {"", "[]", "{}", R"({"keys":{}})", R"({"keys":[1]})",
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k","x":"AAAA"}]})",
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA"}]})",
        R"({"keys":[{"kty":1}]})"}) {
    EXPECT_THAT(Jwks::FromJson(json),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << json;
  }
  std::string twice = std::string(R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k","x":")") +
                      kRfc8037X + R"("},{"kty":"OKP","crv":"Ed25519","kid":"k","x":")" +
                      kRfc8037X + R"("}]})";
  EXPECT_THAT(Jwks::FromJson(twice), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::auth
