#include "common/sql/sqlite_database.h"

#include <algorithm>
#include <utility>

#include "common/sql/guarded_transaction.h"
#include "common/sql/transaction_retry.h"
#include "common/status/status_macros.h"

namespace masar::sql {

SqliteDatabase::SqliteDatabase(const DatabaseOptions& options)
    : busy_timeout_(options.busy_timeout),
      // Our own writer queue is the file's write lock seen from inside the
      // process: timing out on it is a lock timeout, hence ABORTED.
      writer_(1, absl::StatusCode::kAborted,
              [path = options.sqlite_path, timeout = options.busy_timeout] {
                return SqliteConnection::Open(
                    path, SqliteConnection::Role::kWriter, timeout);
              }),
      readers_(options.pool_size, absl::StatusCode::kUnavailable,
               [path = options.sqlite_path, timeout = options.busy_timeout] {
                 return SqliteConnection::Open(
                     path, SqliteConnection::Role::kReader, timeout);
               }) {}

absl::StatusOr<std::unique_ptr<Database>> SqliteDatabase::Open(
    const DatabaseOptions& options) {
  // The writer opens first: it creates the file and switches it to WAL,
  // which readers then find.
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> writer,
                   SqliteConnection::Open(options.sqlite_path,
                                          SqliteConnection::Role::kWriter,
                                          options.busy_timeout));
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(options));
  db->writer_.Add(std::move(writer));
  return db;
}

absl::Time SqliteDatabase::WaitUntil(absl::Time deadline) const {
  return std::min(absl::Now() + busy_timeout_, deadline);
}

absl::StatusOr<Result> SqliteDatabase::Execute(absl::string_view sql,
                                               absl::Span<const Value> params) {
  const absl::Time no_deadline = absl::InfiniteFuture();
  {
    ASSIGN_OR_RETURN(Pool::Lease reader,
                     readers_.Acquire(WaitUntil(no_deadline), no_deadline));
    ASSIGN_OR_RETURN(bool read_only, reader->IsReadOnly(sql));
    if (read_only) return reader->Execute(sql, params, no_deadline);
  }
  ASSIGN_OR_RETURN(Pool::Lease writer,
                   writer_.Acquire(WaitUntil(no_deadline), no_deadline));
  return writer->Execute(sql, params, no_deadline);
}

absl::Status SqliteDatabase::InTransaction(
    const TransactionOptions& options,
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  return RunTransaction(options, [&](CommitEffects& effects) {
    return RunOnce(options, body, effects);
  });
}

absl::Status SqliteDatabase::RunOnce(
    const TransactionOptions& options,
    absl::FunctionRef<absl::Status(Transaction&)> body,
    CommitEffects& effects) {
  const bool writes = !options.read_only || options.exclusive;
  Pool& pool = writes ? writer_ : readers_;
  ASSIGN_OR_RETURN(Pool::Lease connection,
                   pool.Acquire(WaitUntil(options.deadline), options.deadline));
  // BEGIN IMMEDIATE takes the file's write lock now, waiting for another
  // process's writer in the busy handler; a deferred BEGIN would fail with
  // SQLITE_BUSY at the first write instead, after the body did work.
  RETURN_IF_ERROR(
      connection
          ->Execute(writes ? "BEGIN IMMEDIATE" : "BEGIN", {}, options.deadline)
          .status());
  auto run = [&](absl::string_view sql, absl::Span<const Value> params) {
    return connection->Execute(sql, params, options.deadline);
  };
  GuardedTransaction tx(options.deadline, run);
  absl::Status status = tx.Outcome(body(tx));
  if (status.ok()) {
    status = connection->Execute("COMMIT", {}, absl::InfiniteFuture()).status();
    if (status.ok()) {
      effects = tx.TakeAfterCommit();
      return status;
    }
  }
  // ROLLBACK may find no transaction (SQLite ends some on error by itself);
  // the body's status is what matters.
  connection->Execute("ROLLBACK", {}, absl::InfiniteFuture()).IgnoreError();
  return status;
}

}  // namespace masar::sql
