#ifndef MASAR_TESTS_TESTING_SQL_TEST_DATABASE_H_
#define MASAR_TESTS_TESTING_SQL_TEST_DATABASE_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "common/sql/database.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::testing {

// Runs each test on both drivers: a fresh SQLite file in a temporary
// directory, or a fresh schema of the PostgreSQL server the test binary
// shares (tests/testing/postgres).
class DatabaseTest : public ::testing::TestWithParam<sql::Dialect> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Options reaching this test's store; tweak and Open() for more handles
  // on the same store.
  const sql::DatabaseOptions& options() const { return options_; }
  absl::StatusOr<std::unique_ptr<sql::Database>> Open(
      const sql::DatabaseOptions& options) const;
  sql::Database& db() { return *db_; }
  sql::Dialect dialect() const { return GetParam(); }

  // The column type for bytes in this dialect's DDL.
  const char* BytesType() const {
    return dialect() == sql::Dialect::kSqlite ? "BLOB" : "BYTEA";
  }

 private:
  std::optional<ScopedTempDir> dir_;  // SQLite's file
  sql::DatabaseOptions options_;
  std::unique_ptr<sql::Database> db_;
};

std::string DialectName(const ::testing::TestParamInfo<sql::Dialect>& info);

}  // namespace masar::testing

namespace masar::sql {
// So that gtest prints "Sqlite" rather than the enum's bytes.
void PrintTo(Dialect dialect, std::ostream* os);
}  // namespace masar::sql

// Instantiates a DatabaseTest suite on SQLite and PostgreSQL.
#define INSTANTIATE_DATABASE_TEST_SUITE_P(suite)                         \
  INSTANTIATE_TEST_SUITE_P(, suite,                                      \
                           ::testing::Values(::masar::sql::Dialect::kSqlite, \
                                             ::masar::sql::Dialect::kPostgres), \
                           ::masar::testing::DialectName)

#endif  // MASAR_TESTS_TESTING_SQL_TEST_DATABASE_H_
