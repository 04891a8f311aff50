#include "common/crypto/secret_box.h"

#include <string>

#include "common/crypto/random.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::crypto {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<SecretBox> NewBox() {
  absl::StatusOr<std::unique_ptr<SecretBox>> box =
      SecretBox::Create(RandomBytes(SecretBox::kKeyBytes));
  EXPECT_THAT(box, IsOk());
  return box.ok() ? *std::move(box) : nullptr;
}

TEST(SecretBoxTest, RoundTripsAndHidesThePlaintext) {
  std::unique_ptr<SecretBox> box = NewBox();
  const std::string sealed = box->Seal("the plaintext");
  EXPECT_THAT(sealed, Not(HasSubstr("plaintext")));
  EXPECT_THAT(box->Open(sealed), IsOkAndHolds("the plaintext"));
  EXPECT_THAT(box->Open(box->Seal("")), IsOkAndHolds(""));
}

TEST(SecretBoxTest, EveryValueGetsItsOwnNonce) {
  std::unique_ptr<SecretBox> box = NewBox();
  EXPECT_NE(box->Seal("same"), box->Seal("same"));
}

TEST(SecretBoxTest, TamperingAndTruncationAreDataLoss) {
  std::unique_ptr<SecretBox> box = NewBox();
  const std::string sealed = box->Seal("the plaintext");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string altered = sealed;
    altered[i] ^= 1;
    EXPECT_THAT(box->Open(altered), StatusIs(absl::StatusCode::kDataLoss))
        << "byte " << i;
  }
  EXPECT_THAT(box->Open(sealed.substr(0, sealed.size() - 1)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(box->Open(""), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SecretBoxTest, AnotherKeyCannotOpenIt) {
  std::unique_ptr<SecretBox> box = NewBox();
  std::unique_ptr<SecretBox> other = NewBox();
  EXPECT_THAT(other->Open(box->Seal("the plaintext")),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SecretBoxTest, KeyMustBe32Bytes) {
  EXPECT_THAT(SecretBox::Create(std::string(31, 'k')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SecretBox::Create(std::string(33, 'k')),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::crypto
