#ifndef MASAR_COMMON_EXECUTOR_BOUNDED_EXECUTOR_H_
#define MASAR_COMMON_EXECUTOR_BOUNDED_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace masar {

// A fixed pool of threads for blocking work (SQL, hiredis) with a bounded
// queue: work beyond the bound is refused at once, never queued without
// limit, so an overloaded server answers RESOURCE_EXHAUSTED instead of
// growing memory and latency. gRPC's callback threads hand blocking work
// here and stay free for cheap calls.
class BoundedExecutor {
 public:
  // `threads` >= 1 run tasks; at most `max_queued` wait for one.
  BoundedExecutor(int threads, int max_queued);
  // Runs what is queued, then joins the threads.
  ~BoundedExecutor();

  BoundedExecutor(const BoundedExecutor&) = delete;
  BoundedExecutor& operator=(const BoundedExecutor&) = delete;

  // Queues `task`; false, without running it, when the queue is full or
  // the executor is shutting down.
  bool TrySchedule(absl::AnyInvocable<void() &&> task);

  int queued() const;
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Work();

  const int max_queued_;
  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace masar

#endif  // MASAR_COMMON_EXECUTOR_BOUNDED_EXECUTOR_H_
