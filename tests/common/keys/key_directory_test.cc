#include "common/keys/key_directory.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "common/crypto/random.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::keys {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

class KeyDirectoryTest : public ::testing::Test {
 protected:
  // Writes a fresh key as hex (or raw) with `mode`; returns its secret.
  std::string Add(const std::string& name, bool hex = true,
                  mode_t mode = 0400) {
    const std::string secret = crypto::RandomBytes(32);
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary)
        << (hex ? absl::BytesToHexString(secret) + "\n" : secret);
    ::chmod(path.c_str(), mode);
    return secret;
  }

  ::masar::testing::ScopedTempDir dir_{"masar-keys"};
};

TEST_F(KeyDirectoryTest, KeysOfAKindOrderByNameAndTheLastSeals) {
  const std::string old_totp = Add("totp.2026-01");
  const std::string new_totp = Add("totp.2026-06", /*hex=*/false);
  const std::string audit = Add("audit-checkpoint.2026-01");
  Add(".hidden-by-kubernetes");
  absl::StatusOr<KeySet> set = LoadKeyDirectory(dir_.path());
  ASSERT_THAT(set, IsOk());
  absl::StatusOr<const KeyRing*> totp = set->Get(KeyKind::kTotp);
  ASSERT_THAT(totp, IsOk());
  ASSERT_EQ((*totp)->keys().size(), 2u);
  EXPECT_EQ((*totp)->current().secret, new_totp);
  EXPECT_EQ((*totp)->current().id, KeyIdOf(new_totp));
  EXPECT_NE((*totp)->Find(KeyIdOf(old_totp)), nullptr);
  EXPECT_TRUE(set->Has(KeyKind::kAuditCheckpoint));
  EXPECT_FALSE(set->Has(KeyKind::kNationalId));
  EXPECT_THAT(set->Get(KeyKind::kNationalId),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("--keys-dir")));
}

TEST_F(KeyDirectoryTest, AStagedKeyOpensButDoesNotSeal) {
  const std::string current = Add("totp.2026-01");
  const std::string staged = Add("totp.2026-06.next");
  absl::StatusOr<KeySet> set = LoadKeyDirectory(dir_.path());
  ASSERT_THAT(set, IsOk());
  const KeyRing* ring = *set->Get(KeyKind::kTotp);
  EXPECT_EQ(ring->current().secret, current);
  EXPECT_NE(ring->Find(KeyIdOf(staged)), nullptr);
}

TEST_F(KeyDirectoryTest, BadFilesAreRefusedByNameNeverByContent) {
  Add("topt.2026-01");
  EXPECT_THAT(LoadKeyDirectory(dir_.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("topt.2026-01")));
  std::filesystem::remove(dir_.File("topt.2026-01"));

  const std::string secret = Add("totp.2026-01", true, 0644);
  absl::StatusOr<KeySet> readable = LoadKeyDirectory(dir_.path());
  EXPECT_THAT(readable, StatusIs(absl::StatusCode::kFailedPrecondition,
                                 HasSubstr("totp.2026-01")));
  EXPECT_THAT(readable.status().message(),
              Not(HasSubstr(absl::BytesToHexString(secret))));
  ::chmod(dir_.File("totp.2026-01").c_str(), 0600);
  EXPECT_THAT(LoadKeyDirectory(dir_.path()), IsOk());

  std::ofstream(dir_.File("national-id.short")) << "abc";
  ::chmod(dir_.File("national-id.short").c_str(), 0400);
  EXPECT_THAT(LoadKeyDirectory(dir_.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("national-id.short")));
}

TEST_F(KeyDirectoryTest, TheSameKeyTwiceIsRefused) {
  const std::string secret = Add("totp.a");
  std::ofstream(dir_.File("totp.b"), std::ios::binary) << secret;
  ::chmod(dir_.File("totp.b").c_str(), 0400);
  EXPECT_THAT(LoadKeyDirectory(dir_.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("repeats")));
}

TEST_F(KeyDirectoryTest, DataDirKeysAreCreatedOnceAndCopyIntoAKeyDirectory) {
  absl::StatusOr<KeySet> first =
      DataDirKeys(dir_.path(), {KeyKind::kTotp, KeyKind::kAuditCheckpoint});
  ASSERT_THAT(first, IsOk());
  const std::string path = DataDirKeyPath(dir_.path(), KeyKind::kTotp);
  EXPECT_EQ(path, dir_.path() + "/keys/totp.key");
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  absl::StatusOr<KeySet> again = DataDirKeys(dir_.path(), {KeyKind::kTotp});
  ASSERT_THAT(again, IsOk());
  const std::string id = (*first->Get(KeyKind::kTotp))->current().id;
  EXPECT_EQ((*again->Get(KeyKind::kTotp))->current().id, id);

  // `totp.key` is a valid key-directory name: the copied key keeps its id.
  ::masar::testing::ScopedTempDir keys_dir("masar-keys-copy");
  std::filesystem::copy_file(path, keys_dir.File("totp.key"));
  absl::StatusOr<KeySet> copied = LoadKeyDirectory(keys_dir.path());
  ASSERT_THAT(copied, IsOk());
  EXPECT_EQ((*copied->Get(KeyKind::kTotp))->current().id, id);
}

TEST(KeyIdTest, DerivedFromTheKeyNotRevealingIt) {
  const std::string secret = crypto::RandomBytes(32);
  EXPECT_EQ(Fingerprint(secret).size(), 64u);
  EXPECT_EQ(KeyIdOf(secret), Fingerprint(secret).substr(0, 16));
  EXPECT_NE(Fingerprint(secret), Fingerprint(crypto::RandomBytes(32)));
  EXPECT_THAT(Fingerprint(secret),
              Not(HasSubstr(absl::BytesToHexString(secret).substr(0, 8))));
}

}  // namespace
}  // namespace masar::keys
