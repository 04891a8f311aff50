#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_VALUES_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_VALUES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/aip/pagination.h"
#include "common/sql/database.h"

// Conversions between domain values and SQL columns shared by the identity
// repositories: instants as int64 Unix microseconds, optional instants and
// empty optional text as NULL, bytes as BLOB/BYTEA.
namespace masar::identity::sql_values {

inline sql::Value Micros(absl::Time t) { return absl::ToUnixMicros(t); }
inline sql::Value OptionalMicros(const std::optional<absl::Time>& t) {
  if (!t.has_value()) return std::monostate();
  return absl::ToUnixMicros(*t);
}
inline sql::Value TextOrNull(const std::string& s) {
  if (s.empty()) return std::monostate();
  return s;
}
inline sql::Value BytesOrNull(const std::string& s) {
  if (s.empty()) return std::monostate();
  return sql::Blob{s};
}

absl::StatusOr<absl::Time> ReadTime(const sql::Row& row, int column);
absl::StatusOr<std::optional<absl::Time>> ReadOptionalTime(const sql::Row& row,
                                                           int column);
// Text, or "" for NULL.
absl::StatusOr<std::string> ReadText(const sql::Row& row, int column);
// Bytes, or "" for NULL.
absl::StatusOr<std::string> ReadBytes(const sql::Row& row, int column);

// Appends the keyset condition "after the cursor" (`key_sql` the key
// expression) and the order and limit of a page; LIMIT asks one more row to
// tell whether more follow.
void AppendPage(const aip::PageQuery& page, const std::string& key_sql,
                std::vector<std::string>& conditions,
                std::vector<sql::Value>& params, std::string& suffix);

// Trims the extra row AppendPage asked for.
template <typename T>
aip::ListResult<T> ToListResult(std::vector<T> items, int limit) {
  aip::ListResult<T> result;
  if (static_cast<int>(items.size()) > limit) {
    result.more = true;
    items.resize(limit);
  }
  result.items = std::move(items);
  return result;
}

// "<column> IN (?, ?, ...)" over `values`, which it appends to `params`.
std::string InCondition(absl::string_view column,
                        const std::vector<std::string>& values,
                        std::vector<sql::Value>& params);

// "WHERE a AND b" or "".
std::string WhereClause(const std::vector<std::string>& conditions);

}  // namespace masar::identity::sql_values

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_VALUES_H_
