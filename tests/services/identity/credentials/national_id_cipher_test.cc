#include "services/identity/credentials/national_id_cipher.h"

#include <sys/stat.h>

#include <memory>
#include <string>

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
  // 24-byte nonce, 16-byte tag, 8 bytes of identifier.
  EXPECT_THAT(*sealed, SizeIs(24 + 16 + 8));
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

TEST(NationalIdCipherTest, KeysComeFromPrivateFilesCreatedOnFirstUse) {
  ::masar::testing::ScopedTempDir dir("masar-national-id-keys");
  const std::string enc = dir.File("national_id.key");
  const std::string lookup = dir.File("national_id_lookup.key");

  auto first = NationalIdCipher::FromKeyFiles(enc, lookup);
  ASSERT_THAT(first, IsOk());
  const std::string sealed = *(*first)->Encrypt("AB123456");
  struct stat info;
  ASSERT_EQ(::stat(enc.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  auto again = NationalIdCipher::FromKeyFiles(enc, lookup);
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT((*again)->Decrypt(sealed), IsOkAndHolds("AB123456"));
  EXPECT_EQ(*(*again)->LookupDigest("AB123456"),
            *(*first)->LookupDigest("AB123456"));
}

}  // namespace
}  // namespace masar::identity
