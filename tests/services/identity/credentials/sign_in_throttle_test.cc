#include "services/identity/credentials/sign_in_throttle.h"

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "tests/services/identity/credentials/throttle_scenarios.h"
#include "tests/services/identity/credentials/unavailable_cache.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Each;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::StartsWith;

constexpr absl::string_view kAccount = "amina@example.ma";
constexpr absl::string_view kSource = "198.51.100.7";

// Remembers the keys it was given, to check what reaches the store.
class RecordingCounters final : public ThrottleCounters {
 public:
  explicit RecordingCounters(ThrottleCounters& inner) : inner_(inner) {}
  absl::StatusOr<int64_t> Add(absl::string_view key, int64_t delta,
                              absl::Duration window) override {
    Remember(key);
    return inner_.Add(key, delta, window);
  }
  absl::Status Reset(absl::string_view key) override {
    Remember(key);
    return inner_.Reset(key);
  }
  std::vector<std::string> keys() {
    absl::MutexLock lock(&mu_);
    return keys_;
  }

 private:
  void Remember(absl::string_view key) {
    absl::MutexLock lock(&mu_);
    keys_.emplace_back(key);
  }
  ThrottleCounters& inner_;
  absl::Mutex mu_;
  std::vector<std::string> keys_;
};

class SignInThrottleTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  cache::MemoryCache cache_{clock_};
  cache::MemoryCache fallback_cache_{clock_};
  CacheThrottleCounters primary_{cache_};
  CacheThrottleCounters fallback_{fallback_cache_};
  SignInThrottle throttle_{primary_, fallback_};
};

TEST_F(SignInThrottleTest, AllowsFiveAttemptsPerPairThenRefusesWithADelay) {
  EXPECT_EQ(testing::CountAllowed(throttle_, kAccount, kSource, 5), 5);
  const absl::Status refused = throttle_.Check(kAccount, kSource);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(RetryDelay(refused), Optional(absl::Seconds(1)));
}

TEST_F(SignInThrottleTest, DelayDoublesPastTheLimitAndIsCapped) {
  testing::CountAllowed(throttle_, kAccount, kSource, 5);
  std::vector<absl::Duration> delays;
  for (int i = 0; i < 14; ++i) {
    delays.push_back(*RetryDelay(throttle_.Check(kAccount, kSource)));
  }
  EXPECT_EQ(delays[0], absl::Seconds(1));
  EXPECT_EQ(delays[1], absl::Seconds(2));
  EXPECT_EQ(delays[2], absl::Seconds(4));
  EXPECT_EQ(delays[9], absl::Seconds(512));
  EXPECT_EQ(delays[10], absl::Minutes(15));  // 1024 s, capped at 900 s.
  EXPECT_EQ(delays[13], absl::Minutes(15));
  EXPECT_EQ(throttle_.RetryDelayFor(int64_t{1} << 40), absl::Minutes(15));
}

TEST_F(SignInThrottleTest, TheWindowEndsSoNobodyIsLockedOutForGood) {
  for (int i = 0; i < 30; ++i) throttle_.Check(kAccount, kSource).IgnoreError();
  EXPECT_THAT(throttle_.Check(kAccount, kSource),
              StatusIs(absl::StatusCode::kResourceExhausted));
  clock_.Advance(absl::Minutes(15));
  EXPECT_THAT(throttle_.Check(kAccount, kSource), IsOk());
}

TEST_F(SignInThrottleTest, HammeringDoesNotExtendTheWindow) {
  testing::CountAllowed(throttle_, kAccount, kSource, 5);
  for (int i = 0; i < 14; ++i) {
    clock_.Advance(absl::Minutes(1));
    EXPECT_THAT(throttle_.Check(kAccount, kSource),
                StatusIs(absl::StatusCode::kResourceExhausted));
  }
  clock_.Advance(absl::Minutes(1));  // 15 minutes after the first failure.
  EXPECT_THAT(throttle_.Check(kAccount, kSource), IsOk());
}

TEST_F(SignInThrottleTest, SuccessClearsThePairsFailures) {
  testing::CountAllowed(throttle_, kAccount, kSource, 4);
  ASSERT_THAT(throttle_.Check(kAccount, kSource), IsOk());
  ASSERT_THAT(throttle_.RecordSuccess(kAccount, kSource), IsOk());
  EXPECT_EQ(testing::CountAllowed(throttle_, kAccount, kSource, 6), 5);
}

