#include "common/sql/placeholders.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::sql {
namespace {

struct Case {
  const char* sql;
  const char* numbered;
  int placeholders;
};

class NumberPlaceholdersTest : public ::testing::TestWithParam<Case> {};

TEST_P(NumberPlaceholdersTest, NumbersOnlyRealPlaceholders) {
  const NumberedSql out = NumberPlaceholders(GetParam().sql);
  EXPECT_EQ(out.sql, GetParam().numbered);
  EXPECT_EQ(out.placeholders, GetParam().placeholders);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NumberPlaceholdersTest,
    ::testing::Values(
        Case{"SELECT 1", "SELECT 1", 0},
        Case{"a = ? AND b = ?", "a = $1 AND b = $2", 2},
        Case{"x = '?' AND y = ?", "x = '?' AND y = $1", 1},
        Case{"x = 'it''s ?' AND y = ?", "x = 'it''s ?' AND y = $1", 1},
        Case{"x = E'\\' ?' AND y = ?", "x = E'\\' ?' AND y = $1", 1},
        Case{"\"odd?name\" = ?", "\"odd?name\" = $1", 1},
        Case{"? -- why?\n, ?", "$1 -- why?\n, $2", 2},
        Case{"? /* ? */ ?", "$1 /* ? */ $2", 2},
        Case{"$$ ? $$ || $q$ ? $q$ || ?", "$$ ? $$ || $q$ ? $q$ || $1", 1},
        Case{"'unterminated ?", "'unterminated ?", 0},
        Case{"col$1 = ?", "col$1 = $1", 1}));

}  // namespace
}  // namespace masar::sql
