#include "common/sql/transaction_retry.h"

#include <algorithm>
#include <utility>

#include "absl/random/random.h"
#include "absl/time/clock.h"

namespace masar::sql {
namespace {

// Full jitter over an exponential ceiling (1, 2, 4 ... 32 ms): enough for a
// few conflicting writers to stop colliding, short next to a request.
absl::Duration Backoff(int attempt) {
  thread_local absl::BitGen gen;
  const int64_t ceiling_us = int64_t{1000} << std::min(attempt, 5);
  return absl::Microseconds(absl::Uniform<int64_t>(gen, 0, ceiling_us));
}

}  // namespace

absl::Status RunWithRetries(const TransactionOptions& options,
                            absl::FunctionRef<absl::Status()> attempt) {
  const int max_attempts = std::max(options.max_attempts, 1);
  for (int i = 1;; ++i) {
    absl::Status status = attempt();
    if (status.code() != absl::StatusCode::kAborted || i >= max_attempts) {
      return status;
    }
    const absl::Time wake = absl::Now() + Backoff(i);
    if (wake >= options.deadline) return status;
    absl::SleepFor(wake - absl::Now());
  }
}

absl::Status RunTransaction(
    const TransactionOptions& options,
    absl::FunctionRef<absl::Status(CommitEffects& effects)> attempt) {
  CommitEffects effects;
  absl::Status status = RunWithRetries(options, [&] {
    effects.clear();
    return attempt(effects);
  });
  if (!status.ok()) return status;
  for (GuardedTransaction::Effect& effect : effects) std::move(effect)();
  return absl::OkStatus();
}

}  // namespace masar::sql
