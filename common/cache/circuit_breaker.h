#ifndef MASAR_COMMON_CACHE_CIRCUIT_BREAKER_H_
#define MASAR_COMMON_CACHE_CIRCUIT_BREAKER_H_

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"

namespace masar::cache {

struct CircuitBreakerOptions {
  // Consecutive failures that open the breaker.
  int failure_threshold = 3;
  // How long an open breaker refuses calls before letting one probe through.
  absl::Duration cooldown = absl::Seconds(1);
};

// Keeps a dead or hung server from costing every request a full timeout:
// after `failure_threshold` consecutive failures, Allow() refuses at once
// for `cooldown`; then one call goes through as a probe (half-open) and its
// outcome closes or reopens the breaker. Thread-safe.
class CircuitBreaker {
 public:
  // `clock` must outlive the breaker.
  CircuitBreaker(CircuitBreakerOptions options, const Clock& clock);

  // OK when the call may go ahead; else UNAVAILABLE carrying the delay
  // before the next probe (masar::RetryDelay). A caller let through reports
  // the outcome; a probe that never reports is replaced after `cooldown`.
  absl::Status Allow();
  void RecordSuccess();
  void RecordFailure();

 private:
  enum class State { kClosed, kOpen, kHalfOpen };

  const CircuitBreakerOptions options_;
  const Clock& clock_;
  absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kClosed;
  int consecutive_failures_ ABSL_GUARDED_BY(mu_) = 0;
  // kOpen: when the next probe may go; kHalfOpen: when the probe in flight
  // is given up on.
  absl::Time next_probe_ ABSL_GUARDED_BY(mu_);
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_CIRCUIT_BREAKER_H_
