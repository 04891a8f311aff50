#include "common/executor/bounded_executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

TEST(BoundedExecutorTest, RunsEveryAcceptedTask) {
  std::atomic<int> ran{0};
  int accepted = 0;
  {
    BoundedExecutor executor(3, 1000);
    for (int i = 0; i < 500; ++i) {
      if (executor.TrySchedule([&ran] { ++ran; })) ++accepted;
    }
  }  // the destructor runs what is queued
  EXPECT_EQ(accepted, 500);
  EXPECT_EQ(ran.load(), 500);
}

TEST(BoundedExecutorTest, RefusesWorkBeyondTheBoundAtOnce) {
  BoundedExecutor executor(1, 2);
  absl::Notification started, release;
  ASSERT_TRUE(executor.TrySchedule([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();  // the only thread is busy
  EXPECT_TRUE(executor.TrySchedule([] {}));
  EXPECT_TRUE(executor.TrySchedule([] {}));
  EXPECT_EQ(executor.queued(), 2);
  EXPECT_FALSE(executor.TrySchedule([] {})) << "the queue holds two";
  release.Notify();
}

TEST(BoundedExecutorTest, MoveOnlyTasksAreAccepted) {
  auto value = std::make_unique<int>(7);
  std::atomic<int> seen{0};
  {
    BoundedExecutor executor(1, 1);
    ASSERT_TRUE(executor.TrySchedule(
        [v = std::move(value), &seen]() mutable { seen = *v; }));
  }
  EXPECT_EQ(seen.load(), 7);
}

}  // namespace
}  // namespace masar
