#include "common/cache/circuit_breaker.h"

#include "common/status/errors.h"

namespace masar::cache {

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options,
                               const Clock& clock)
    : options_(options), clock_(clock) {}

absl::Status CircuitBreaker::Allow() {
  absl::MutexLock lock(&mu_);
  if (state_ == State::kClosed) return absl::OkStatus();
  const absl::Time now = clock_.Now();
  if (now < next_probe_) {
    return WithRetryDelay(
        absl::UnavailableError("redis: circuit open after repeated failures"),
        next_probe_ - now);
  }
  state_ = State::kHalfOpen;
  next_probe_ = now + options_.cooldown;
  return absl::OkStatus();
}

void CircuitBreaker::RecordSuccess() {
  absl::MutexLock lock(&mu_);
  state_ = State::kClosed;
  consecutive_failures_ = 0;
}

void CircuitBreaker::RecordFailure() {
  absl::MutexLock lock(&mu_);
  ++consecutive_failures_;
  if (state_ == State::kHalfOpen ||
      consecutive_failures_ >= options_.failure_threshold) {
    state_ = State::kOpen;
    next_probe_ = clock_.Now() + options_.cooldown;
  }
}

}  // namespace masar::cache
