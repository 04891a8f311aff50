#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_ROWS_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/aip/pagination.h"
#include "common/i18n/localized_text.h"
#include "common/sql/database.h"

// How the partnerships tables hold domain values, and the WHERE clause its
// lists build. Civil days are 'YYYY-MM-DD' text, so that SQL compares them
// as days on both drivers and an index orders them; instants are Unix
// microseconds; an unset optional is NULL.
namespace masar::partnerships::sql_rows {

std::string DayText(absl::CivilDay day);
sql::Value Day(absl::CivilDay day);
sql::Value OptionalDay(const std::optional<absl::CivilDay>& day);
sql::Value Instant(absl::Time t);
sql::Value OptionalInstant(const std::optional<absl::Time>& t);
sql::Value NullIfEmpty(const std::string& text);

// The day a list cursor holds for a day-ordered list: its 00:00 UTC.
absl::Time CursorTime(absl::CivilDay day);
absl::CivilDay CursorDay(absl::Time t);

// Reads column `column` of a row, moving on to the next column, so that a
// row is read in the order its SELECT names the columns.
class RowReader {
 public:
  explicit RowReader(const sql::Row& row) : row_(row) {}

  absl::StatusOr<std::string> Text();
  // "" for NULL.
  absl::StatusOr<std::string> TextOrEmpty();
  absl::StatusOr<int64_t> Int();
  absl::StatusOr<double> Double();
  absl::StatusOr<absl::Time> Instant();
  absl::StatusOr<std::optional<absl::Time>> OptionalInstant();
  absl::StatusOr<absl::CivilDay> Day();
  absl::StatusOr<std::optional<absl::CivilDay>> OptionalDay();
  // Three columns: ar, fr, en.
  absl::StatusOr<LocalizedText> Localized();
  bool NextIsNull() const { return row_.IsNull(next_); }
  void Skip() { ++next_; }

 private:
  const sql::Row& row_;
  int next_ = 0;
};

// The three columns of a LocalizedText, appended to `values`.
void AppendLocalized(const LocalizedText& text,
                     std::vector<sql::Value>& values);

// A list's conditions and their parameters, combined with AND.
class Conditions {
 public:
  // `condition` with its `?` placeholders and their values, in order.
  void Add(std::string condition, std::vector<sql::Value> values = {});
  // " WHERE a AND b", or "".
  std::string Where() const;
  // The conditions' parameters, then the page's LIMIT: `limit` + 1 rows,
  // the one more telling whether more follow (PageOf).
  std::vector<sql::Value> ParamsThenLimit(int limit) &&;

 private:
  std::vector<std::string> conditions_;
  std::vector<sql::Value> params_;
};

// "(?, ?, ...)" with `count` placeholders (at least one).
std::string Marks(size_t count);

// `values` as parameters: enumerators as their numbers.
template <typename T>
std::vector<sql::Value> ValuesOf(const std::vector<T>& values) {
  std::vector<sql::Value> out;
  for (const T& value : values) {
    if constexpr (std::is_enum_v<T>) {
      out.emplace_back(std::in_place_type<int64_t>,
                       static_cast<int64_t>(value));
    } else {
      out.emplace_back(std::in_place_type<std::string>, value);
    }
  }
  return out;
}

// Every row of `result` read by `read` (sql::Row -> absl::StatusOr<T>).
template <typename T, typename Read>
absl::StatusOr<std::vector<T>> ReadAll(const sql::Result& result, Read read) {
  std::vector<T> items;
  items.reserve(result.rows.size());
  for (const sql::Row& row : result.rows) {
    absl::StatusOr<T> item = read(row);
    if (!item.ok()) return item.status();
    items.push_back(*std::move(item));
  }
  return items;
}

// The rows of a page asked with LIMIT `limit` + 1: at most `limit` items,
// and whether more follow.
template <typename T>
aip::ListResult<T> PageOf(std::vector<T> rows, int limit) {
  aip::ListResult<T> page;
  page.more = static_cast<int>(rows.size()) > limit;
  if (page.more) rows.resize(limit);
  page.items = std::move(rows);
  return page;
}

}  // namespace masar::partnerships::sql_rows

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_ROWS_H_
