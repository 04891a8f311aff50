#ifndef MASAR_COMMON_SQL_PLACEHOLDERS_H_
#define MASAR_COMMON_SQL_PLACEHOLDERS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace masar::sql {

struct NumberedSql {
  std::string sql;
  int placeholders = 0;
};

// Rewrites the `?` placeholders of `sql` to PostgreSQL's $1..$n, leaving
// alone any `?` inside a string literal ('...', E'...' with backslash
// escapes, $tag$...$tag$), a quoted identifier or a comment.
NumberedSql NumberPlaceholders(absl::string_view sql);

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_PLACEHOLDERS_H_
