#ifndef MASAR_TESTS_COMMON_CACHE_CACHE_CONTRACT_H_
#define MASAR_TESTS_COMMON_CACHE_CACHE_CONTRACT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/cache/inbox.h"

// The behaviour every Cache shares, instantiated once per implementation
// (memory_cache_test.cc, redis_cache_test.cc). An environment type provides
//   absl::Status SetUp();           // builds the cache
//   Cache& cache();
//   void LetTimePass(absl::Duration); // a fake clock, or real sleep
namespace masar::cache {

template <typename Env>
class CacheContractTest : public ::testing::Test {
 protected:
  // Delivery is asynchronous for both caches; this is how long a test
  // waits for a message that should come (it returns as soon as it does).
  static constexpr absl::Duration kDelivery = absl::Seconds(5);

  void SetUp() override { ASSERT_THAT(env_.SetUp(), testing::IsOk()); }

  Cache& cache() { return env_.cache(); }

  // Unique per test, so that tests sharing one Redis never see each other.
  static std::string Key(absl::string_view name) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    return absl::StrCat("masar:test:", test->test_suite_name(), ".",
                        test->name(), ":", name);
  }

  Env env_;
};

TYPED_TEST_SUITE_P(CacheContractTest);

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TYPED_TEST_P(CacheContractTest, GetOfAbsentKeyIsNotFound) {
  EXPECT_THAT(this->cache().Get(this->Key("absent")),
              StatusIs(absl::StatusCode::kNotFound));
}

