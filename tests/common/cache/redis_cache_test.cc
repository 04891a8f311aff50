#include "common/cache/redis_cache.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/cache/redis_address.h"
#include "common/cache/redis_connection.h"
#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/cache/cache_contract.h"
#include "tests/testing/redis/redis_server.h"

namespace masar::cache {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::RedisServer;
using ::masar::testing::StatusIs;

// These tests are about behaviour, not speed: timeouts generous enough for
// a machine busy with other tests.
RedisCacheOptions RelaxedOptions(std::string address) {
  return RedisCacheOptions{.address = std::move(address),
                           .connect_timeout = absl::Seconds(2),
                           .command_timeout = absl::Seconds(2)};
}

class RedisCacheEnv {
 public:
  absl::Status SetUp() {
    absl::StatusOr<RedisServer*> server = RedisServer::Shared();
    if (!server.ok()) return server.status();
    absl::StatusOr<std::unique_ptr<RedisCache>> cache =
        RedisCache::Create(RelaxedOptions((*server)->address()), clock_);
    if (!cache.ok()) return cache.status();
    cache_ = *std::move(cache);
    return absl::OkStatus();
  }
  Cache& cache() { return *cache_; }
  // Redis keeps its own time: let it pass.
  void LetTimePass(absl::Duration duration) { absl::SleepFor(duration); }

 private:
  SystemClock clock_;
  std::unique_ptr<RedisCache> cache_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Redis, CacheContractTest, RedisCacheEnv);

class RedisCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RedisServer*> server = RedisServer::Shared();
    ASSERT_THAT(server, IsOk());
    server_ = *server;
  }

  std::unique_ptr<RedisCache> MakeCache(std::string address) {
    auto cache = RedisCache::Create(RelaxedOptions(std::move(address)), clock_);
    EXPECT_THAT(cache, IsOk());
    return cache.ok() ? *std::move(cache) : nullptr;
  }

  SystemClock clock_;
  RedisServer* server_ = nullptr;
};

TEST_F(RedisCacheTest, RefusesMalformedAddress) {
  EXPECT_THAT(RedisCache::Create({.address = "redis://"}, clock_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RedisCacheTest, WorksOverUnixSocket) {
  auto cache = MakeCache(server_->unix_address());
  ASSERT_NE(cache, nullptr);
  ASSERT_THAT(cache->Set("masar:test:unix", "v", absl::Seconds(60)), IsOk());
  EXPECT_THAT(cache->Get("masar:test:unix"), IsOkAndHolds("v"));
}

TEST_F(RedisCacheTest, KeepsDatabasesApart) {
  // Databases below 16, which the shared server hands to no test process.
  const std::string server =
      absl::StrCat("redis://127.0.0.1:", server_->port());
  auto db2 = MakeCache(server + "/2");
  auto db0 = MakeCache(server + "/0");
  ASSERT_NE(db2, nullptr);
  ASSERT_NE(db0, nullptr);
  ASSERT_THAT(db2->Set("masar:test:db", "two", absl::Seconds(60)), IsOk());
  EXPECT_THAT(db2->Get("masar:test:db"), IsOkAndHolds("two"));
  EXPECT_THAT(db0->Get("masar:test:db"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RedisCacheTest, ScriptsRunAgainAfterTheServerForgetsThem) {
  // A server of its own: SCRIPT FLUSH empties every database's scripts.
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  auto cache = MakeCache((*server)->address());
  ASSERT_NE(cache, nullptr);
  const std::string key = "masar:test:script";
  ASSERT_THAT(cache->Set(key, "v1", absl::Seconds(60)), IsOk());
  ASSERT_THAT(cache->CompareAndSet(key, "v1", "v2", absl::Seconds(60)),
              IsOkAndHolds(true));
  auto address = RedisAddress::Parse((*server)->address());
  ASSERT_THAT(address, IsOk());
  auto admin =
      RedisConnection::Open(*address, absl::Seconds(2), absl::Seconds(2));
  ASSERT_THAT(admin, IsOk());
  ASSERT_THAT((*admin)->Command({"SCRIPT", "FLUSH"}), IsOk());
  EXPECT_THAT(cache->CompareAndSet(key, "v2", "v3", absl::Seconds(60)),
              IsOkAndHolds(true));
  EXPECT_THAT(cache->Get(key), IsOkAndHolds("v3"));
}

TEST_F(RedisCacheTest, WrongTypeIsAFailedPrecondition) {
  auto cache = MakeCache(server_->address());
  ASSERT_NE(cache, nullptr);
  auto address = RedisAddress::Parse(server_->address());
  ASSERT_THAT(address, IsOk());
  auto admin =
      RedisConnection::Open(*address, absl::Seconds(2), absl::Seconds(2));
  ASSERT_THAT(admin, IsOk());
  ASSERT_THAT((*admin)->Command({"RPUSH", "masar:test:list", "x"}), IsOk());
  EXPECT_THAT(cache->Get("masar:test:list"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // A refusal about the data proves the server alive: no breaker trips.
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(cache->Increment("masar:test:list", 1, absl::Seconds(1)),
                StatusIs(absl::StatusCode::kFailedPrecondition));
  }
  EXPECT_THAT(cache->Set("masar:test:fine", "v", absl::Seconds(60)), IsOk());
}

}  // namespace
}  // namespace masar::cache
