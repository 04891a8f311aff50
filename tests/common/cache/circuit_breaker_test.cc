#include "common/cache/circuit_breaker.h"

#include "common/clock/clock.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::cache {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  void Fail(int times) {
    for (int i = 0; i < times; ++i) {
      ASSERT_THAT(breaker_.Allow(), IsOk());
      breaker_.RecordFailure();
    }
  }

  FakeClock clock_;
  CircuitBreaker breaker_{{.failure_threshold = 3, .cooldown = absl::Seconds(1)},
                          clock_};
};

TEST_F(CircuitBreakerTest, OpensAfterConsecutiveFailures) {
  Fail(3);
  const absl::Status refused = breaker_.Allow();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(RetryDelay(refused), absl::Seconds(1));
}

TEST_F(CircuitBreakerTest, SuccessResetsTheCount) {
  Fail(2);
  breaker_.RecordSuccess();
  Fail(2);
  EXPECT_THAT(breaker_.Allow(), IsOk());
}

TEST_F(CircuitBreakerTest, LetsOneProbeThroughAfterTheCooldown) {
  Fail(3);
  clock_.Advance(absl::Milliseconds(999));
  EXPECT_THAT(breaker_.Allow(), StatusIs(absl::StatusCode::kUnavailable));
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_THAT(breaker_.Allow(), IsOk());
  EXPECT_THAT(breaker_.Allow(), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(CircuitBreakerTest, SuccessfulProbeCloses) {
  Fail(3);
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(breaker_.Allow(), IsOk());
  breaker_.RecordSuccess();
  EXPECT_THAT(breaker_.Allow(), IsOk());
  EXPECT_THAT(breaker_.Allow(), IsOk());
}

TEST_F(CircuitBreakerTest, FailedProbeReopensForAnotherCooldown) {
  Fail(3);
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(breaker_.Allow(), IsOk());
  breaker_.RecordFailure();
  clock_.Advance(absl::Milliseconds(999));
  EXPECT_THAT(breaker_.Allow(), StatusIs(absl::StatusCode::kUnavailable));
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_THAT(breaker_.Allow(), IsOk());
}

TEST_F(CircuitBreakerTest, ProbeThatNeverReportsIsReplaced) {
  Fail(3);
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(breaker_.Allow(), IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(breaker_.Allow(), IsOk());
}

}  // namespace
}  // namespace masar::cache
