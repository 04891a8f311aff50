#include "common/backup/sqlite_backup.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/backup/file_digest.h"

namespace masar::backup {
namespace {

// How long the backup waits for a lock (a checkpoint, or a writer in
// rollback-journal mode) before giving up.
constexpr int kBusyTimeoutMs = 30000;

class Connection {
 public:
  ~Connection() { sqlite3_close_v2(db_); }
  absl::Status Open(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      return Error(absl::StrCat("cannot open ", path));
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    return absl::OkStatus();
  }
  absl::Status Error(absl::string_view what) const {
    return absl::FailedPreconditionError(absl::StrCat(
        what, ": ", db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory"));
  }
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

absl::Status Copy(const std::string& source, const std::string& dest) {
  Connection from;
  absl::Status status = from.Open(source, SQLITE_OPEN_READWRITE);
  if (!status.ok()) return status;
  Connection to;
  status = to.Open(dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!status.ok()) return status;
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(),
                                               "main");
  if (backup == nullptr) return to.Error("cannot start the backup");
  int rc;
  do {
    // -1: every page in one step, one read transaction on the source.
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "backup of ", source, " failed: ", sqlite3_errstr(rc)));
  }
  if (sqlite3_errcode(to.get()) != SQLITE_OK) {
    return to.Error(absl::StrCat("backup of ", source, " failed"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BackupSqliteDatabase(const std::string& source,
                                  const std::string& dest) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(source, error)) {
    return absl::NotFoundError(
        absl::StrCat("no SQLite store at ", source));
  }
  if (std::filesystem::exists(dest, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot back up into ", dest, ": it exists"));
  }
  absl::Status status = Copy(source, dest);
  if (status.ok()) status = SyncPath(dest);
  if (!status.ok()) {
    ::unlink(dest.c_str());
    ::unlink(absl::StrCat(dest, "-journal").c_str());
  }
  return status;
}

}  // namespace masar::backup
