#include <functional>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/cache/inbox.h"
#include "tests/testing/redis/redis_server.h"

// What callers see when Redis dies, restarts or hangs. Each test owns its
// server, since it breaks it. Bounds are generous (the point is "a few
// milliseconds, not seconds"), so that a busy machine does not fail them.
namespace masar::cache {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::RedisServer;
using ::masar::testing::StatusIs;

constexpr absl::Duration kSlowestFailure = absl::Milliseconds(500);
constexpr absl::Duration kRecovery = absl::Seconds(10);

absl::Duration Timed(const std::function<void()>& work) {
  const absl::Time start = absl::Now();
  work();
  return absl::Now() - start;
}

// Polls `condition` until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return condition();
}

class RedisCacheFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  // Production timeouts; the breaker's cool-down is the test's to choose.
  std::unique_ptr<RedisCache> MakeCache(absl::Duration cooldown) {
    RedisCacheOptions options{.address = server_->address()};
    options.breaker.cooldown = cooldown;
    options.subscribe_ping_interval = absl::Milliseconds(200);
    auto cache = RedisCache::Create(options, clock_);
    EXPECT_THAT(cache, IsOk());
    return cache.ok() ? *std::move(cache) : nullptr;
  }

  SystemClock clock_;
  std::unique_ptr<RedisServer> server_;
};

TEST_F(RedisCacheFaultTest, KilledRedisAnswersUnavailableQuickly) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  ASSERT_THAT(cache->Set("masar:test:k", "v", absl::Seconds(60)), IsOk());
  server_->Kill();
  for (int i = 0; i < 20; ++i) {
    const absl::Duration took = Timed([&] {
      EXPECT_THAT(cache->Get("masar:test:k"),
                  StatusIs(absl::StatusCode::kUnavailable));
    });
    EXPECT_LT(took, kSlowestFailure) << "call " << i;
  }
}

TEST_F(RedisCacheFaultTest, HungRedisTimesOutThenTheBreakerFailsFast) {
  auto cache = MakeCache(absl::Seconds(30));
  ASSERT_NE(cache, nullptr);
  ASSERT_THAT(cache->Set("masar:test:k", "v", absl::Seconds(60)), IsOk());
  server_->Pause();
  // Up to the failure threshold, each call waits out the command timeout.
  for (int i = 0; i < 3; ++i) {
    const absl::Duration took = Timed([&] {
      EXPECT_THAT(cache->Get("masar:test:k"),
                  StatusIs(absl::StatusCode::kUnavailable));
    });
    EXPECT_LT(took, kSlowestFailure) << "call " << i;
  }
  // Then the breaker answers at once: 100 calls in far less than one
  // command timeout each would cost (5 s).
  const absl::Duration took = Timed([&] {
    for (int i = 0; i < 100; ++i) {
      EXPECT_THAT(cache->Get("masar:test:k"),
                  StatusIs(absl::StatusCode::kUnavailable));
    }
  });
  EXPECT_LT(took, absl::Milliseconds(200));
  server_->Resume();
}

TEST_F(RedisCacheFaultTest, ServesAgainAfterRestart) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  ASSERT_THAT(cache->Set("masar:test:k", "v", absl::Seconds(60)), IsOk());
  server_->Kill();
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(cache->Get("masar:test:k"),
                StatusIs(absl::StatusCode::kUnavailable));
  }
  ASSERT_THAT(server_->Restart(), IsOk());
  EXPECT_TRUE(Eventually(
      [&] { return cache->Set("masar:test:k2", "v2", absl::Seconds(60)).ok(); },
      kRecovery));
  EXPECT_THAT(cache->Get("masar:test:k2"), IsOkAndHolds("v2"));
  // Nothing was persisted: the restarted server starts empty.
  EXPECT_THAT(cache->Get("masar:test:k"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(cache->Increment("masar:test:n", 2, absl::Seconds(60)),
              IsOkAndHolds(2));
}

TEST_F(RedisCacheFaultTest, ServesAgainWhenAHungRedisResumes) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  server_->Pause();
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(cache->Set("masar:test:k", "v", absl::Seconds(60)),
                StatusIs(absl::StatusCode::kUnavailable));
  }
  server_->Resume();
  EXPECT_TRUE(Eventually(
      [&] { return cache->Set("masar:test:k", "v", absl::Seconds(60)).ok(); },
      kRecovery));
  EXPECT_THAT(cache->Get("masar:test:k"), IsOkAndHolds("v"));
}

