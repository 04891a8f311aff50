// What a test relies on when it shares the servers of a ctest run. Skipped
// when the binary runs by hand: it then starts servers of its own.
#include "tests/testing/shared_servers.h"

#include <unistd.h>

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/sql/database.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/postgres/postgres_server.h"
#include "tests/testing/redis/redis_server.h"

namespace masar::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class SharedServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::optional<SharedServers>> shared = FindSharedServers();
    ASSERT_THAT(shared, IsOk());
    if (!shared->has_value()) GTEST_SKIP() << "not run by ctest";
    servers_ = **shared;
  }

  SharedServers servers_;
};

TEST_F(SharedServersTest, PostgresGivesThisProcessADatabaseOfItsOwn) {
  absl::StatusOr<PostgresServer*> server = PostgresServer::Shared();
  ASSERT_THAT(server, IsOk());
  EXPECT_EQ((*server)->port(), servers_.postgres_port);
  EXPECT_THAT((*server)->url(),
              HasSubstr(absl::StrCat("/test_", getpid(), "_")));
  sql::DatabaseOptions options;
  options.postgres_url = (*server)->url();
  options.schema = "fresh";
  absl::StatusOr<std::unique_ptr<sql::Database>> db =
      sql::OpenDatabase(options);
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT((*db)->Execute("SELECT 1"), IsOk());
}

TEST_F(SharedServersTest, TheSharedClusterCannotBeStopped) {
  absl::StatusOr<PostgresServer*> server = PostgresServer::Shared();
  ASSERT_THAT(server, IsOk());
  EXPECT_THAT((*server)->Kill(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT((*server)->Restart(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(SharedServersTest, RedisGivesThisProcessADatabaseOfItsOwn) {
  absl::StatusOr<RedisServer*> server = RedisServer::Shared();
  ASSERT_THAT(server, IsOk());
  EXPECT_EQ((*server)->port(), servers_.redis_port);
  // Databases 0-15 are left to tests that name one.
  const std::string prefix =
      absl::StrCat("redis://127.0.0.1:", servers_.redis_port, "/");
  ASSERT_THAT((*server)->address(), StartsWith(prefix));
  int db = -1;
  ASSERT_TRUE(
      absl::SimpleAtoi((*server)->address().substr(prefix.size()), &db));
  EXPECT_GE(db, 16);
}

TEST_F(SharedServersTest, TheSharedRedisCannotBeStopped) {
  absl::StatusOr<RedisServer*> server = RedisServer::Shared();
  ASSERT_THAT(server, IsOk());
  EXPECT_THAT((*server)->Stop(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_DEATH((*server)->Pause(), "RedisServer::Pause on the redis-server");
}

}  // namespace
}  // namespace masar::testing
