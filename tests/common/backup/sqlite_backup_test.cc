#include "common/backup/sqlite_backup.h"

#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::backup {
namespace {

sqlite3* Open(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  return db;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
}

int64_t Count(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr),
            SQLITE_OK);
  EXPECT_EQ(sqlite3_step(statement), SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  return n;
}

// Rows 1..n are committed before the backup starts and a writer keeps
// committing during it: the copy holds rows 1..m with no gap, n <= m, each
// whole (the check row agrees with the rows), and is a sound database.
TEST(SqliteBackupTest, CopiesAConsistentSnapshotWhileAWriterCommits) {
  testing::ScopedTempDir dir("masar-sqlite-backup");
  const std::string source = dir.File("store.sqlite");
  sqlite3* writer = Open(source);
  Exec(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
               "CREATE TABLE item (id INTEGER PRIMARY KEY, payload BLOB);"
               "CREATE TABLE total (n INTEGER); INSERT INTO total VALUES (0);");
  auto insert = [writer](int64_t id) {
    Exec(writer, absl::StrCat("BEGIN; INSERT INTO item VALUES (", id,
                              ", randomblob(2000)); UPDATE total SET n = n + 1;"
                              " COMMIT;"));
  };
  constexpr int64_t kBefore = 3000;
  for (int64_t id = 1; id <= kBefore; ++id) insert(id);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> written{kBefore};
  std::thread load([&] {
    for (int64_t id = kBefore + 1; !stop; ++id) {
      insert(id);
      written = id;
    }
  });
  // Let the writer get going, so the copy runs while it commits.
  while (written < kBefore + 50) std::this_thread::yield();
  const std::string copy = dir.File("copy.sqlite");
  absl::Status status = BackupSqliteDatabase(source, copy);
  const int64_t during = written;
  stop = true;
  load.join();
  sqlite3_close(writer);
  ASSERT_TRUE(status.ok()) << status;

  sqlite3* restored = Open(copy);
  const int64_t rows = Count(restored, "SELECT COUNT(*) FROM item");
  EXPECT_GE(rows, kBefore);
  EXPECT_LE(rows, during + 1);
  EXPECT_EQ(Count(restored, "SELECT MAX(id) FROM item"), rows) << "no gap";
  EXPECT_EQ(Count(restored, "SELECT n FROM total"), rows) << "whole transactions";
  EXPECT_EQ(Count(restored, "SELECT COUNT(*) FROM pragma_quick_check "
                            "WHERE quick_check <> 'ok'"), 0);
  sqlite3_close(restored);
}

TEST(SqliteBackupTest, RefusesAMissingSourceOrAnExistingTarget) {
  testing::ScopedTempDir dir("masar-sqlite-backup");
  EXPECT_EQ(BackupSqliteDatabase(dir.File("absent.sqlite"), dir.File("copy"))
                .code(),
            absl::StatusCode::kNotFound);
  sqlite3* db = Open(dir.File("store.sqlite"));
  Exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  sqlite3_close(db);
  dir.Write("taken", "something");
  EXPECT_FALSE(BackupSqliteDatabase(dir.File("store.sqlite"), dir.File("taken"))
                   .ok());
  std::ifstream taken(dir.File("taken"));
  std::string contents((std::istreambuf_iterator<char>(taken)),
                       std::istreambuf_iterator<char>());
  EXPECT_EQ(contents, "something") << "an existing file is left alone";
}

}  // namespace
}  // namespace masar::backup
