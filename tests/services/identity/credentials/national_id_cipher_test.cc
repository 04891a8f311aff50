#include "services/identity/credentials/national_id_cipher.h"

#include <sys/stat.h>

#include <memory>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

const std::string kEncryptionKey(32, 'e');
const std::string kLookupKey(32, 'l');

std::unique_ptr<NationalIdCipher> MakeCipher(
    const std::string& encryption_key = kEncryptionKey,
    const std::string& lookup_key = kLookupKey) {
  auto cipher = NationalIdCipher::Create(encryption_key, lookup_key);
  EXPECT_THAT(cipher, IsOk());
  return cipher.ok() ? *std::move(cipher) : nullptr;
}

TEST(NationalIdCipherTest, RoundTripsTheNormalisedIdentifier) {
  auto cipher = MakeCipher();
  absl::StatusOr<std::string> sealed = cipher->Encrypt("ab123456");
  ASSERT_THAT(sealed, IsOk());
  // Key id header (4 + 8), 24-byte nonce, 16-byte tag, 8 bytes of
  // identifier.
  EXPECT_THAT(*sealed, SizeIs(12 + 24 + 16 + 8));
  EXPECT_THAT(*sealed, Not(HasSubstr("123456")));
  EXPECT_THAT(cipher->Decrypt(*sealed), IsOkAndHolds("AB123456"));
}

TEST(NationalIdCipherTest, EveryValueGetsItsOwnNonce) {
  auto cipher = MakeCipher();
  EXPECT_NE(*cipher->Encrypt("AB123456"), *cipher->Encrypt("AB123456"));
}

TEST(NationalIdCipherTest, TamperingIsDataLoss) {
  auto cipher = MakeCipher();
  const std::string sealed = *cipher->Encrypt("AB123456");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] ^= 0x01;
    EXPECT_THAT(cipher->Decrypt(tampered),
                StatusIs(absl::StatusCode::kDataLoss))
        << "byte " << i;
  }
  EXPECT_THAT(cipher->Decrypt(sealed.substr(0, sealed.size() - 1)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(cipher->Decrypt(sealed.substr(0, 10)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(cipher->Decrypt(""), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(NationalIdCipherTest, AnotherKeyCannotOpenIt) {
  const std::string sealed = *MakeCipher()->Encrypt("AB123456");
  auto other = MakeCipher(std::string(32, 'x'));
  EXPECT_THAT(other->Decrypt(sealed), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(NationalIdCipherTest, RefusesMalformedIdentifiers) {
  auto cipher = MakeCipher();
  EXPECT_THAT(
      cipher->Encrypt("not an id"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("national_id")));
  EXPECT_THAT(cipher->LookupDigest("123"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(NationalIdCipherTest, LookupDigestIsStableKeyedAndCaseBlind) {
  auto cipher = MakeCipher();
  absl::StatusOr<std::string> digest = cipher->LookupDigest("AB123456");
  ASSERT_THAT(digest, IsOk());
  EXPECT_THAT(*digest, SizeIs(64));
  EXPECT_THAT(cipher->LookupDigest("ab123456"), IsOkAndHolds(*digest));
  EXPECT_THAT(cipher->LookupDigest("AB123457"), IsOkAndHolds(Not(*digest)));
  auto other = MakeCipher(kEncryptionKey, std::string(32, 'm'));
  EXPECT_THAT(other->LookupDigest("AB123456"), IsOkAndHolds(Not(*digest)));
}

TEST(NationalIdCipherTest, RefusesBadKeys) {
  EXPECT_THAT(NationalIdCipher::Create(std::string(31, 'e'), kLookupKey),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(NationalIdCipher::Create(kEncryptionKey, kEncryptionKey),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

keys::KeyRing Ring(keys::KeyKind kind, const std::vector<std::string>& secrets) {
  std::vector<keys::Key> held;
  for (const std::string& secret : secrets) held.emplace_back(secret, "test");
  return *keys::KeyRing::Create(kind, std::move(held));
}

TEST(NationalIdCipherTest, RotatedKeysStillOpenAndFindOldValues) {
  const std::string old_lookup(32, 'l');
  const std::string new_lookup(32, 'n');
  auto before = MakeCipher(kEncryptionKey, old_lookup);
  const std::string sealed = *before->Encrypt("AB123456");
  const std::string old_digest = *before->LookupDigest("AB123456");

  auto after = NationalIdCipher::Create(
      Ring(keys::KeyKind::kNationalId, {kEncryptionKey, std::string(32, 'f')}),
      Ring(keys::KeyKind::kNationalIdLookup, {old_lookup, new_lookup}));
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT((*after)->Decrypt(sealed), IsOkAndHolds("AB123456"));
  EXPECT_FALSE((*after)->SealedWithCurrentKey(sealed));
  EXPECT_TRUE((*after)->SealedWithCurrentKey(*(*after)->Encrypt("AB123456")));
  // Written under the newest lookup key; searched under both, newest first.
  const std::string new_digest = *(*after)->LookupDigest("AB123456");
  EXPECT_NE(new_digest, old_digest);
  EXPECT_THAT((*after)->LookupDigests("ab123456"),
              IsOkAndHolds(::testing::ElementsAre(new_digest, old_digest)));
}

TEST(NationalIdCipherTest, ALookupKeyThatAlsoSealsIsRefused) {
  EXPECT_THAT(NationalIdCipher::Create(
                  Ring(keys::KeyKind::kNationalId, {kEncryptionKey}),
                  Ring(keys::KeyKind::kNationalIdLookup,
                       {kLookupKey, kEncryptionKey})),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace masar::identity
