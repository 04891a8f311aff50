#ifndef MASAR_COMMON_SQL_SQLITE_DATABASE_H_
#define MASAR_COMMON_SQL_SQLITE_DATABASE_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/sql/connection_pool.h"
#include "common/sql/database.h"
#include "common/sql/transaction_retry.h"
#include "common/sql/sqlite_connection.h"

namespace masar::sql {

// One SQLite file. Writes go through a single writer connection that one
// thread holds at a time (SQLite admits one writer per file anyway; queueing
// on our own lock rather than on the file lock avoids SQLITE_BUSY storms and
// the busy handler's sleeps between our own threads) and every write
// transaction starts with BEGIN IMMEDIATE, so that a writer in another
// process (a second replica, `masar migrate`) is waited for at the start
// instead of failing at its first write. Reads run concurrently on up to
// pool_size reader connections, each a consistent WAL snapshot.
class SqliteDatabase final : public Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const DatabaseOptions& options);

  Dialect dialect() const override { return Dialect::kSqlite; }

  using Executor::Execute;
  absl::StatusOr<Result> Execute(absl::string_view sql,
                                 absl::Span<const Value> params) override;

  using Database::InTransaction;
  absl::Status InTransaction(
      const TransactionOptions& options,
      absl::FunctionRef<absl::Status(Transaction&)> body) override;

 private:
  using Pool = ConnectionPool<SqliteConnection>;

  explicit SqliteDatabase(const DatabaseOptions& options);

  absl::Status RunOnce(const TransactionOptions& options,
                       absl::FunctionRef<absl::Status(Transaction&)> body,
                       CommitEffects& effects);
  absl::Time WaitUntil(absl::Time deadline) const;

  const absl::Duration busy_timeout_;
  Pool writer_;
  Pool readers_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_SQLITE_DATABASE_H_
