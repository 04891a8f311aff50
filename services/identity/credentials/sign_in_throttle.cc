#include "services/identity/credentials/sign_in_throttle.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace masar::identity {

SignInThrottle::SignInThrottle(ThrottleCounters& primary,
                               ThrottleCounters& fallback,
                               SignInThrottleOptions options)
    : primary_(primary), fallback_(fallback), options_(options) {}

absl::Status SignInThrottle::Check(absl::string_view account,
                                   absl::string_view source,
                                   absl::string_view device) {
  const std::string pair_key = PairCounterKey(account, source);
  ASSIGN_OR_RETURN(const int64_t pair, Add(pair_key, 1));
  // A source past its own limit does not touch the second counter, so one
  // guesser cannot spend the owner's whole budget.
  if (pair > options_.pair_limit) return Refuse(pair - options_.pair_limit);
  const Budget second = SecondBudget(account, device);
  ASSIGN_OR_RETURN(const int64_t total, Add(second.key, 1));
  if (total > second.limit) {
    // This attempt is not made: the pair keeps it for when the second
    // window is over. Best effort; at worst the pair waits one window.
    Add(pair_key, -1).IgnoreError();
    return Refuse(total - second.limit);
  }
  return absl::OkStatus();
}

absl::Status SignInThrottle::RecordSuccess(absl::string_view account,
                                           absl::string_view source,
                                           absl::string_view device) {
  RETURN_IF_ERROR(Reset(PairCounterKey(account, source)));
  if (!device.empty()) return Reset(SecondBudget(account, device).key);
  return Add(AccountCounterKey(account), -1).status();
}

absl::Status SignInThrottle::Release(absl::string_view account,
                                     absl::string_view source,
                                     absl::string_view device) {
  RETURN_IF_ERROR(Add(PairCounterKey(account, source), -1).status());
  return Add(SecondBudget(account, device).key, -1).status();
}

SignInThrottle::Budget SignInThrottle::SecondBudget(
    absl::string_view account, absl::string_view device) const {
  if (device.empty()) {
    return Budget{AccountCounterKey(account), options_.account_limit};
  }
  // A pair-like counter keyed by the device token's digest instead of the
  // source ("device:" cannot begin a source, so the keys never meet).
  return Budget{PairCounterKey(account, absl::StrCat("device:", device)),
                options_.device_limit};
}

absl::Duration SignInThrottle::RetryDelayFor(int64_t excess) const {
  absl::Duration delay = options_.initial_delay;
  for (int64_t i = 1; i < excess && delay < options_.max_delay; ++i) {
    delay *= 2;
  }
  return std::min(delay, options_.max_delay);
}

absl::StatusOr<int64_t> SignInThrottle::Add(absl::string_view key,
                                            int64_t delta) {
  absl::StatusOr<int64_t> value = primary_.Add(key, delta, options_.window);
  if (absl::IsUnavailable(value.status())) {
    return fallback_.Add(key, delta, options_.window);
  }
  return value;
}

absl::Status SignInThrottle::Reset(absl::string_view key) {
  absl::Status status = primary_.Reset(key);
  if (absl::IsUnavailable(status)) return fallback_.Reset(key);
  return status;
}

absl::Status SignInThrottle::Refuse(int64_t excess) const {
  return WithRetryDelay(
      absl::ResourceExhaustedError("too many sign-in attempts; retry later"),
      RetryDelayFor(excess));
}

}  // namespace masar::identity
