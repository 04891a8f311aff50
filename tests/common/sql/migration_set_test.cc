#include "common/sql/migration_set.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::sql {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

TEST(MigrationSetTest, OrdersByVersionAndAppliesDriverOverrides) {
  absl::StatusOr<MigrationSet> set =
      MigrationSet::Create("store", {{"0002_blobs.postgres.sql", "pg"},
                                     {"0001_init.sql", "both"},
                                     {"0002_blobs.sql", "shared"},
                                     {"0002_blobs.sqlite.sql", "lite"}});
  ASSERT_THAT(set, IsOk());
  ASSERT_EQ(set->latest_version(), 2);
  EXPECT_EQ(set->migrations()[0].name, "0001_init");
  EXPECT_EQ(set->migrations()[0].sql(Dialect::kSqlite), "both");
  EXPECT_EQ(set->migrations()[0].sql(Dialect::kPostgres), "both");
  EXPECT_EQ(set->migrations()[1].sql(Dialect::kSqlite), "lite");
  EXPECT_EQ(set->migrations()[1].sql(Dialect::kPostgres), "pg");
}

TEST(MigrationSetTest, ReadsBreaksBeforeFromTheLeadingComment) {
  absl::StatusOr<MigrationSet> set = MigrationSet::Create(
      "store", {{"0001_a.sql", "SELECT 1;"},
                {"0002_b.sql", "SELECT 1;"},
                {"0003_c.sql",
                 "-- Drops a column.\n--   masar: breaks-binaries-before 3\n"
                 "ALTER TABLE t DROP COLUMN c;\n"
                 "-- masar: breaks-binaries-before 1\n"}});
  ASSERT_THAT(set, IsOk());
  EXPECT_EQ(set->migrations()[2].breaks_binaries_before, 3);
  EXPECT_EQ(set->migrations()[1].breaks_binaries_before, 0);
}

TEST(MigrationSetTest, RefusesMalformedSets) {
  const auto refused = [](std::vector<MigrationFile> files) {
    return MigrationSet::Create("store", std::move(files)).status();
  };
  EXPECT_THAT(refused({{"1_init.sql", ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NNNN")));
  EXPECT_THAT(refused({{"0001_Init.sql", ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(refused({{"0001_init.mysql.sql", ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      refused({{"0002_init.sql", ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("missing")));
  EXPECT_THAT(refused({{"0001_a.sql", ""}, {"0001_b.sql", ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      refused({{"0001_a.postgres.sql", ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SQLite")));
  EXPECT_THAT(refused({{"0001_a.sql", "-- masar: breaks-binaries-before 2\n"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      refused({{"0001_a.sql", "-- masar: break-binaries 1\n"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("directive")));
  EXPECT_THAT(MigrationSet::Create("", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::sql
