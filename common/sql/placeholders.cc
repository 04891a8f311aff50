#include "common/sql/placeholders.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace masar::sql {
namespace {

bool IsIdentifierChar(char c) {
  return absl::ascii_isalnum(c) || c == '_' || c == '$';
}

// The end (one past) of the quoted run opening at `i` with `quote`; a
// doubled quote stands for itself, and with `backslash` so does \<any>.
size_t SkipQuoted(absl::string_view sql, size_t i, char quote, bool backslash) {
  for (++i; i < sql.size(); ++i) {
    if (backslash && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

// `$tag$ ... $tag$` (the tag may be empty); returns `i` unchanged when the
// `$` at `i` opens no such literal (it is then a plain character).
size_t SkipDollarQuoted(absl::string_view sql, size_t i) {
  size_t tag_end = i + 1;
  while (tag_end < sql.size() && sql[tag_end] != '$') {
    if (!absl::ascii_isalnum(sql[tag_end]) && sql[tag_end] != '_') return i;
    ++tag_end;
  }
  if (tag_end >= sql.size()) return i;
  const absl::string_view tag = sql.substr(i, tag_end - i + 1);
  const size_t close = sql.find(tag, tag_end + 1);
  return close == absl::string_view::npos ? sql.size() : close + tag.size();
}

// The end of the literal, identifier or comment opening at `i`, or `i` when
// none opens there.
size_t SkipNonCode(absl::string_view sql, size_t i) {
  const char c = sql[i];
  const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
  if (c == '\'') {
    const bool escaped = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                         (i < 2 || !IsIdentifierChar(sql[i - 2]));
    return SkipQuoted(sql, i, '\'', escaped);
  }
  if (c == '"') return SkipQuoted(sql, i, '"', false);
  if (c == '-' && next == '-') {
    const size_t eol = sql.find('\n', i);
    return eol == absl::string_view::npos ? sql.size() : eol + 1;
  }
  if (c == '/' && next == '*') {
    const size_t close = sql.find("*/", i + 2);
    return close == absl::string_view::npos ? sql.size() : close + 2;
  }
  if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1]))) {
    return SkipDollarQuoted(sql, i);
  }
  return i;
}

}  // namespace

NumberedSql NumberPlaceholders(absl::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 8);
  size_t i = 0;
  while (i < sql.size()) {
    const size_t skipped = SkipNonCode(sql, i);
    if (skipped != i) {
      out.sql.append(sql.data() + i, skipped - i);
      i = skipped;
    } else if (sql[i] == '?') {
      absl::StrAppend(&out.sql, "$", ++out.placeholders);
      ++i;
    } else {
      out.sql.push_back(sql[i++]);
    }
  }
  return out;
}

}  // namespace masar::sql
