#include "tests/testing/sql/test_database.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "tests/testing/postgres/postgres_server.h"

namespace masar::testing {

void DatabaseTest::SetUp() {
  options_.busy_timeout = absl::Seconds(5);
  if (dialect() == sql::Dialect::kSqlite) {
    dir_.emplace("masar-sql-test");
    options_.sqlite_path = dir_->File("store.sqlite");
  } else {
    absl::StatusOr<PostgresServer*> server = PostgresServer::Shared();
    ASSERT_THAT(server, IsOk());
    // A schema per test keeps tests apart on the shared server.
    static std::atomic<int> next{0};
    options_.postgres_url = (*server)->url();
    options_.schema = absl::StrCat("test_", getpid(), "_", next++);
  }
  absl::StatusOr<std::unique_ptr<sql::Database>> db = Open(options_);
  ASSERT_THAT(db, IsOk());
  db_ = *std::move(db);
}

void DatabaseTest::TearDown() {
  db_.reset();
  dir_.reset();
}

absl::StatusOr<std::unique_ptr<sql::Database>> DatabaseTest::Open(
    const sql::DatabaseOptions& options) const {
  return sql::OpenDatabase(options);
}

std::string DialectName(const ::testing::TestParamInfo<sql::Dialect>& info) {
  return info.param == sql::Dialect::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace masar::testing

namespace masar::sql {
void PrintTo(Dialect dialect, std::ostream* os) {
  *os << (dialect == Dialect::kSqlite ? "Sqlite" : "Postgres");
}
}  // namespace masar::sql
