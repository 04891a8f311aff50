#include "services/identity/credentials/password_policy.h"

#include <string>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Optional;

// "é" is 2 bytes, "ب" (Arabic beh) 2, "€" 3, "😀" 4: one code point each.
std::string Repeat(absl::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out.append(unit.data(), unit.size());
  return out;
}

TEST(CountCodePointsTest, CountsMultiByteCharactersOnce) {
  EXPECT_THAT(CountCodePoints(""), Optional(0u));
  EXPECT_THAT(CountCodePoints("abc"), Optional(3u));
  EXPECT_THAT(CountCodePoints("\xC3\xA9"), Optional(1u));
  EXPECT_THAT(CountCodePoints("\xD8\xA8"), Optional(1u));
  EXPECT_THAT(CountCodePoints("\xE2\x82\xAC"), Optional(1u));
  EXPECT_THAT(CountCodePoints("\xF0\x9F\x98\x80"), Optional(1u));
}

TEST(CountCodePointsTest, RefusesInvalidUtf8) {
  EXPECT_EQ(CountCodePoints("\x80"), std::nullopt);      // Lone continuation.
  EXPECT_EQ(CountCodePoints("\xC3"), std::nullopt);      // Cut short.
  EXPECT_EQ(CountCodePoints("\xC0\xAF"), std::nullopt);  // Overlong '/'.
  EXPECT_EQ(CountCodePoints("\xE0\x80\xAF"), std::nullopt);      // Overlong.
  EXPECT_EQ(CountCodePoints("\xED\xA0\x80"), std::nullopt);      // Surrogate.
  EXPECT_EQ(CountCodePoints("\xF4\x90\x80\x80"), std::nullopt);  // > 10FFFF.
  EXPECT_EQ(CountCodePoints("\xC3\x41"), std::nullopt);  // Bad continuation.
}

TEST(CheckNewPasswordTest, AcceptsTwelveToOneHundredTwentyEight) {
  EXPECT_THAT(CheckNewPassword(std::string(12, 'a')), IsOk());
  EXPECT_THAT(CheckNewPassword(std::string(128, 'a')), IsOk());
  EXPECT_THAT(CheckNewPassword("correct horse battery"), IsOk());
}

TEST(CheckNewPasswordTest, RefusesElevenAndOneHundredTwentyNine) {
  EXPECT_THAT(CheckNewPassword(std::string(11, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckNewPassword(std::string(129, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CheckNewPasswordTest, CountsCodePointsNotBytes) {
  // 11 Arabic letters are 22 bytes, still too short; 12 are enough.
  EXPECT_THAT(CheckNewPassword(Repeat("\xD8\xA8", 11)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckNewPassword(Repeat("\xD8\xA8", 12)), IsOk());
  // 128 emoji are 512 bytes and allowed; 129 are not.
  EXPECT_THAT(CheckNewPassword(Repeat("\xF0\x9F\x98\x80", 128)), IsOk());
  EXPECT_THAT(CheckNewPassword(Repeat("\xF0\x9F\x98\x80", 129)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CheckNewPasswordTest, NamesThePasswordField) {
  const absl::Status status = CheckNewPassword("short");
  EXPECT_THAT(FieldViolations(status),
              ElementsAre(Field(&FieldViolation::field, "password")));
}

TEST(CheckNewPasswordTest, RefusesInvalidUtf8) {
  EXPECT_THAT(CheckNewPassword(std::string(12, 'a') + "\xFF"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CheckPresentedPasswordTest, OnlyBoundsTheLength) {
  EXPECT_THAT(CheckPresentedPassword("short"), IsOk());
  EXPECT_THAT(CheckPresentedPassword(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckPresentedPassword(std::string(129, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::identity
