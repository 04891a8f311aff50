#ifndef MASAR_COMMON_EXECUTOR_PERIODIC_H_
#define MASAR_COMMON_EXECUTOR_PERIODIC_H_

#include <functional>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace masar {

// Runs a task on a thread of its own every interval until stopped: the
// shape of a service's upkeep (purges, sweeps, checkpoints). The task logs
// its own failures; it must return promptly once Stop is called, so a long
// pass is best cut into short steps.
class Periodic {
 public:
  Periodic() = default;
  // Stops the thread.
  ~Periodic() { Stop(); }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  // Runs `task` every `interval` (first at once when `run_now`, otherwise
  // one interval from now). Call once.
  void Start(absl::Duration interval, std::function<void()> task,
             bool run_now = false) {
    thread_ = std::thread([this, interval, task = std::move(task), run_now] {
      if (run_now) task();
      while (!stop_.WaitForNotificationWithTimeout(interval)) task();
    });
  }

  // True once Stop was called: what a long pass checks between its steps.
  bool stopping() const { return stop_.HasBeenNotified(); }

  // Started and not stopped yet.
  bool running() const { return thread_.joinable(); }

  // Waits for a pass under way to end; no pass starts after it returns.
  void Stop() {
    if (!thread_.joinable()) return;
    stop_.Notify();
    thread_.join();
  }

 private:
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace masar

#endif  // MASAR_COMMON_EXECUTOR_PERIODIC_H_
