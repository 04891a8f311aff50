#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "tests/services/identity/credentials/throttle_scenarios.h"
#include "tests/services/identity/credentials/unavailable_cache.h"
#include "tests/testing/redis/redis_server.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::RedisServer;
using ::masar::testing::StatusIs;
using ::testing::Optional;

// SignInThrottle on a real Redis; the fallback is never needed, so it is a
// store that would fail every call.
class ThrottleRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RedisServer*> server = RedisServer::Shared();
    ASSERT_THAT(server, IsOk());
    absl::StatusOr<std::unique_ptr<cache::RedisCache>> cache =
        cache::RedisCache::Create({.address = (*server)->address(),
                                   .connect_timeout = absl::Seconds(2),
                                   .command_timeout = absl::Seconds(2),
                                   .max_connections = 32},
                                  clock_);
    ASSERT_THAT(cache, IsOk());
    cache_ = *std::move(cache);
    counters_ = std::make_unique<CacheThrottleCounters>(*cache_);
  }

  // A fresh account per test: the shared server outlives each test.
  std::string Account() {
    return std::string(::testing::UnitTest::GetInstance()
                           ->current_test_info()
                           ->name()) +
           "@example.ma";
  }

  SystemClock clock_;
  std::unique_ptr<cache::RedisCache> cache_;
  std::unique_ptr<CacheThrottleCounters> counters_;
  UnavailableCache away_;
  CacheThrottleCounters no_fallback_{away_};
};

TEST_F(ThrottleRedisTest, LimitsThePairAndDelaysGrow) {
  SignInThrottle throttle(*counters_, no_fallback_);
  EXPECT_EQ(testing::CountAllowed(throttle, Account(), "s", 5), 5);
  EXPECT_THAT(RetryDelay(throttle.Check(Account(), "s")),
              Optional(absl::Seconds(1)));
  EXPECT_THAT(RetryDelay(throttle.Check(Account(), "s")),
              Optional(absl::Seconds(2)));
  EXPECT_EQ(away_.calls(), 0);
}

TEST_F(ThrottleRedisTest, SuccessAndReleaseGiveAttemptsBack) {
  SignInThrottle throttle(*counters_, no_fallback_);
  testing::CountAllowed(throttle, Account(), "s", 5);
  ASSERT_THAT(throttle.RecordSuccess(Account(), "s"), IsOk());
  EXPECT_EQ(testing::CountAllowed(throttle, Account(), "s", 4), 4);
  ASSERT_THAT(throttle.Check(Account(), "s"), IsOk());
  ASSERT_THAT(throttle.Release(Account(), "s"), IsOk());
  EXPECT_THAT(throttle.Check(Account(), "s"), IsOk());
  EXPECT_THAT(throttle.Check(Account(), "s"),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST_F(ThrottleRedisTest, RedisExpiresTheWindow) {
  SignInThrottle throttle(*counters_, no_fallback_,
                          {.window = absl::Milliseconds(300)});
  testing::CountAllowed(throttle, Account(), "s", 8);
  EXPECT_THAT(throttle.Check(Account(), "s"),
              StatusIs(absl::StatusCode::kResourceExhausted));
  absl::SleepFor(absl::Milliseconds(600));
  EXPECT_THAT(throttle.Check(Account(), "s"), IsOk());
}

TEST_F(ThrottleRedisTest, ParallelGuessesNeverPassTheLimit) {
  SignInThrottle throttle(*counters_, no_fallback_);
  for (int round = 0; round < 3; ++round) {
    const std::string account = Account() + std::to_string(round);
    EXPECT_EQ(testing::ParallelGuesses(throttle, account, "s", 32), 5);
  }
}

TEST_F(ThrottleRedisTest,
       AccountLimitHoldsUnderParallelGuessesFromManySources) {
  SignInThrottle throttle(*counters_, no_fallback_);
  const std::string account = Account();
  std::atomic<int> allowed = 0;
  std::vector<std::thread> guessers;
  for (int i = 0; i < 32; ++i) {
    guessers.emplace_back([&, i] {
      for (int k = 0; k < 3; ++k) {
        if (throttle.Check(account, "source" + std::to_string(i)).ok()) {
          ++allowed;
        }
      }
    });
  }
  for (std::thread& t : guessers) t.join();
  EXPECT_EQ(allowed, 20);
}

}  // namespace
}  // namespace masar::identity
