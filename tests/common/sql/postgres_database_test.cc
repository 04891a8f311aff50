// What only the PostgreSQL driver has: a pool that can run dry and a server
// that can go away. Both drivers' shared behaviour is in the contract tests.
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/sql/database.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/postgres/postgres_server.h"

namespace masar::sql {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::PostgresServer;
using ::masar::testing::StatusIs;

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<PostgresServer*> server = PostgresServer::Shared();
    ASSERT_THAT(server, IsOk());
    server_ = *server;
    options_.postgres_url = server_->url();
    options_.schema = "pool_test";
  }

  PostgresServer* server_ = nullptr;
  DatabaseOptions options_;
};

TEST_F(PostgresDatabaseTest, FullPoolAnswersUnavailableAfterBusyTimeout) {
  options_.pool_size = 1;
  options_.busy_timeout = absl::Milliseconds(200);
  absl::StatusOr<std::unique_ptr<Database>> db = OpenDatabase(options_);
  ASSERT_THAT(db, IsOk());
  absl::Notification holding;
  absl::Notification done;
  std::thread holder([&] {
    (*db)
        ->InTransaction([&](Transaction&) {
          holding.Notify();
          done.WaitForNotification();
          return absl::OkStatus();
        })
        .IgnoreError();
  });
  holding.WaitForNotification();
  const absl::Time start = absl::Now();
  absl::StatusOr<Result> waited = (*db)->Execute("SELECT 1");
  EXPECT_THAT(waited, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(RetryDelay(waited.status()).has_value());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(190));
  done.Notify();
  holder.join();
  EXPECT_THAT((*db)->Execute("SELECT 1"), IsOk());
}

TEST_F(PostgresDatabaseTest, ReconnectsAfterTheServerComesBack) {
  // A cluster of its own: the shared one cannot be killed.
  absl::StatusOr<std::unique_ptr<PostgresServer>> server =
      PostgresServer::Start();
  ASSERT_THAT(server, IsOk());
  options_.postgres_url = (*server)->url();
  options_.busy_timeout = absl::Seconds(2);
  absl::StatusOr<std::unique_ptr<Database>> db = OpenDatabase(options_);
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT((*db)->Execute("CREATE TABLE kept (id BIGINT)").status(), IsOk());
  ASSERT_THAT((*server)->Kill(), IsOk());

  const absl::Time start = absl::Now();
  EXPECT_THAT((*db)->Execute("SELECT count(*) FROM kept"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT((*db)->InTransaction([](Transaction& tx) {
    return tx.Execute("INSERT INTO kept VALUES (1)").status();
  }),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));

  ASSERT_THAT((*server)->Restart(), IsOk());
  EXPECT_THAT((*db)->Execute("INSERT INTO kept VALUES (1)"), IsOk());
  EXPECT_THAT((*db)->InTransaction([](Transaction& tx) {
    return tx.Execute("INSERT INTO kept VALUES (2)").status();
  }),
              IsOk());
}

TEST_F(PostgresDatabaseTest, RefusesAnUnsafeSchemaName) {
  options_.schema = "x\"; DROP";
  EXPECT_THAT(OpenDatabase(options_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(PostgresDatabaseTest, UnreachableServerIsUnavailable) {
  options_.postgres_url = "postgresql://masar@127.0.0.1:1/masar_test";
  EXPECT_THAT(OpenDatabase(options_), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace masar::sql
