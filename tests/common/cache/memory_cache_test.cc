#include "common/cache/memory_cache.h"

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/cache/lru_store.h"
#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/cache/cache_contract.h"
#include "tests/common/cache/inbox.h"

namespace masar::cache {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

class MemoryCacheEnv {
 public:
  absl::Status SetUp() {
    cache_ = std::make_unique<MemoryCache>(clock_);
    return absl::OkStatus();
  }
  Cache& cache() { return *cache_; }
  void LetTimePass(absl::Duration duration) { clock_.Advance(duration); }

 private:
  FakeClock clock_;
  std::unique_ptr<MemoryCache> cache_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, CacheContractTest, MemoryCacheEnv);

class MemoryCacheTest : public ::testing::Test {
 protected:
  FakeClock clock_;
};

TEST_F(MemoryCacheTest, ExpiresExactlyAtTheTtl) {
  MemoryCache cache(clock_);
  ASSERT_THAT(cache.Set("k", "v", absl::Seconds(10)), IsOk());
  clock_.Advance(absl::Seconds(10) - absl::Nanoseconds(1));
  EXPECT_THAT(cache.Get("k"), IsOkAndHolds("v"));
  clock_.Advance(absl::Nanoseconds(1));
  EXPECT_THAT(cache.Get("k"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(MemoryCacheTest, EvictsTheLeastRecentlyUsedEntry) {
  MemoryCache cache(clock_, {.max_entries = 3, .shards = 1});
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_THAT(cache.Set(key, "v", absl::Seconds(60)), IsOk());
  }
  ASSERT_THAT(cache.Get("a"), IsOk());  // "b" is now the oldest in use
  ASSERT_THAT(cache.Set("d", "v", absl::Seconds(60)), IsOk());
  EXPECT_THAT(cache.Get("b"), StatusIs(absl::StatusCode::kNotFound));
  for (const char* key : {"a", "c", "d"}) {
    EXPECT_THAT(cache.Get(key), IsOk()) << key;
  }
}

TEST_F(MemoryCacheTest, StaysWithinTheByteBudget) {
  const std::string value(100, 'x');
  const size_t cost = 1 + value.size() + LruStore::kEntryOverhead;
  MemoryCache cache(clock_, {.max_bytes = 2 * cost, .shards = 1});
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_THAT(cache.Set(key, value, absl::Seconds(60)), IsOk());
  }
  EXPECT_THAT(cache.Get("a"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(cache.Get("b"), IsOk());
  EXPECT_THAT(cache.Get("c"), IsOk());
}

TEST_F(MemoryCacheTest, RefusesAnEntryLargerThanTheBudget) {
  MemoryCache cache(clock_, {.max_bytes = 1000, .shards = 1});
  ASSERT_THAT(cache.Set("k", "small", absl::Seconds(60)), IsOk());
  EXPECT_THAT(cache.Set("k", std::string(2000, 'x'), absl::Seconds(60)),
              StatusIs(absl::StatusCode::kResourceExhausted));
  // The old value must not survive a write that was refused.
  EXPECT_THAT(cache.Get("k"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(MemoryCacheTest, ShardedCacheNeverExceedsItsEntryBound) {
  constexpr int kBound = 160;
  MemoryCache cache(clock_, {.max_entries = kBound, .shards = 16});
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_THAT(cache.Set(absl::StrCat("key", i), "v", absl::Seconds(60)),
                IsOk());
  }
  int present = 0;
  for (int i = 0; i < 10'000; ++i) {
    if (cache.Get(absl::StrCat("key", i)).ok()) ++present;
  }
  EXPECT_LE(present, kBound);
  EXPECT_GT(present, kBound / 2);
}

TEST_F(MemoryCacheTest, ExpiredEntriesDoNotCountAsPresent) {
  MemoryCache cache(clock_, {.max_entries = 1, .shards = 1});
  ASSERT_THAT(cache.Set("old", "v", absl::Seconds(1)), IsOk());
  clock_.Advance(absl::Seconds(2));
  EXPECT_THAT(cache.SetIfAbsent("old", "new", absl::Seconds(1)),
              IsOkAndHolds(true));
  EXPECT_THAT(cache.CompareAndSet("old", "v", "x", absl::Seconds(1)),
              IsOkAndHolds(false));
}

TEST_F(MemoryCacheTest, DeliversOnItsOwnThread) {
  MemoryCache cache(clock_);
  absl::Notification delivered;
  std::thread::id delivery_thread;
  auto subscription = cache.Subscribe(
      "c",
      [&](absl::string_view) {
        delivery_thread = std::this_thread::get_id();
        delivered.Notify();
      },
      nullptr);
  ASSERT_THAT(subscription, IsOk());
  ASSERT_THAT(cache.Publish("c", "m"), IsOk());
  ASSERT_TRUE(delivered.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_NE(delivery_thread, std::this_thread::get_id());
}

TEST_F(MemoryCacheTest, SubscriptionMayEndInsideItsOwnCallback) {
  MemoryCache cache(clock_);
  std::unique_ptr<Cache::Subscription> subscription;
  absl::Notification ended;
  auto created = cache.Subscribe(
      "c",
      [&](absl::string_view) {
        subscription.reset();
        ended.Notify();
      },
      nullptr);
  ASSERT_THAT(created, IsOk());
  subscription = *std::move(created);
  ASSERT_THAT(cache.Publish("c", "m"), IsOk());
  EXPECT_TRUE(ended.WaitForNotificationWithTimeout(absl::Seconds(5)));
}

TEST_F(MemoryCacheTest, PublishRefusesWhenSubscribersFallTooFarBehind) {
  MemoryCache cache(clock_, {.max_pending_messages = 2});
  absl::Notification busy, release;
  Inbox inbox;
  auto subscription = cache.Subscribe(
      "c",
      [&](absl::string_view message) {
        if (!busy.HasBeenNotified()) busy.Notify();
        release.WaitForNotification();
        inbox.OnMessage()(message);
      },
      nullptr);
  ASSERT_THAT(subscription, IsOk());
  // The first message occupies the delivery thread; two more fill the queue.
  ASSERT_THAT(cache.Publish("c", "m"), IsOk());
  busy.WaitForNotification();
  for (int i = 0; i < 2; ++i) ASSERT_THAT(cache.Publish("c", "m"), IsOk());
  EXPECT_THAT(cache.Publish("c", "m"),
              StatusIs(absl::StatusCode::kUnavailable));
  release.Notify();
  EXPECT_TRUE(inbox.WaitForMessages(3, absl::Seconds(5)));
}

}  // namespace
}  // namespace masar::cache
