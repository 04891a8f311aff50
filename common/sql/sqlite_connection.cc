#include "common/sql/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status/status_macros.h"

namespace masar::sql {
namespace {

// Statements kept prepared per connection; past this (a caller building SQL
// dynamically) the cache starts over rather than growing without bound.
constexpr size_t kMaxCachedStatements = 256;
// The progress handler runs every this many virtual-machine steps: often
// enough to stop a runaway query within a millisecond or so, rarely enough
// to cost nothing measurable.
constexpr int kProgressSteps = 1000;

absl::StatusCode CodeFor(int extended) {
  switch (extended & 0xff) {
    case SQLITE_CONSTRAINT:
      return extended == SQLITE_CONSTRAINT_UNIQUE ||
                     extended == SQLITE_CONSTRAINT_PRIMARYKEY
                 ? absl::StatusCode::kAlreadyExists
                 : absl::StatusCode::kFailedPrecondition;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::StatusCode::kAborted;
    case SQLITE_INTERRUPT:
      return absl::StatusCode::kDeadlineExceeded;
    case SQLITE_READONLY:
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_FULL:
      return absl::StatusCode::kResourceExhausted;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

Value ColumnValue(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      return int64_t{sqlite3_column_int64(stmt, column)};
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, column);
    case SQLITE_TEXT: {
      const auto* text =
          reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
      return std::string(text, sqlite3_column_bytes(stmt, column));
    }
    case SQLITE_BLOB: {
      const auto* data =
          static_cast<const char*>(sqlite3_column_blob(stmt, column));
      const int size = sqlite3_column_bytes(stmt, column);
      return Blob{data == nullptr ? std::string() : std::string(data, size)};
    }
    default:
      return std::monostate();
  }
}

bool IsBlank(const char* begin, const char* end) {
  return std::all_of(begin, end, [](char c) { return absl::ascii_isspace(c); });
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, Role role, absl::Duration busy_timeout) {
  sqlite3* db = nullptr;
  // NOMUTEX: the pool already gives a connection to one thread at a time.
  const int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status(
        absl::StatusCode::kUnavailable,
        absl::StrCat("sqlite: cannot open ", path, ": ", sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return status;
  }
  std::unique_ptr<SqliteConnection> connection(
      new SqliteConnection(db, busy_timeout));
  RETURN_IF_ERROR(connection->Configure(role));
  return connection;
}

absl::Status SqliteConnection::Configure(Role role) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, &SqliteConnection::OnBusy, this);
  sqlite3_progress_handler(db_, kProgressSteps, &SqliteConnection::OnProgress,
                           this);
  // WAL lets readers run beside the writer; FULL syncs the WAL on every
  // commit, so a committed transaction survives a power cut.
  const char* pragmas =
      role == Role::kWriter
          ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA foreign_keys=ON;"
          : "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;";
  deadline_ = absl::InfiniteFuture();
  const int rc = sqlite3_exec(db_, pragmas, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? absl::OkStatus() : Error(rc);
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::StatusOr<Result> SqliteConnection::Execute(absl::string_view sql,
                                                 absl::Span<const Value> params,
                                                 absl::Time deadline) {
  deadline_ = deadline;
  if (PastDeadline()) {
    return absl::DeadlineExceededError("sqlite: deadline passed");
  }
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  if (stmt == nullptr) {
    if (!params.empty()) {
      return absl::InvalidArgumentError(
          "sqlite: a statement with parameters must be a single statement");
    }
    return RunScript(sql);
  }
  RETURN_IF_ERROR(Bind(stmt, params));
  return Step(stmt);
}

absl::StatusOr<bool> SqliteConnection::IsReadOnly(absl::string_view sql) {
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  return stmt != nullptr && sqlite3_stmt_readonly(stmt) != 0;
}

// The cached statement for `sql`, or nullptr when `sql` holds several
// statements (a script is not cached: it runs once, at migration).
absl::StatusOr<sqlite3_stmt*> SqliteConnection::Prepare(absl::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return Error(rc);
  if (stmt == nullptr || !IsBlank(tail, sql.data() + sql.size())) {
    sqlite3_finalize(stmt);
    return nullptr;
  }
  if (statements_.size() >= kMaxCachedStatements) {
    for (auto& [cached_sql, cached] : statements_) sqlite3_finalize(cached);
    statements_.clear();
  }
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

absl::StatusOr<Result> SqliteConnection::RunScript(absl::string_view sql) {
  Result last;
  const char* next = sql.data();
  const char* end = sql.data() + sql.size();
  while (next < end) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db_, next, static_cast<int>(end - next),
                                      &stmt, &next);
    if (rc != SQLITE_OK) return Error(rc);
    if (stmt == nullptr) continue;  // Only whitespace or a comment was left.
    absl::StatusOr<Result> result = Step(stmt);
    sqlite3_finalize(stmt);
    if (!result.ok()) return result.status();
    last = *std::move(result);
  }
  return last;
}

absl::StatusOr<Result> SqliteConnection::Step(sqlite3_stmt* stmt) {
  Result result;
  const int64_t changes_before = sqlite3_total_changes64(db_);
  const int columns = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(columns);
    for (int i = 0; i < columns; ++i) values.push_back(ColumnValue(stmt, i));
    result.rows.emplace_back(std::move(values));
  }
  absl::Status status = rc == SQLITE_DONE ? absl::OkStatus() : Error(rc);
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  RETURN_IF_ERROR(status);
  // sqlite3_changes64 keeps the count of the last write, even across later
  // reads; only report it when this statement wrote.
  if (sqlite3_total_changes64(db_) != changes_before) {
    result.affected_rows = sqlite3_changes64(db_);
  }
  return result;
}

absl::Status SqliteConnection::Bind(sqlite3_stmt* stmt,
                                    absl::Span<const Value> params) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("sqlite: statement has ", expected, " placeholders, ",
                     params.size(), " values were given"));
  }
  for (int i = 0; i < expected; ++i) {
    const Value& value = params[i];
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, i + 1, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, i + 1, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      // SQLITE_STATIC: `params` outlives the statement's run.
      rc = sqlite3_bind_text64(stmt, i + 1, s->data(), s->size(), SQLITE_STATIC,
                               SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Blob>(&value)) {
      rc = sqlite3_bind_blob64(stmt, i + 1, b->bytes.data(), b->bytes.size(),
                               SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, i + 1);
    }
    if (rc != SQLITE_OK) {
      absl::Status status = Error(rc);
      sqlite3_clear_bindings(stmt);
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteConnection::Error(int code) const {
  absl::StatusCode status_code = CodeFor(code);
  // A lock wait cut short by the deadline is the deadline's doing.
  if (status_code == absl::StatusCode::kAborted && PastDeadline()) {
    status_code = absl::StatusCode::kDeadlineExceeded;
  }
  // SQLite's messages name tables, columns and constraints, never values.
  return absl::Status(status_code,
                      absl::StrCat("sqlite: ", sqlite3_errmsg(db_)));
}

bool SqliteConnection::PastDeadline() const {
  return deadline_ != absl::InfiniteFuture() && absl::Now() >= deadline_;
}

int SqliteConnection::OnProgress(void* self) {
  return static_cast<SqliteConnection*>(self)->PastDeadline() ? 1 : 0;
}

// Waits for another process's lock with a short growing sleep, until the
// busy timeout or the deadline; then the statement fails with SQLITE_BUSY.
int SqliteConnection::OnBusy(void* self, int count) {
  auto* connection = static_cast<SqliteConnection*>(self);
  const absl::Time now = absl::Now();
  if (count == 0) connection->busy_since_ = now;
  if (now - connection->busy_since_ >= connection->busy_timeout_ ||
      connection->PastDeadline()) {
    return 0;
  }
  absl::SleepFor(absl::Milliseconds(std::min(1 << std::min(count, 4), 10)));
  return 1;
}

}  // namespace masar::sql
