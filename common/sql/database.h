#ifndef MASAR_COMMON_SQL_DATABASE_H_
#define MASAR_COMMON_SQL_DATABASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

// The one SQL interface every store is written against, with two drivers:
// SQLite (embedded default) and PostgreSQL (production). Repository SQL is
// written once, in the subset both accept, with `?` placeholders (the
// PostgreSQL driver rewrites them to $1..$n). Instants are stored as int64
// Unix microseconds, booleans as int64 0/1, bytes as BLOB/BYTEA.
namespace masar::sql {

enum class Dialect { kSqlite, kPostgres };

// Bytes, as opposed to text (BLOB in SQLite, BYTEA in PostgreSQL).
struct Blob {
  std::string bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

// A bound parameter or a column value: NULL, integer, real, text or bytes.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

// One row of a result, read by column index. Reading a column with the wrong
// type, NULL, or out of range is a programming error the typed getters
// answer with INTERNAL. Double() also reads an integer (SQLite gives
// integers for integral expressions such as a literal or SUM).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  int size() const { return static_cast<int>(values_.size()); }
  bool IsNull(int column) const;
  absl::StatusOr<int64_t> Int(int column) const;
  absl::StatusOr<double> Double(int column) const;
  absl::StatusOr<std::string> Text(int column) const;
  absl::StatusOr<std::string> Bytes(int column) const;
  const Value& value(int column) const { return values_.at(column); }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<Row> rows;
  // Rows inserted, updated or deleted by the statement.
  int64_t affected_rows = 0;
};

// Runs statements: a transaction, or the database outside one.
//
// `sql` is one statement with `?` placeholders. Without parameters it may
// also be a script of several statements separated by `;` (as migrations
// are); the result is then the last statement's.
//
// Errors: ALREADY_EXISTS for a unique-key violation, FAILED_PRECONDITION
// for another constraint (foreign key, check, not null) or a write in a
// read-only transaction, ABORTED for a serialization failure, deadlock or
// lock timeout (retry the transaction), UNAVAILABLE when the server cannot
// be reached or every pooled connection stayed busy for `busy_timeout`,
// DEADLINE_EXCEEDED past the deadline, INVALID_ARGUMENT when the number of
// values differs from the number of placeholders, INTERNAL for anything else
// (such as a syntax error). Messages name the constraint, never the bound
// values.
//
// Inside a transaction, the first failing statement ends it on both drivers
// (PostgreSQL cannot go on after an error): later statements fail and the
// transaction rolls back even if the body returns OK. Write
// `INSERT ... ON CONFLICT DO NOTHING` rather than catching ALREADY_EXISTS.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual absl::StatusOr<Result> Execute(absl::string_view sql,
                                         absl::Span<const Value> params) = 0;
  absl::StatusOr<Result> Execute(absl::string_view sql) {
    return Execute(sql, {});
  }
};

class Transaction : public Executor {
 public:
  // Runs `effect` once this transaction has committed, before InTransaction
  // returns, on the committing thread; never if it rolls back (an attempt
  // that is retried drops the effects it registered). For work that must
  // follow the commit and precede the acknowledgement, such as deleting a
  // cache key the transaction changed.
  virtual void AfterCommit(absl::AnyInvocable<void() &&> effect) = 0;
};

struct TransactionOptions {
  // Work past it fails with DEADLINE_EXCEEDED and is rolled back.
  absl::Time deadline = absl::InfiniteFuture();
  // A read-only transaction may run on any pooled connection concurrently.
  bool read_only = false;
  // Times the whole body is run when the store answers ABORTED. Every
  // change of a service appends to its one audit chain, so concurrent
  // writers of a service conflict on PostgreSQL: with 3 attempts, 8 writers
  // creating agreements saw 9% of calls answered ABORTED; the jittered
  // backoff (up to 32 ms) between 8 attempts lets them take turns.
  int max_attempts = 8;
  // Runs alone: no other exclusive transaction on this database, in any
  // process, runs at the same time, and it sees everything they committed
  // (migrations rely on it). PostgreSQL: a session advisory lock keyed by
  // the schema, taken before BEGIN; SQLite: write transactions already are.
  bool exclusive = false;
};

// A service's database: a connection pool over one SQLite file or one
// PostgreSQL schema. Thread-safe.
class Database : public Executor {
 public:
  virtual Dialect dialect() const = 0;

  // Runs `body` in one transaction (serializable on both drivers) and
  // commits when it returns OK; rolls back and returns its status otherwise.
  // `body` may run more than once (see max_attempts): it must not have
  // effects outside the transaction.
  virtual absl::Status InTransaction(
      const TransactionOptions& options,
      absl::FunctionRef<absl::Status(Transaction&)> body) = 0;
  absl::Status InTransaction(
      absl::FunctionRef<absl::Status(Transaction&)> body) {
    return InTransaction(TransactionOptions{}, body);
  }
};

struct DatabaseOptions {
  // Empty: SQLite at `sqlite_path`. Otherwise a PostgreSQL URL.
  std::string postgres_url;
  // SQLite file (WAL, synchronous=FULL, busy timeout); not ":memory:",
  // which would give each pooled connection a database of its own.
  std::string sqlite_path;
  // PostgreSQL schema of the service (created if missing); one per service.
  std::string schema;
  // PostgreSQL: sessions; SQLite: reader connections beside the one writer.
  int pool_size = 8;
  // How long a statement waits for a lock or a pooled connection.
  absl::Duration busy_timeout = absl::Seconds(5);
};

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    const DatabaseOptions& options);

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_DATABASE_H_
