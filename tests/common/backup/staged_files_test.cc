#include "common/backup/staged_files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/backup/file_digest.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::backup {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

class StagedFilesTest : public ::testing::Test {
 protected:
  // Stages `contents` (written as a source file) over `target`.
  absl::Status Stage(StagedFiles& staged, const std::string& contents,
                     const std::string& target) {
    const std::string source = dir_.Write("source-" + target, contents);
    return staged.Stage(source, DigestFile(source)->sha256, dir_.File(target));
  }

  testing::ScopedTempDir dir_{"masar-staged"};
};

TEST_F(StagedFilesTest, CommitReplacesEveryTargetAndRemovesJournals) {
  dir_.Write("store", "old store");
  dir_.Write("store-wal", "old journal");
  StagedFiles staged(dir_.File("aside"));
  ASSERT_TRUE(Stage(staged, "new store", "store").ok());
  ASSERT_TRUE(Stage(staged, "new key", "key").ok());
  staged.Remove(dir_.File("store-wal"));
  EXPECT_EQ(Read(dir_.File("store")), "old store") << "nothing before Commit";
  ASSERT_TRUE(staged.Commit().ok());
  EXPECT_EQ(Read(dir_.File("store")), "new store");
  EXPECT_EQ(Read(dir_.File("key")), "new key");
  EXPECT_FALSE(std::filesystem::exists(dir_.File("store-wal")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("aside")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("store.restoring")));
}

TEST_F(StagedFilesTest, RemovingWhatDoesNotExistIsFine) {
  StagedFiles staged(dir_.File("aside"));
  ASSERT_TRUE(Stage(staged, "new store", "store").ok());
  staged.Remove(dir_.File("absent-dir/checkpoints.jsonl"));
  staged.Remove(dir_.File("store-wal"));
  absl::Status status = staged.Commit();
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(Read(dir_.File("store")), "new store");
}

TEST_F(StagedFilesTest, AFailedRenamePutsEveryTargetBack) {
  dir_.Write("a", "old a");
  dir_.Write("a-wal", "old a journal");
  dir_.Write("b", "old b");
  StagedFiles staged(dir_.File("aside"));
  ASSERT_TRUE(Stage(staged, "new a", "a").ok());
  staged.Remove(dir_.File("a-wal"));
  ASSERT_TRUE(Stage(staged, "new b", "b").ok());
  // b's staged copy vanishes: its rename fails after a's succeeded.
  ASSERT_EQ(::unlink(dir_.File("b.restoring").c_str()), 0);
  EXPECT_FALSE(staged.Commit().ok());
  EXPECT_EQ(Read(dir_.File("a")), "old a");
  EXPECT_EQ(Read(dir_.File("a-wal")), "old a journal");
  EXPECT_EQ(Read(dir_.File("b")), "old b");
  EXPECT_FALSE(std::filesystem::exists(dir_.File("aside")));
}

TEST_F(StagedFilesTest, ACopyThatDiffersIsRefusedAndNothingIsLeft) {
  {
    StagedFiles staged(dir_.File("aside"));
    const std::string source = dir_.Write("source", "bytes");
    EXPECT_FALSE(
        staged.Stage(source, std::string(64, '0'), dir_.File("target")).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.File("target")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("target.restoring")));
}

}  // namespace
}  // namespace masar::backup
