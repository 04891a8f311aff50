#include "services/identity/credentials/totp.h"

#include <string>

#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/base32.h"
#include "services/identity/credentials/otpauth_uri.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string below.
constexpr absl::string_view kRfcSecret = "12345678901234567890";

struct Vector {
  int64_t unix_seconds;
  const char* code;
};

TEST(TotpTest, MatchesRfc6238AppendixBForSha1) {
  const Vector vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"},
      {1111111111, "14050471"}, {1234567890, "89005924"},
      {2000000000, "69279037"}, {20000000000, "65353130"}};
  FakeClock clock;
  Totp totp(clock, {.digits = 8});
  for (const Vector& v : vectors) {
    const absl::Time time = absl::FromUnixSeconds(v.unix_seconds);
    EXPECT_EQ(totp.CodeAt(kRfcSecret, time), v.code) << v.unix_seconds;
    clock.Set(time);
    EXPECT_THAT(totp.Verify(kRfcSecret, v.code),
                IsOkAndHolds(v.unix_seconds / 30));
  }
}

TEST(TotpTest, SixDigitsAreTheLastSixOfTheSameValue) {
  FakeClock clock;
  Totp totp(clock);
  EXPECT_EQ(totp.CodeAt(kRfcSecret, absl::FromUnixSeconds(59)), "287082");
  EXPECT_EQ(totp.CodeAt(kRfcSecret, absl::FromUnixSeconds(1111111109)),
            "081804");
}

TEST(TotpTest, Rfc4226AppendixDHotpValues) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(Hotp(kRfcSecret, counter, 6), expected[counter]);
  }
}

class TotpWindowTest : public ::testing::Test {
 protected:
  // The start of step 1000.
  FakeClock clock_{absl::FromUnixSeconds(30'000)};
  Totp totp_{clock_};
  const std::string secret_ = Totp::GenerateSecret();

  std::string CodeOfStep(int64_t step) {
    return totp_.CodeAt(secret_, absl::FromUnixSeconds(step * 30));
  }
};

TEST_F(TotpWindowTest, AcceptsOneStepEitherSide) {
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(999)), IsOkAndHolds(999));
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(1000)), IsOkAndHolds(1000));
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(1001)), IsOkAndHolds(1001));
}

TEST_F(TotpWindowTest, RefusesTwoStepsAway) {
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(998)),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(1002)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(TotpWindowTest, WindowFollowsTheClockToTheSecond) {
  const std::string code = CodeOfStep(1000);
  clock_.Set(absl::FromUnixSeconds(1001 * 30 + 29));  // Last second of 1001.
  EXPECT_THAT(totp_.Verify(secret_, code), IsOkAndHolds(1000));
  clock_.Advance(absl::Seconds(1));  // Step 1002: 1000 is out of the window.
  EXPECT_THAT(totp_.Verify(secret_, code),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(TotpWindowTest, RefusesAReplayOfTheSameOrAnOlderStep) {
  absl::StatusOr<int64_t> step = totp_.Verify(secret_, CodeOfStep(1000));
  ASSERT_THAT(step, IsOkAndHolds(1000));
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(1000), *step),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(999), *step),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(totp_.Verify(secret_, CodeOfStep(1001), *step),
              IsOkAndHolds(1001));
}

TEST(IsReplayTest, SameOrOlderStepIsAReplay) {
  EXPECT_FALSE(IsReplay(10, std::nullopt));
  EXPECT_TRUE(IsReplay(10, 10));
  EXPECT_TRUE(IsReplay(9, 10));
  EXPECT_FALSE(IsReplay(11, 10));
}

TEST_F(TotpWindowTest, MalformedCodesNameTheField) {
  for (const char* code : {"", "12345", "1234567", "12a456", " 123456"}) {
    EXPECT_THAT(totp_.Verify(secret_, code),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         ::testing::HasSubstr("code")))
        << code;
  }
}

TEST(TotpSecretTest, IsTwentyFreshRandomBytes) {
  const std::string a = Totp::GenerateSecret();
  const std::string b = Totp::GenerateSecret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
}

TEST(OtpauthUriTest, HasTheAppsFormatWithAnEncodedLabel) {
  EXPECT_EQ(OtpauthUri("amina+test@example.ma", kRfcSecret),
            "otpauth://totp/Masar:amina%2Btest%40example.ma"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Masar"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUriTest, EncodesSpacesAndNonAscii) {
  EXPECT_EQ(PercentEncode("a b/\xC3\xA9"), "a%20b%2F%C3%A9");
  EXPECT_EQ(PercentEncode("A-z.0_9~"), "A-z.0_9~");
}

}  // namespace
}  // namespace masar::identity
