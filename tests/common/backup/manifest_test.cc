#include "common/backup/manifest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/backup/file_digest.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::backup {
namespace {

using ::testing::HasSubstr;

// A backup directory of two files and their manifest.
class BackupDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::mkdir(dir_.File("stores").c_str(), 0700);
    Add("stores/identity.sqlite", std::string(3000, 'x'));
    Add("data-dir-keys/totp.key", "0123456789abcdef0123456789abcdef");
    manifest_.created_at = absl::FromUnixSeconds(1800000000);
    manifest_.masar_version = "0.1.0";
    manifest_.store = "sqlite";
    manifest_.services.push_back(
        {"identity", "stores/identity.sqlite", {{"audit", 2}, {"identity", 9}}});
    dir_.Write(kManifestName, manifest_.ToJson());
  }

  void Add(const std::string& path, const std::string& contents) {
    ::mkdir(dir_.File(path.substr(0, path.find('/'))).c_str(), 0700);
    const std::string file = dir_.Write(path, contents);
    FileDigest digest = *DigestFile(file);
    manifest_.files.push_back({path, digest.size, digest.sha256});
  }

  std::string Verify() {
    absl::StatusOr<Manifest> read = ReadVerifiedManifest(dir_.path());
    return read.ok() ? "" : std::string(read.status().message());
  }

  testing::ScopedTempDir dir_{"masar-backup"};
  Manifest manifest_;
};

TEST_F(BackupDirTest, ARoundTripKeepsEveryField) {
  absl::StatusOr<Manifest> read = ReadVerifiedManifest(dir_.path());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->created_at, manifest_.created_at);
  EXPECT_EQ(read->masar_version, "0.1.0");
  EXPECT_EQ(read->store, "sqlite");
  EXPECT_FALSE(read->keys_dir);
  ASSERT_EQ(read->services.size(), 1u);
  EXPECT_EQ(read->services[0].schema_versions.at("identity"), 9);
  ASSERT_EQ(read->files.size(), 2u);
  EXPECT_EQ(read->files[0].size, 3000);
  EXPECT_EQ(read->files[0].sha256, manifest_.files[0].sha256);
}

TEST_F(BackupDirTest, OneFlippedByteIsNamed) {
  std::fstream file(dir_.File("stores/identity.sqlite"),
                    std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(1500);
  file.put('y');
  file.close();
  EXPECT_THAT(Verify(), HasSubstr("damaged: stores/identity.sqlite has SHA-256"));
}

TEST_F(BackupDirTest, ATruncatedFileIsNamed) {
  ASSERT_EQ(::truncate(dir_.File("stores/identity.sqlite").c_str(), 100), 0);
  EXPECT_THAT(Verify(),
              HasSubstr("stores/identity.sqlite has 100 bytes, the manifest "
                        "says 3000"));
}

TEST_F(BackupDirTest, AMissingFileIsNamed) {
  ASSERT_EQ(::unlink(dir_.File("data-dir-keys/totp.key").c_str()), 0);
  EXPECT_THAT(Verify(), HasSubstr("incomplete: data-dir-keys/totp.key"));
}

TEST_F(BackupDirTest, NoManifestMeansAnIncompleteBackup) {
  ASSERT_EQ(::unlink(dir_.File(kManifestName).c_str()), 0);
  EXPECT_THAT(Verify(), HasSubstr("no manifest.json"));
  EXPECT_THAT(Verify(), HasSubstr("interrupted"));
}

TEST_F(BackupDirTest, ACutManifestIsRefused) {
  const std::string json = manifest_.ToJson();
  dir_.Write(kManifestName, json.substr(0, json.size() / 2));
  EXPECT_THAT(Verify(), HasSubstr("malformed"));
}

TEST(ManifestTest, UnsafePathsAreRefused) {
  for (const char* path : {"/etc/passwd", "../x", "stores/../../x", "a//b", ""}) {
    Manifest manifest;
    manifest.store = "sqlite";
    manifest.files.push_back({path, 1, std::string(64, 'a')});
    manifest.services.push_back({"identity", path, {}});
    absl::StatusOr<Manifest> parsed = Manifest::Parse(manifest.ToJson());
    EXPECT_FALSE(parsed.ok()) << path;
  }
}

TEST(ManifestTest, AStoreFileMissingFromTheListIsRefused) {
  Manifest manifest;
  manifest.store = "postgresql";
  manifest.services.push_back({"identity", "stores/identity.pgdump", {}});
  absl::StatusOr<Manifest> parsed = Manifest::Parse(manifest.ToJson());
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()),
              HasSubstr("stores/identity.pgdump"));
}

TEST(ManifestTest, ANewerFormatIsRefused) {
  Manifest manifest;
  manifest.format = kManifestFormat + 1;
  manifest.store = "sqlite";
  absl::StatusOr<Manifest> parsed = Manifest::Parse(manifest.ToJson());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(FileDigestTest, MatchesAKnownDigest) {
  testing::ScopedTempDir dir("masar-digest");
  absl::StatusOr<FileDigest> digest = DigestFile(dir.Write("abc", "abc"));
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->size, 3);
  EXPECT_EQ(digest->sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(DigestFile(dir.File("absent")).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace masar::backup