TEST_F(RedisCacheFaultTest, SubscriptionResubscribesAfterRestart) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  Inbox inbox;
  auto subscription = cache->Subscribe("masar:test:revocations",
                                       inbox.OnMessage(), inbox.OnReconnect());
  ASSERT_THAT(subscription, IsOk());
  ASSERT_THAT(cache->Publish("masar:test:revocations", "before"), IsOk());
  ASSERT_TRUE(inbox.WaitForMessages(1, kRecovery));
  server_->Kill();
  ASSERT_THAT(server_->Restart(), IsOk());
  ASSERT_TRUE(inbox.WaitForReconnects(1, kRecovery));
  // on_reconnect comes once subscribed again, so this publish is delivered.
  EXPECT_TRUE(Eventually(
      [&] { return cache->Publish("masar:test:revocations", "after").ok(); },
      kRecovery));
  ASSERT_TRUE(inbox.WaitForMessages(2, kRecovery));
  EXPECT_THAT(inbox.messages(), ::testing::ElementsAre("before", "after"));
}

TEST_F(RedisCacheFaultTest, SubscriptionStartsWhenRedisComesUp) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  ASSERT_THAT(server_->Stop(), IsOk());
  Inbox inbox;
  absl::StatusOr<std::unique_ptr<Cache::Subscription>> subscription;
  const absl::Duration took = Timed([&] {
    subscription = cache->Subscribe("masar:test:c", inbox.OnMessage(),
                                    inbox.OnReconnect());
  });
  ASSERT_THAT(subscription, IsOk());
  EXPECT_LT(took, kSlowestFailure);
  ASSERT_THAT(server_->Restart(), IsOk());
  ASSERT_TRUE(inbox.WaitForReconnects(1, kRecovery));
  EXPECT_TRUE(Eventually(
      [&] { return cache->Publish("masar:test:c", "m").ok(); }, kRecovery));
  EXPECT_TRUE(inbox.WaitForMessages(1, kRecovery));
}

TEST_F(RedisCacheFaultTest, SubscriptionReplacesAConnectionToAHungRedis) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  Inbox inbox;
  auto subscription = cache->Subscribe("masar:test:c", inbox.OnMessage(),
                                       inbox.OnReconnect());
  ASSERT_THAT(subscription, IsOk());
  server_->Pause();
  // Long enough for a PING to go out and stay unanswered (2 x 200 ms).
  absl::SleepFor(absl::Seconds(1));
  server_->Resume();
  ASSERT_TRUE(inbox.WaitForReconnects(1, kRecovery));
  EXPECT_TRUE(Eventually(
      [&] { return cache->Publish("masar:test:c", "m").ok(); }, kRecovery));
  EXPECT_TRUE(inbox.WaitForMessages(1, kRecovery));
}

TEST_F(RedisCacheFaultTest, SubscriptionEndsPromptlyWhileRedisHangs) {
  auto cache = MakeCache(absl::Milliseconds(100));
  ASSERT_NE(cache, nullptr);
  Inbox inbox;
  auto subscription = cache->Subscribe("masar:test:c", inbox.OnMessage(),
                                       inbox.OnReconnect());
  ASSERT_THAT(subscription, IsOk());
  server_->Pause();
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_LT(Timed([&] { subscription->reset(); }), kSlowestFailure);
}

}  // namespace
}  // namespace masar::cache
