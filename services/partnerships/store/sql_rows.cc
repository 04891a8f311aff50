#include "services/partnerships/store/sql_rows.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status/status_macros.h"

namespace masar::partnerships::sql_rows {

std::string DayText(absl::CivilDay day) {
  // Zero-padded, so that text order is day order for years 0..9999.
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

sql::Value Day(absl::CivilDay day) { return DayText(day); }

sql::Value OptionalDay(const std::optional<absl::CivilDay>& day) {
  if (!day.has_value()) return std::monostate();
  return DayText(*day);
}

sql::Value Instant(absl::Time t) { return absl::ToUnixMicros(t); }

sql::Value OptionalInstant(const std::optional<absl::Time>& t) {
  if (!t.has_value()) return std::monostate();
  return absl::ToUnixMicros(*t);
}

sql::Value NullIfEmpty(const std::string& text) {
  if (text.empty()) return std::monostate();
  return text;
}

absl::Time CursorTime(absl::CivilDay day) {
  return absl::FromCivil(day, absl::UTCTimeZone());
}

absl::CivilDay CursorDay(absl::Time t) {
  return absl::ToCivilDay(t, absl::UTCTimeZone());
}

absl::StatusOr<std::string> RowReader::Text() { return row_.Text(next_++); }

absl::StatusOr<std::string> RowReader::TextOrEmpty() {
  if (row_.IsNull(next_)) {
    ++next_;
    return std::string();
  }
  return Text();
}

absl::StatusOr<int64_t> RowReader::Int() { return row_.Int(next_++); }

absl::StatusOr<double> RowReader::Double() { return row_.Double(next_++); }

absl::StatusOr<absl::Time> RowReader::Instant() {
  ASSIGN_OR_RETURN(const int64_t micros, Int());
  return absl::FromUnixMicros(micros);
}

absl::StatusOr<std::optional<absl::Time>> RowReader::OptionalInstant() {
  if (NextIsNull()) {
    Skip();
    return std::optional<absl::Time>();
  }
  ASSIGN_OR_RETURN(const absl::Time t, Instant());
  return std::optional<absl::Time>(t);
}

absl::StatusOr<absl::CivilDay> RowReader::Day() {
  const int column = next_;
  ASSIGN_OR_RETURN(const std::string text, Text());
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InternalError(
        absl::StrCat("column ", column, " holds no day: ", text));
  }
  return day;
}

absl::StatusOr<std::optional<absl::CivilDay>> RowReader::OptionalDay() {
  if (NextIsNull()) {
    Skip();
    return std::optional<absl::CivilDay>();
  }
  ASSIGN_OR_RETURN(const absl::CivilDay day, Day());
  return std::optional<absl::CivilDay>(day);
}

absl::StatusOr<LocalizedText> RowReader::Localized() {
  LocalizedText text;
  ASSIGN_OR_RETURN(text.ar, Text());
  ASSIGN_OR_RETURN(text.fr, Text());
  ASSIGN_OR_RETURN(text.en, Text());
  return text;
}

void AppendLocalized(const LocalizedText& text,
                     std::vector<sql::Value>& values) {
  values.push_back(text.ar);
  values.push_back(text.fr);
  values.push_back(text.en);
}

void Conditions::Add(std::string condition, std::vector<sql::Value> values) {
  conditions_.push_back(std::move(condition));
  for (sql::Value& value : values) params_.push_back(std::move(value));
}

std::string Marks(size_t count) {
  const std::vector<std::string> marks(count, "?");
  return absl::StrCat("(", absl::StrJoin(marks, ", "), ")");
}

std::vector<sql::Value> Conditions::ParamsThenLimit(int limit) && {
  std::vector<sql::Value> params = std::move(params_);
  params.emplace_back(std::in_place_type<int64_t>, int64_t{limit} + 1);
  return params;
}

std::string Conditions::Where() const {
  if (conditions_.empty()) return "";
  return absl::StrCat(" WHERE ", absl::StrJoin(conditions_, " AND "));
}

}  // namespace masar::partnerships::sql_rows
