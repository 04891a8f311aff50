#include "common/executor/periodic.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

TEST(PeriodicTest, RunsFirstAtOnceWhenAskedThenEveryInterval) {
  std::atomic<int> runs{0};
  absl::Notification third;
  Periodic periodic;
  periodic.Start(absl::Milliseconds(10), [&] {
    if (++runs == 3) third.Notify();
  }, /*run_now=*/true);
  ASSERT_TRUE(third.WaitForNotificationWithTimeout(absl::Seconds(30)));
  periodic.Stop();
  const int stopped_at = runs;
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(runs, stopped_at) << "no pass after Stop";
}

TEST(PeriodicTest, WithoutRunNowWaitsOneIntervalAndStopsWithoutWaitingForIt) {
  std::atomic<int> runs{0};
  Periodic periodic;
  periodic.Start(absl::Hours(1), [&] { ++runs; });
  const absl::Time before = absl::Now();
  periodic.Stop();
  EXPECT_LT(absl::Now() - before, absl::Minutes(1));
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace masar
