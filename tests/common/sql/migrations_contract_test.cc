#include <spawn.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/sql/sql_contract_test_migrations.h"
#include "tests/testing/sql/test_database.h"

extern char** environ;

namespace masar::sql {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::vector<MigrationFile> BaseFiles() {
  return {
      {"0001_items.sql", "CREATE TABLE items (id BIGINT PRIMARY KEY);"},
      {"0002_item_names.sql", "ALTER TABLE items ADD COLUMN name TEXT;"},
  };
}

MigrationSet MakeSet(std::vector<MigrationFile> files,
                     const std::string& component = "items") {
  absl::StatusOr<MigrationSet> set =
      MigrationSet::Create(component, std::move(files));
  EXPECT_THAT(set, IsOk());
  return *std::move(set);
}

class MigrationsContractTest : public ::masar::testing::DatabaseTest {
 protected:
  absl::StatusOr<int64_t> QueryInt(absl::string_view sql) {
    ASSIGN_OR_RETURN(Result result, db().Execute(sql));
    return result.rows.at(0).Int(0);
  }

  // Starts the helper, which migrates the embedded test migrations.
  pid_t SpawnHelper() {
    std::vector<std::string> args = {MASAR_SQL_MIGRATE_HELPER};
    if (dialect() == Dialect::kSqlite) {
      args.insert(args.end(), {"--sqlite", options().sqlite_path});
    } else {
      args.insert(args.end(),
                  {"--postgres", options().postgres_url, options().schema});
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    EXPECT_EQ(
        posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    return pid;
  }
};

TEST_P(MigrationsContractTest, AppliesEachMigrationOnceAndRecordsIt) {
  absl::StatusOr<MigrationSet> set = MigrationSet::Create(
      "contract", embedded::MasarSqlContractTestMigrations());
  ASSERT_THAT(set, IsOk());
  ASSERT_THAT(Migrate(db(), *set), IsOk());
  ASSERT_THAT(Migrate(db(), *set), IsOk());
  EXPECT_THAT(QueryInt("SELECT count(*) FROM accounts"), IsOkAndHolds(1));
  absl::StatusOr<Result> recorded = db().Execute(
      "SELECT version, name, checksum, applied_at FROM "
      "masar_schema_migrations WHERE component = 'contract' ORDER BY version");
  ASSERT_THAT(recorded, IsOk());
  ASSERT_THAT(recorded->rows, SizeIs(3));
  EXPECT_THAT(recorded->rows[1].Text(1), IsOkAndHolds("0002_documents"));
  EXPECT_THAT(recorded->rows[2].Text(2), IsOkAndHolds(SizeIs(64)));
  EXPECT_THAT(recorded->rows[2].Int(3), IsOkAndHolds(::testing::Gt(0)));
  EXPECT_THAT(CheckSchema(db(), *set), IsOk());
}

TEST_P(MigrationsContractTest, UsesTheDriversOwnFile) {
  absl::StatusOr<MigrationSet> set = MigrationSet::Create(
      "contract", embedded::MasarSqlContractTestMigrations());
  ASSERT_THAT(set, IsOk());
  ASSERT_THAT(Migrate(db(), *set), IsOk());
  const Value params[] = {int64_t{1}, Blob{std::string("\0\1", 2)}};
  ASSERT_THAT(
      db().Execute("INSERT INTO documents VALUES (?, ?)", params).status(),
      IsOk());
  absl::StatusOr<Result> read = db().Execute("SELECT body FROM documents");
  ASSERT_THAT(read, IsOk());
  EXPECT_THAT(read->rows[0].Bytes(0), IsOkAndHolds(std::string("\0\1", 2)));
}

TEST_P(MigrationsContractTest, CheckSchemaAsksForMigrationFirst) {
  const MigrationSet set = MakeSet(BaseFiles());
  EXPECT_THAT(CheckSchema(db(), set),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("masar migrate")));
  ASSERT_THAT(Migrate(db(), MakeSet({BaseFiles()[0]})), IsOk());
  EXPECT_THAT(CheckSchema(db(), set),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("0002_item_names")));
  ASSERT_THAT(Migrate(db(), set), IsOk());
  EXPECT_THAT(CheckSchema(db(), set), IsOk());
}

TEST_P(MigrationsContractTest, RefusesAChangedMigration) {
  ASSERT_THAT(Migrate(db(), MakeSet(BaseFiles())), IsOk());
  std::vector<MigrationFile> edited = BaseFiles();
  edited[1].sql = "ALTER TABLE items ADD COLUMN title TEXT;";
  const MigrationSet set = MakeSet(edited);
  EXPECT_THAT(Migrate(db(), set),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("changed after it was applied")));
  EXPECT_THAT(CheckSchema(db(), set),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(MigrationsContractTest, RefusesASchemaThatBreaksThisBinary) {
  std::vector<MigrationFile> newer = BaseFiles();
  newer.push_back({"0003_drop_name.sql",
                   "-- Contract step: binaries before 3 still write name.\n"
                   "-- masar: breaks-binaries-before 3\n"
                   "ALTER TABLE items DROP COLUMN name;"});
  ASSERT_THAT(Migrate(db(), MakeSet(newer)), IsOk());
  const MigrationSet old = MakeSet(BaseFiles());
  const auto names_both_versions =
      AllOf(HasSubstr("version 3"), HasSubstr("up to 2"));
  EXPECT_THAT(
      Migrate(db(), old),
      StatusIs(absl::StatusCode::kFailedPrecondition, names_both_versions));
  EXPECT_THAT(
      CheckSchema(db(), old),
      StatusIs(absl::StatusCode::kFailedPrecondition, names_both_versions));
}

TEST_P(MigrationsContractTest, RunsOnANewerCompatibleSchema) {
  std::vector<MigrationFile> newer = BaseFiles();
  newer.push_back({"0003_index.sql",
                   "-- masar: breaks-binaries-before 2\n"
                   "CREATE INDEX items_name ON items (name);"});
  ASSERT_THAT(Migrate(db(), MakeSet(newer)), IsOk());
  const MigrationSet old = MakeSet(BaseFiles());
  EXPECT_THAT(Migrate(db(), old), IsOk());
  EXPECT_THAT(CheckSchema(db(), old), IsOk());
}

TEST_P(MigrationsContractTest, KeepsComponentsApart) {
  ASSERT_THAT(Migrate(db(), MakeSet(BaseFiles(), "items")), IsOk());
  ASSERT_THAT(
      Migrate(db(),
              MakeSet({{"0001_tags.sql", "CREATE TABLE tags (id BIGINT);"}},
                      "tags")),
      IsOk());
  EXPECT_THAT(QueryInt("SELECT count(*) FROM masar_schema_migrations"),
              IsOkAndHolds(3));
}

TEST_P(MigrationsContractTest, FailedMigrationLeavesNothingBehind) {
  std::vector<MigrationFile> files = BaseFiles();
  files.push_back({"0003_broken.sql",
                   "CREATE TABLE extra (id BIGINT); INSERT INTO nowhere "
                   "VALUES (1);"});
  EXPECT_THAT(Migrate(db(), MakeSet(files)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("0003_broken")));
  EXPECT_THAT(QueryInt("SELECT count(*) FROM masar_schema_migrations"),
              IsOkAndHolds(2));
  EXPECT_THAT(db().Execute("SELECT count(*) FROM extra"),
              ::testing::Not(IsOk()));
}

TEST_P(MigrationsContractTest, ConcurrentProcessesApplyEachMigrationOnce) {
  constexpr int kProcesses = 4;
  std::vector<pid_t> pids;
  for (int i = 0; i < kProcesses; ++i) pids.push_back(SpawnHelper());
  for (pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "helper status " << status;
  }
  EXPECT_THAT(QueryInt("SELECT count(*) FROM masar_schema_migrations"),
              IsOkAndHolds(3));
  // 0003_seed adds a row each time it runs.
  EXPECT_THAT(QueryInt("SELECT count(*) FROM accounts"), IsOkAndHolds(1));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(MigrationsContractTest);

}  // namespace
}  // namespace masar::sql