TYPED_TEST_P(CacheContractTest, SetThenGetReturnsValueVerbatim) {
  const std::string key = this->Key("k");
  const std::string binary("a\0b\r\n\xff", 6);
  ASSERT_THAT(this->cache().Set(key, binary, absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds(binary));
  ASSERT_THAT(this->cache().Set(key, "", absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds(""));
}

TYPED_TEST_P(CacheContractTest, SetOverwrites) {
  const std::string key = this->Key("k");
  ASSERT_THAT(this->cache().Set(key, "one", absl::Seconds(60)), IsOk());
  ASSERT_THAT(this->cache().Set(key, "two", absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("two"));
}

TYPED_TEST_P(CacheContractTest, ValueExpiresAfterTtl) {
  const std::string key = this->Key("k");
  ASSERT_THAT(this->cache().Set(key, "v", absl::Seconds(1)), IsOk());
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("v"));
  this->env_.LetTimePass(absl::Milliseconds(1500));
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
}

TYPED_TEST_P(CacheContractTest, RefusesTtlThatIsNotPositiveAndFinite) {
  const std::string key = this->Key("k");
  for (absl::Duration ttl : {absl::ZeroDuration(), absl::Seconds(-1),
                             absl::InfiniteDuration()}) {
    EXPECT_THAT(this->cache().Set(key, "v", ttl),
                StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(this->cache().SetIfAbsent(key, "v", ttl),
                StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(this->cache().Increment(key, 1, ttl),
                StatusIs(absl::StatusCode::kInvalidArgument));
  }
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
}

TYPED_TEST_P(CacheContractTest, SetIfAbsentStoresOnlyWhenAbsent) {
  const std::string key = this->Key("k");
  EXPECT_THAT(this->cache().SetIfAbsent(key, "first", absl::Seconds(1)),
              IsOkAndHolds(true));
  EXPECT_THAT(this->cache().SetIfAbsent(key, "second", absl::Seconds(1)),
              IsOkAndHolds(false));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("first"));
  this->env_.LetTimePass(absl::Milliseconds(1500));
  EXPECT_THAT(this->cache().SetIfAbsent(key, "third", absl::Seconds(60)),
              IsOkAndHolds(true));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("third"));
}

TYPED_TEST_P(CacheContractTest, CompareAndSetReplacesOnlyTheExpectedValue) {
  const std::string key = this->Key("k");
  EXPECT_THAT(this->cache().CompareAndSet(key, "", "v", absl::Seconds(60)),
              IsOkAndHolds(false));
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(this->cache().Set(key, "v1", absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().CompareAndSet(key, "v0", "v2", absl::Seconds(60)),
              IsOkAndHolds(false));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("v1"));
  EXPECT_THAT(this->cache().CompareAndSet(key, "v1", "v2", absl::Seconds(60)),
              IsOkAndHolds(true));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("v2"));
}

TYPED_TEST_P(CacheContractTest, CompareAndSetGivesTheNewTtl) {
  const std::string key = this->Key("k");
  ASSERT_THAT(this->cache().Set(key, "v1", absl::Seconds(60)), IsOk());
  ASSERT_THAT(this->cache().CompareAndSet(key, "v1", "v2", absl::Seconds(1)),
              IsOkAndHolds(true));
  this->env_.LetTimePass(absl::Milliseconds(1500));
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
}

TYPED_TEST_P(CacheContractTest, DeleteRemovesAndAcceptsAbsentKeys) {
  const std::string key = this->Key("k");
  ASSERT_THAT(this->cache().Set(key, "v", absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().Delete(key), IsOk());
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(this->cache().Delete(key), IsOk());
}

TYPED_TEST_P(CacheContractTest, DeleteIfEqualsRemovesOnlyTheExpectedValue) {
  const std::string key = this->Key("lock");
  EXPECT_THAT(this->cache().DeleteIfEquals(key, "owner"), IsOkAndHolds(false));
  ASSERT_THAT(this->cache().Set(key, "owner-1", absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().DeleteIfEquals(key, "owner-2"),
              IsOkAndHolds(false));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("owner-1"));
  EXPECT_THAT(this->cache().DeleteIfEquals(key, "owner-1"),
              IsOkAndHolds(true));
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
}

TYPED_TEST_P(CacheContractTest, IncrementCountsFromZero) {
  const std::string key = this->Key("counter");
  EXPECT_THAT(this->cache().Increment(key, 1, absl::Seconds(60)),
              IsOkAndHolds(1));
  EXPECT_THAT(this->cache().Increment(key, 41, absl::Seconds(60)),
              IsOkAndHolds(42));
  EXPECT_THAT(this->cache().Increment(key, -50, absl::Seconds(60)),
              IsOkAndHolds(-8));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("-8"));
}

TYPED_TEST_P(CacheContractTest, IncrementKeepsTheTtlOfTheCounterItCreated) {
  const std::string key = this->Key("counter");
  ASSERT_THAT(this->cache().Increment(key, 1, absl::Seconds(1)),
              IsOkAndHolds(1));
  this->env_.LetTimePass(absl::Milliseconds(600));
  // A later increment must not extend the window the first one opened.
  ASSERT_THAT(this->cache().Increment(key, 1, absl::Seconds(1)),
              IsOkAndHolds(2));
  this->env_.LetTimePass(absl::Milliseconds(900));
  EXPECT_THAT(this->cache().Get(key), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(this->cache().Increment(key, 5, absl::Seconds(1)),
              IsOkAndHolds(5));
}

TYPED_TEST_P(CacheContractTest, IncrementRefusesNonIntegerValues) {
  const std::string key = this->Key("k");
  ASSERT_THAT(this->cache().Set(key, "twelve", absl::Seconds(60)), IsOk());
  EXPECT_THAT(this->cache().Increment(key, 1, absl::Seconds(60)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(this->cache().Get(key), IsOkAndHolds("twelve"));
}

TYPED_TEST_P(CacheContractTest, IncrementIsAtomicUnderContention) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 1000;
  const std::string key = this->Key("counter");
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!this->cache().Increment(key, 1, absl::Seconds(60)).ok()) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::Each(0));
  EXPECT_THAT(this->cache().Get(key),
              IsOkAndHolds(absl::StrCat(kThreads * kPerThread)));
}

TYPED_TEST_P(CacheContractTest, PublishReachesEverySubscriberInOrder) {
  const std::string channel = this->Key("channel");
  Inbox first, second, elsewhere;
  auto a = this->cache().Subscribe(channel, first.OnMessage(),
                                   first.OnReconnect());
  auto b = this->cache().Subscribe(channel, second.OnMessage(),
                                   second.OnReconnect());
  auto c = this->cache().Subscribe(this->Key("other"), elsewhere.OnMessage(),
                                   elsewhere.OnReconnect());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(c, IsOk());
  for (absl::string_view message : {"m1", "m2", "m3"}) {
    ASSERT_THAT(this->cache().Publish(channel, message), IsOk());
  }
  ASSERT_TRUE(first.WaitForMessages(3, this->kDelivery));
  ASSERT_TRUE(second.WaitForMessages(3, this->kDelivery));
  EXPECT_THAT(first.messages(), ElementsAre("m1", "m2", "m3"));
  EXPECT_THAT(second.messages(), ElementsAre("m1", "m2", "m3"));
  EXPECT_THAT(elsewhere.messages(), IsEmpty());
  EXPECT_EQ(first.reconnects(), 0);
}

TYPED_TEST_P(CacheContractTest, PublishWithoutSubscribersSucceeds) {
  EXPECT_THAT(this->cache().Publish(this->Key("nobody"), "m"), IsOk());
}

TYPED_TEST_P(CacheContractTest, DestroyedSubscriptionReceivesNothingMore) {
  const std::string channel = this->Key("channel");
  Inbox gone, staying;
  auto leaving = this->cache().Subscribe(channel, gone.OnMessage(),
                                         gone.OnReconnect());
  auto remaining = this->cache().Subscribe(channel, staying.OnMessage(),
                                           staying.OnReconnect());
  ASSERT_THAT(leaving, IsOk());
  ASSERT_THAT(remaining, IsOk());
  ASSERT_THAT(this->cache().Publish(channel, "before"), IsOk());
  ASSERT_TRUE(gone.WaitForMessages(1, this->kDelivery));
  leaving->reset();
  ASSERT_THAT(this->cache().Publish(channel, "after"), IsOk());
  ASSERT_TRUE(staying.WaitForMessages(2, this->kDelivery));
  EXPECT_THAT(gone.messages(), ElementsAre("before"));
}

REGISTER_TYPED_TEST_SUITE_P(
    CacheContractTest, GetOfAbsentKeyIsNotFound, SetThenGetReturnsValueVerbatim,
    SetOverwrites, ValueExpiresAfterTtl, RefusesTtlThatIsNotPositiveAndFinite,
    SetIfAbsentStoresOnlyWhenAbsent, CompareAndSetReplacesOnlyTheExpectedValue,
    CompareAndSetGivesTheNewTtl, DeleteRemovesAndAcceptsAbsentKeys,
    DeleteIfEqualsRemovesOnlyTheExpectedValue, IncrementCountsFromZero,
    IncrementKeepsTheTtlOfTheCounterItCreated,
    IncrementRefusesNonIntegerValues, IncrementIsAtomicUnderContention,
    PublishReachesEverySubscriberInOrder, PublishWithoutSubscribersSucceeds,
    DestroyedSubscriptionReceivesNothingMore);

}  // namespace masar::cache

#endif  // MASAR_TESTS_COMMON_CACHE_CACHE_CONTRACT_H_
