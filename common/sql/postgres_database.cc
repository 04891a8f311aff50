#include "common/sql/postgres_database.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql/guarded_transaction.h"
#include "common/sql/transaction_retry.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace masar::sql {
namespace {

// The advisory lock of exclusive transactions: one per schema, so services
// sharing a server do not wait for each other.
constexpr char kLockExclusive[] =
    "SELECT pg_advisory_lock(hashtextextended("
    "'masar.exclusive.' || current_schema(), 0))";
constexpr char kUnlockExclusive[] = "SELECT pg_advisory_unlock_all()";

// Schema names go into SQL unescaped (quoted), so only plain identifiers.
bool IsPlainIdentifier(absl::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!absl::ascii_islower(name[0]) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
  });
}

std::string BeginSql(const TransactionOptions& options) {
  std::string sql = "BEGIN ISOLATION LEVEL SERIALIZABLE";
  if (options.read_only && !options.exclusive) sql += " READ ONLY";
  // The server stops a statement at the deadline by itself too, in case
  // this process is gone and cannot cancel it.
  if (options.deadline != absl::InfiniteFuture()) {
    const int64_t ms = std::max<int64_t>(
        1, absl::ToInt64Milliseconds(options.deadline - absl::Now()) + 1);
    absl::StrAppend(&sql, "; SET LOCAL statement_timeout = ", ms);
  }
  return sql;
}

absl::Status CreateSchema(PostgresConnection& connection,
                          absl::string_view schema) {
  const std::string sql =
      absl::StrCat("CREATE SCHEMA IF NOT EXISTS \"", schema, "\"");
  absl::Status status =
      connection.Execute(sql, {}, absl::InfiniteFuture()).status();
  // Two replicas starting together may both try: IF NOT EXISTS is not
  // atomic, the loser sees a unique violation on the catalog.
  if (absl::IsAlreadyExists(status)) {
    status = connection.Execute(sql, {}, absl::InfiniteFuture()).status();
  }
  return status;
}

}  // namespace

PostgresDatabase::PostgresDatabase(const DatabaseOptions& options,
                                   const PostgresSettings& settings)
    : busy_timeout_(options.busy_timeout),
      pool_(options.pool_size, absl::StatusCode::kUnavailable,
            [settings] { return PostgresConnection::Connect(settings); }) {}

absl::StatusOr<std::unique_ptr<Database>> PostgresDatabase::Open(
    const DatabaseOptions& options) {
  if (!options.schema.empty() && !IsPlainIdentifier(options.schema)) {
    return InvalidArgumentError(
        "schema", "must be lower-case letters, digits and underscores");
  }
  PostgresSettings settings{options.postgres_url, options.schema,
                            options.busy_timeout};
  ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> first,
                   PostgresConnection::Connect(settings));
  if (!options.schema.empty()) {
    RETURN_IF_ERROR(CreateSchema(*first, options.schema));
  }
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(options, settings));
  db->pool_.Add(std::move(first));
  return db;
}

absl::StatusOr<PostgresDatabase::Pool::Lease> PostgresDatabase::Acquire(
    absl::Time deadline) {
  ASSIGN_OR_RETURN(
      Pool::Lease lease,
      pool_.Acquire(std::min(absl::Now() + busy_timeout_, deadline), deadline));
  RETURN_IF_ERROR(lease->EnsureUsable());
  return lease;
}

absl::StatusOr<Result> PostgresDatabase::Execute(
    absl::string_view sql, absl::Span<const Value> params) {
  ASSIGN_OR_RETURN(Pool::Lease connection, Acquire(absl::InfiniteFuture()));
  return connection->Execute(sql, params, absl::InfiniteFuture());
}

absl::Status PostgresDatabase::InTransaction(
    const TransactionOptions& options,
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  return RunTransaction(options, [&](CommitEffects& effects) {
    return RunOnce(options, body, effects);
  });
}

absl::Status PostgresDatabase::RunOnce(
    const TransactionOptions& options,
    absl::FunctionRef<absl::Status(Transaction&)> body,
    CommitEffects& effects) {
  ASSIGN_OR_RETURN(Pool::Lease connection, Acquire(options.deadline));
  if (!options.exclusive) {
    return RunLocked(*connection, options, body, effects);
  }
  // A session lock, taken before BEGIN so that the transaction's snapshot
  // includes whatever the previous holder committed.
  RETURN_IF_ERROR(
      connection->Execute(kLockExclusive, {}, options.deadline).status());
  absl::Status status = RunLocked(*connection, options, body, effects);
  if (!connection->broken()) {
    connection->Execute(kUnlockExclusive, {}, absl::InfiniteFuture())
        .IgnoreError();
  }
  return status;
}

absl::Status PostgresDatabase::RunLocked(
    PostgresConnection& connection, const TransactionOptions& options,
    absl::FunctionRef<absl::Status(Transaction&)> body,
    CommitEffects& effects) {
  RETURN_IF_ERROR(
      connection.Execute(BeginSql(options), {}, options.deadline).status());
  auto run = [&](absl::string_view sql, absl::Span<const Value> params) {
    return connection.Execute(sql, params, options.deadline);
  };
  GuardedTransaction tx(options.deadline, run);
  absl::Status status = tx.Outcome(body(tx));
  if (status.ok()) {
    // A serializable transaction may still fail here (40001): ABORTED,
    // which the caller's retry loop handles. The server has then already
    // rolled back.
    RETURN_IF_ERROR(
        connection.Execute("COMMIT", {}, absl::InfiniteFuture()).status());
    effects = tx.TakeAfterCommit();
    return absl::OkStatus();
  }
  if (!connection.broken()) {
    connection.Execute("ROLLBACK", {}, absl::InfiniteFuture()).IgnoreError();
  }
  return status;
}

}  // namespace masar::sql
