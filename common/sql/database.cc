#include "common/sql/database.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql/postgres_database.h"
#include "common/sql/sqlite_database.h"
#include "common/status/errors.h"

namespace masar::sql {
namespace {

// Names the held alternative, for the message of a mistyped read.
const char* TypeName(const Value& value) {
  switch (value.index()) {
    case 0:
      return "NULL";
    case 1:
      return "an integer";
    case 2:
      return "a real";
    case 3:
      return "text";
    default:
      return "bytes";
  }
}

absl::Status WrongType(int column, const Value& value, absl::string_view want) {
  return absl::InternalError(
      absl::StrCat("column ", column, " is ", TypeName(value), ", not ", want));
}

// Reading a column that does not exist is a bug in the caller's SQL or
// indexes: an error, never a crash of the server.
absl::Status OutOfRange(int column, int size) {
  return absl::InternalError(
      absl::StrCat("column ", column, " out of range; the row has ", size));
}

}  // namespace

bool Row::IsNull(int column) const {
  return column < 0 || column >= size() ||
         std::holds_alternative<std::monostate>(values_[column]);
}

absl::StatusOr<int64_t> Row::Int(int column) const {
  if (column < 0 || column >= size()) return OutOfRange(column, size());
  const Value& value = values_[column];
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  return WrongType(column, value, "an integer");
}

absl::StatusOr<double> Row::Double(int column) const {
  if (column < 0 || column >= size()) return OutOfRange(column, size());
  const Value& value = values_[column];
  if (const auto* d = std::get_if<double>(&value)) return *d;
  // Expressions such as SUM over integers or a literal `1` come back as
  // integers on SQLite; a real column read must still work.
  if (const auto* i = std::get_if<int64_t>(&value)) {
    return static_cast<double>(*i);
  }
  return WrongType(column, value, "a real");
}

absl::StatusOr<std::string> Row::Text(int column) const {
  if (column < 0 || column >= size()) return OutOfRange(column, size());
  const Value& value = values_[column];
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return WrongType(column, value, "text");
}

absl::StatusOr<std::string> Row::Bytes(int column) const {
  if (column < 0 || column >= size()) return OutOfRange(column, size());
  const Value& value = values_[column];
  if (const auto* b = std::get_if<Blob>(&value)) return b->bytes;
  return WrongType(column, value, "bytes");
}

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    const DatabaseOptions& options) {
  if (options.pool_size < 1) {
    return InvalidArgumentError("pool_size", "must be at least 1");
  }
  if (options.busy_timeout <= absl::ZeroDuration()) {
    return InvalidArgumentError("busy_timeout", "must be positive");
  }
  if (!options.postgres_url.empty()) return PostgresDatabase::Open(options);
  if (options.sqlite_path.empty()) {
    return InvalidArgumentError("sqlite_path",
                                "is required when no PostgreSQL URL is given");
  }
  if (absl::StrContains(options.sqlite_path, ":memory:")) {
    // Every pooled connection would get a database of its own.
    return InvalidArgumentError(
        "sqlite_path", "must be a file (use a temporary directory in tests)");
  }
  return SqliteDatabase::Open(options);
}

}  // namespace masar::sql
