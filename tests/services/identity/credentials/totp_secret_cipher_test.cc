#include "services/identity/credentials/totp_secret_cipher.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/crypto/random.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"
#include "services/identity/credentials/totp.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<TotpSecretCipher> NewCipher() {
  auto cipher = TotpSecretCipher::Create(crypto::RandomBytes(32));
  EXPECT_THAT(cipher, IsOk());
  return cipher.ok() ? *std::move(cipher) : nullptr;
}

TEST(TotpSecretCipherTest, OpensForItsUserOnly) {
  std::unique_ptr<TotpSecretCipher> cipher = NewCipher();
  const std::string secret = Totp::GenerateSecret();
  const std::string sealed = cipher->Seal("user-1", secret);
  EXPECT_THAT(sealed, Not(HasSubstr(secret)));
  EXPECT_THAT(cipher->Open("user-1", sealed), IsOkAndHolds(secret));
  EXPECT_THAT(cipher->Open("user-2", sealed),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(cipher->Open("user-", sealed),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(TotpSecretCipherTest, AnotherKeyOrATamperedValueIsDataLoss) {
  std::unique_ptr<TotpSecretCipher> cipher = NewCipher();
  std::string sealed = cipher->Seal("user-1", Totp::GenerateSecret());
  EXPECT_THAT(NewCipher()->Open("user-1", sealed),
              StatusIs(absl::StatusCode::kDataLoss));
  sealed.back() ^= 1;
  EXPECT_THAT(cipher->Open("user-1", sealed),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(TotpSecretCipherTest, KeyFileIsCreatedOnceThenReused) {
  ::masar::testing::ScopedTempDir dir("masar-totp-key");
  const std::string path = dir.File("totp.key");
  auto first = TotpSecretCipher::FromKeyFile(path);
  ASSERT_THAT(first, IsOk());
  auto second = TotpSecretCipher::FromKeyFile(path);
  ASSERT_THAT(second, IsOk());
  const std::string secret = Totp::GenerateSecret();
  EXPECT_THAT((*second)->Open("u", (*first)->Seal("u", secret)),
              IsOkAndHolds(secret));
}

}  // namespace
}  // namespace masar::identity
