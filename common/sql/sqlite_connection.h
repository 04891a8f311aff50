#ifndef MASAR_COMMON_SQL_SQLITE_CONNECTION_H_
#define MASAR_COMMON_SQL_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/sql/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace masar::sql {

// One SQLite connection with its cache of prepared statements. Not
// thread-safe: SqliteDatabase hands it to one thread at a time.
class SqliteConnection {
 public:
  enum class Role { kWriter, kReader };

  // Opens `path` with WAL, synchronous=FULL and foreign keys; a reader
  // refuses writes (query_only) so that a mis-routed write fails loudly.
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path, Role role, absl::Duration busy_timeout);

  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one statement, or a script when `params` is empty. Statements past
  // `deadline` are interrupted with DEADLINE_EXCEEDED.
  absl::StatusOr<Result> Execute(absl::string_view sql,
                                 absl::Span<const Value> params,
                                 absl::Time deadline);

  // Whether `sql` is a single statement that writes nothing, so that it may
  // run on a reader.
  absl::StatusOr<bool> IsReadOnly(absl::string_view sql);

 private:
  SqliteConnection(sqlite3* db, absl::Duration busy_timeout)
      : db_(db), busy_timeout_(busy_timeout) {}

  absl::Status Configure(Role role);
  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql);
  absl::StatusOr<Result> RunScript(absl::string_view sql);
  absl::StatusOr<Result> Step(sqlite3_stmt* stmt);
  absl::Status Bind(sqlite3_stmt* stmt, absl::Span<const Value> params);
  absl::Status Error(int code) const;
  bool PastDeadline() const;

  static int OnProgress(void* self);
  static int OnBusy(void* self, int count);

  sqlite3* db_;
  const absl::Duration busy_timeout_;
  absl::Time deadline_ = absl::InfiniteFuture();
  absl::Time busy_since_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_SQLITE_CONNECTION_H_
