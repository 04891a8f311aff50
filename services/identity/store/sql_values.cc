#include "services/identity/store/sql_values.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace masar::identity::sql_values {

absl::StatusOr<absl::Time> ReadTime(const sql::Row& row, int column) {
  absl::StatusOr<int64_t> micros = row.Int(column);
  if (!micros.ok()) return micros.status();
  return absl::FromUnixMicros(*micros);
}

absl::StatusOr<std::optional<absl::Time>> ReadOptionalTime(const sql::Row& row,
                                                           int column) {
  if (row.IsNull(column)) return std::optional<absl::Time>();
  absl::StatusOr<absl::Time> t = ReadTime(row, column);
  if (!t.ok()) return t.status();
  return std::optional<absl::Time>(*t);
}

absl::StatusOr<std::string> ReadText(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::string();
  return row.Text(column);
}

absl::StatusOr<std::string> ReadBytes(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::string();
  return row.Bytes(column);
}

void AppendPage(const aip::PageQuery& page, const std::string& key_sql,
                std::vector<std::string>& conditions,
                std::vector<sql::Value>& params, std::string& suffix) {
  if (page.after.has_value()) {
    conditions.push_back(absl::StrCat(
        "(create_time > ? OR (create_time = ? AND ", key_sql, " > ?))"));
    params.push_back(Micros(page.after->create_time));
    params.push_back(Micros(page.after->create_time));
    params.push_back(page.after->key);
  }
  suffix = absl::StrCat(" ORDER BY create_time, ", key_sql, " LIMIT ?");
  params.push_back(static_cast<int64_t>(page.limit) + 1);
}

std::string InCondition(absl::string_view column,
                        const std::vector<std::string>& values,
                        std::vector<sql::Value>& params) {
  for (const std::string& value : values) params.push_back(value);
  const std::vector<std::string> marks(values.size(), "?");
  return absl::StrCat(column, " IN (", absl::StrJoin(marks, ", "), ")");
}

std::string WhereClause(const std::vector<std::string>& conditions) {
  if (conditions.empty()) return "";
  return absl::StrCat(" WHERE ", absl::StrJoin(conditions, " AND "));
}

}  // namespace masar::identity::sql_values
