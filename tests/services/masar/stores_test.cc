#include "services/masar/stores.h"

#include <filesystem>

#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/postgres/postgres_server.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

class StoresTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    config_.data_dir = temp_.path();
    if (GetParam()) {
      absl::StatusOr<testing::PostgresServer*> server =
          testing::PostgresServer::Shared();
      ASSERT_THAT(server, IsOk());
      config_.database = (*server)->url();
    }
  }

  ::masar::testing::ScopedTempDir temp_{"masar-stores-test"};
  ServeConfig config_;
  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
};

TEST_P(StoresTest, EachServiceGetsItsOwnStore) {
  absl::StatusOr<std::unique_ptr<sql::Database>> identity =
      OpenServiceStore(config_, "identity");
  absl::StatusOr<std::unique_ptr<sql::Database>> mentoring =
      OpenServiceStore(config_, "mentoring");
  ASSERT_THAT(identity, IsOk());
  ASSERT_THAT(mentoring, IsOk());
  ASSERT_THAT((*identity)->Execute("CREATE TABLE only_identity (x BIGINT)")
                  .status(),
              IsOk());
  EXPECT_THAT((*mentoring)->Execute("SELECT x FROM only_identity").status(),
              ::testing::Not(IsOk()));
  if (!GetParam()) {
    EXPECT_TRUE(std::filesystem::exists(config_.data_dir + "/identity.sqlite"));
  }
}

TEST_P(StoresTest, MigrateThenCheckAndRefuseWhenNotMigrated) {
  absl::StatusOr<std::unique_ptr<sql::Database>> db =
      OpenServiceStore(config_, "partnerships");
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT(PrepareServiceStore(**db, "partnerships", /*migrate=*/false,
                                  logger_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("partnerships")));
  ASSERT_THAT(PrepareServiceStore(**db, "partnerships", true, logger_), IsOk());
  ASSERT_THAT(PrepareServiceStore(**db, "partnerships", true, logger_), IsOk())
      << "migrating again changes nothing";
  EXPECT_THAT(PrepareServiceStore(**db, "partnerships", false, logger_),
              IsOk());
  EXPECT_THAT((*db)->Execute("SELECT COUNT(*) FROM masar_audit_log").status(),
              IsOk());
  // Every store holds its outbox and its consumers' cursors.
  EXPECT_THAT(
      (*db)->Execute("SELECT COUNT(*) FROM masar_event_outbox").status(),
      IsOk());
  EXPECT_THAT(
      (*db)->Execute("SELECT COUNT(*) FROM masar_event_cursors").status(),
      IsOk());
}

INSTANTIATE_TEST_SUITE_P(, StoresTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return p.param ? "Postgres" : "Sqlite";
                         });

}  // namespace
}  // namespace masar
