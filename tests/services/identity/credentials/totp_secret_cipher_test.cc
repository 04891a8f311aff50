#include "services/identity/credentials/totp_secret_cipher.h"

#include <string>
#include <vector>

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

keys::KeyRing Ring(const std::vector<std::string>& secrets) {
  std::vector<keys::Key> held;
  for (const std::string& secret : secrets) held.emplace_back(secret, "test");
  return *keys::KeyRing::Create(keys::KeyKind::kTotp, std::move(held));
}

TEST(TotpSecretCipherTest, RotationKeepsOldSecretsReadable) {
  const std::string old_key = crypto::RandomBytes(32);
  const std::string new_key = crypto::RandomBytes(32);
  auto before = TotpSecretCipher::Create(Ring({old_key}));
  ASSERT_THAT(before, IsOk());
  const std::string secret = Totp::GenerateSecret();
  const std::string old_sealed = (*before)->Seal("u", secret);

  auto after = TotpSecretCipher::Create(Ring({old_key, new_key}));
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT((*after)->Open("u", old_sealed), IsOkAndHolds(secret));
  EXPECT_FALSE((*after)->SealedWithCurrentKey(old_sealed));
  const std::string new_sealed = (*after)->Seal("u", secret);
  EXPECT_TRUE((*after)->SealedWithCurrentKey(new_sealed));
  // Only the new key: the new value opens, the old one names its key.
  auto only_new = TotpSecretCipher::Create(Ring({new_key}));
  EXPECT_THAT((*only_new)->Open("u", new_sealed), IsOkAndHolds(secret));
  EXPECT_THAT((*only_new)->Open("u", old_sealed),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(keys::KeyIdOf(old_key))));
}

}  // namespace
}  // namespace masar::identity