TEST_F(SignInThrottleTest, ReleaseGivesTheAttemptBack) {
  testing::CountAllowed(throttle_, kAccount, kSource, 4);
  ASSERT_THAT(throttle_.Check(kAccount, kSource), IsOk());
  ASSERT_THAT(throttle_.Release(kAccount, kSource), IsOk());
  EXPECT_THAT(throttle_.Check(kAccount, kSource), IsOk());
  EXPECT_THAT(throttle_.Check(kAccount, kSource),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST_F(SignInThrottleTest, OtherSourcesAndAccountsKeepTheirOwnBudget) {
  testing::CountAllowed(throttle_, kAccount, kSource, 10);
  EXPECT_THAT(throttle_.Check(kAccount, "203.0.113.9"), IsOk());
  EXPECT_THAT(throttle_.Check("omar@example.ma", kSource), IsOk());
}

TEST_F(SignInThrottleTest, AccountLimitHoldsAcrossSources) {
  // A source past its own limit spends nothing of the account's budget.
  testing::CountAllowed(throttle_, kAccount, "192.0.2.1", 50);
  int allowed = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string source = "10.0.0." + std::to_string(i);
    if (throttle_.Check(kAccount, source).ok()) ++allowed;
  }
  EXPECT_EQ(allowed, 20 - 5);
  const absl::Status refused = throttle_.Check(kAccount, "10.1.1.1");
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  // 26 past the account limit (every refused source counted): capped.
  EXPECT_THAT(RetryDelay(refused), Optional(absl::Minutes(15)));
  clock_.Advance(absl::Minutes(15));
  EXPECT_THAT(throttle_.Check(kAccount, "10.1.1.1"), IsOk());
}

TEST_F(SignInThrottleTest, KnownDeviceIsNotCountedAgainstTheAccount) {
  // Four sources spend the account's whole budget; an unknown client is
  // refused from anywhere, the owner's known device is not.
  for (int i = 0; i < 4; ++i) {
    testing::CountAllowed(throttle_, kAccount, "10.0.0." + std::to_string(i),
                          5);
  }
  EXPECT_THAT(throttle_.Check(kAccount, "10.9.9.9"),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(throttle_.Check(kAccount, "10.9.9.9", "device-a"), IsOk());
  // Its success clears its own counters and gives nothing to the account.
  EXPECT_THAT(throttle_.RecordSuccess(kAccount, "10.9.9.9", "device-a"),
              IsOk());
  EXPECT_THAT(throttle_.Check(kAccount, "10.9.9.8"),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST_F(SignInThrottleTest, KnownDeviceMeetsThePairAndItsOwnLimit) {
  // From one source: the pair limit.
  EXPECT_EQ(testing::CountAllowed(throttle_, kAccount, kSource, 10), 5);
  EXPECT_THAT(throttle_.Check(kAccount, kSource, "device-a"),
              StatusIs(absl::StatusCode::kResourceExhausted));
  // A stolen device token used from many sources: the device limit.
  int allowed = 0;
  for (int i = 0; i < 10; ++i) {
    const std::string source = "10.0.1." + std::to_string(i);
    if (throttle_.Check(kAccount, source, "device-b").ok()) ++allowed;
  }
  EXPECT_EQ(allowed, 5);
  // Another device of the account keeps its budget; so does the account.
  EXPECT_THAT(throttle_.Check(kAccount, "10.0.2.1", "device-c"), IsOk());
  EXPECT_THAT(throttle_.Check(kAccount, "10.0.2.2"), IsOk());
}

TEST_F(SignInThrottleTest, LimitsAreConfigurable) {
  SignInThrottle strict(primary_, fallback_,
                        {.pair_limit = 2,
                         .account_limit = 3,
                         .window = absl::Minutes(1),
                         .initial_delay = absl::Seconds(5),
                         .max_delay = absl::Seconds(12)});
  EXPECT_EQ(testing::CountAllowed(strict, "a", "s", 3), 2);
  EXPECT_THAT(RetryDelay(strict.Check("a", "s")), Optional(absl::Seconds(10)));
  EXPECT_THAT(RetryDelay(strict.Check("a", "s")), Optional(absl::Seconds(12)));
  EXPECT_EQ(testing::CountAllowed(strict, "a", "t", 3), 1);
  clock_.Advance(absl::Minutes(1));
  EXPECT_THAT(strict.Check("a", "s"), IsOk());
}

TEST_F(SignInThrottleTest, ParallelGuessesNeverPassTheLimit) {
  for (int round = 0; round < 5; ++round) {
    const std::string account = "parallel" + std::to_string(round);
    EXPECT_EQ(testing::ParallelGuesses(throttle_, account, kSource, 32), 5);
  }
}

TEST_F(SignInThrottleTest, KeysAreNamespacedDigestsWithoutTheEmailOrSource) {
  RecordingCounters recording(primary_);
  SignInThrottle throttle(recording, fallback_);
  ASSERT_THAT(throttle.Check(kAccount, kSource), IsOk());
  ASSERT_THAT(throttle.RecordSuccess(kAccount, kSource), IsOk());
  const std::vector<std::string> keys = recording.keys();
  ASSERT_FALSE(keys.empty());
  EXPECT_THAT(keys,
              Each(AllOf(StartsWith("masar:identity:throttle:"),
                         Not(HasSubstr("amina")), Not(HasSubstr("example")),
                         Not(HasSubstr("198.51")))));
  EXPECT_EQ(PairCounterKey("ab", "c").size(),
            std::string("masar:identity:throttle:pair:").size() + 64);
  EXPECT_NE(PairCounterKey("ab", "c"), PairCounterKey("a", "bc"));
}

TEST_F(SignInThrottleTest, FallsBackWhileTheCacheIsAway) {
  UnavailableCache away;
  CacheThrottleCounters unavailable(away);
  SignInThrottle throttle(unavailable, fallback_);
  EXPECT_EQ(testing::CountAllowed(throttle, kAccount, kSource, 8), 5);
  EXPECT_GT(away.calls(), 0);
  EXPECT_THAT(throttle.RecordSuccess(kAccount, kSource), IsOk());
  EXPECT_EQ(testing::CountAllowed(throttle, kAccount, kSource, 8), 5);
}

TEST_F(SignInThrottleTest, RefusesWhenNeitherStoreAnswers) {
  UnavailableCache away;
  CacheThrottleCounters unavailable(away);
  SignInThrottle throttle(unavailable, unavailable);
  EXPECT_THAT(throttle.Check(kAccount, kSource),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace masar::identity
