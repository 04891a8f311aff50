#include "services/identity/credentials/base32.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/totp.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

// RFC 4648 section 10, without the padding.
TEST(Base32Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base32Encode(""), "");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode("fo"), "MZXQ");
  EXPECT_EQ(Base32Encode("foo"), "MZXW6");
  EXPECT_EQ(Base32Encode("foob"), "MZXW6YQ");
  EXPECT_EQ(Base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
}

TEST(Base32Test, DecodesWithOrWithoutPaddingInEitherCase) {
  EXPECT_THAT(Base32Decode("MZXW6YTBOI"), IsOkAndHolds("foobar"));
  EXPECT_THAT(Base32Decode("MZXW6YTBOI======"), IsOkAndHolds("foobar"));
  EXPECT_THAT(Base32Decode("mzxw6ytboi"), IsOkAndHolds("foobar"));
  EXPECT_THAT(Base32Decode(""), IsOkAndHolds(""));
}

TEST(Base32Test, RoundTripsEveryLengthAndByte) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) {
    EXPECT_THAT(Base32Decode(Base32Encode(bytes)), IsOkAndHolds(bytes));
    bytes.push_back(static_cast<char>(i * 37 + 200));
  }
  const std::string secret = Totp::GenerateSecret();
  EXPECT_EQ(Base32Encode(secret).size(), 32u);
  EXPECT_THAT(Base32Decode(Base32Encode(secret)), IsOkAndHolds(secret));
}

TEST(Base32Test, RefusesForeignCharactersAndImpossibleLengths) {
  EXPECT_THAT(Base32Decode("MZXW1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base32Decode("MZ W6"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base32Decode("M"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base32Decode("MZX"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::identity
