#include "common/auth/base64url.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

TEST(Base64UrlTest, EncodesWithoutPaddingInTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_THAT(Base64UrlDecode(Base64UrlEncode(bytes)), IsOkAndHolds(bytes));
}

TEST(Base64UrlTest, RefusesNonCanonicalInput) {
  EXPECT_THAT(Base64UrlDecode("Zg=="), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm9+"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm9/"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm 9v"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Z"), StatusIs(absl::StatusCode::kInvalidArgument));
  // "Zh" carries non-zero bits after the one byte "f": an alias of "Zg".
  EXPECT_THAT(Base64UrlDecode("Zh"), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::auth
