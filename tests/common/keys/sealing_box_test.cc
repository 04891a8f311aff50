#include "common/keys/sealing_box.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "common/crypto/random.h"
#include "common/crypto/secret_box.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::keys {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

KeyRing Ring(const std::vector<std::string>& secrets) {
  std::vector<Key> held;
  for (const std::string& secret : secrets) held.emplace_back(secret, "test");
  return *KeyRing::Create(KeyKind::kTotp, std::move(held));
}

std::unique_ptr<SealingBox> Box(const std::vector<std::string>& secrets) {
  return *SealingBox::Create(Ring(secrets));
}

TEST(SealingBoxTest, ASealedValueNamesItsKey) {
  const std::string key = crypto::RandomBytes(32);
  const std::string sealed = Box({key})->Seal("secret");
  EXPECT_TRUE(absl::StartsWith(sealed, "mk1:"));
  EXPECT_EQ(absl::BytesToHexString(sealed.substr(4, 8)), KeyIdOf(key));
  EXPECT_THAT(Box({key})->Open(sealed), IsOkAndHolds("secret"));
}

TEST(SealingBoxTest, RotationSealsWithTheNewestAndOpensWithAny) {
  const std::string old_key = crypto::RandomBytes(32);
  const std::string new_key = crypto::RandomBytes(32);
  const std::string old_sealed = Box({old_key})->Seal("old");
  std::unique_ptr<SealingBox> both = Box({old_key, new_key});
  EXPECT_EQ(both->current_key_id(), KeyIdOf(new_key));
  const std::string new_sealed = both->Seal("new");
  EXPECT_THAT(both->Open(old_sealed), IsOkAndHolds("old"));
  EXPECT_THAT(both->Open(new_sealed), IsOkAndHolds("new"));
  EXPECT_FALSE(both->SealedWithCurrent(old_sealed));
  EXPECT_TRUE(both->SealedWithCurrent(new_sealed));
  // A process that lacks the new key says which key it lacks.
  EXPECT_THAT(Box({old_key})->Open(new_sealed),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(KeyIdOf(new_key))));
}

TEST(SealingBoxTest, ValuesSealedBeforeKeyIdsStillOpen) {
  const std::string data_dir_key = crypto::RandomBytes(32);
  // What a data-directory key sealed before values named their key.
  const std::string legacy =
      (*crypto::SecretBox::Create(data_dir_key))->Seal("legacy");
  std::unique_ptr<SealingBox> rotated =
      Box({data_dir_key, crypto::RandomBytes(32)});
  EXPECT_THAT(rotated->Open(legacy), IsOkAndHolds("legacy"));
  EXPECT_FALSE(rotated->SealedWithCurrent(legacy));
  EXPECT_THAT(Box({crypto::RandomBytes(32)})->Open(legacy),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SealingBoxTest, TamperingAnyByteIsDataLoss) {
  std::unique_ptr<SealingBox> box = Box({crypto::RandomBytes(32)});
  const std::string sealed = box->Seal("secret");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] ^= 0x01;
    EXPECT_THAT(box->Open(tampered), StatusIs(absl::StatusCode::kDataLoss))
        << "byte " << i;
  }
  EXPECT_THAT(box->Open(""), StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace masar::keys
