#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_SIGN_IN_THROTTLE_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_SIGN_IN_THROTTLE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/identity/credentials/throttle_counters.h"

namespace masar::identity {

struct SignInThrottleOptions {
  // Attempts per window from one source on one account: stops a guesser.
  int64_t pair_limit = 5;
  // Attempts per window on one account from all sources: slows a
  // distributed guesser. Higher, since anyone can spend it for the owner.
  int64_t account_limit = 20;
  // Attempts per window presenting one device token (see Check's `device`),
  // from all sources: a stolen device token is worth no more guesses than
  // one address.
  int64_t device_limit = 5;
  absl::Duration window = absl::Minutes(15);
  // The retry delay past a limit: initial_delay, doubled for every attempt
  // beyond, never more than max_delay.
  absl::Duration initial_delay = absl::Seconds(1);
  absl::Duration max_delay = absl::Minutes(15);
};

// Sign-in throttling per (account, source) and per account, with counters
// in the shared cache and in SQL while the cache is away.
//
// Check reserves the attempt before any hashing: it increments the counters
// and decides on the values the increments returned, so parallel guesses
// each see their own count and no more than the limit ever reach the
// hasher. The reservation stands as a failure unless RecordSuccess or
// Release takes it back, so a failure needs no call of its own.
//
// Nothing here locks anyone out for good: counters live one fixed window
// (see ThrottleCounters) and refusals carry a retry delay instead.
// `account` is whatever identifies the account being signed in to (the
// normalised email, so unknown emails are throttled alike); `source` the
// client's address or another origin. Both are only stored as digests.
//
// A client that signed in to the account before presents a device token
// (OWASP's device cookie); `device` is its digest, once the caller checked
// that it is valid for the account. Such a known device is counted per
// (account, source) and per (account, device), never per account: others
// spending the account's budget cannot lock its owner out, and a stolen
// device token used from elsewhere still meets the pair limit there and the
// device limit everywhere. An empty `device` is an unknown client: counted
// per (account, source) and per account, as ever.
class SignInThrottle {
 public:
  // `primary` (the cache) and `fallback` (SQL) must outlive this object;
  // `fallback` is used for every call `primary` answers UNAVAILABLE.
  SignInThrottle(ThrottleCounters& primary, ThrottleCounters& fallback,
                 SignInThrottleOptions options = {});

  // OK: go on and verify the password. RESOURCE_EXHAUSTED with a retry
  // delay: do not. UNAVAILABLE when neither store answers (refusing is
  // safer than letting guesses through uncounted).
  absl::Status Check(absl::string_view account, absl::string_view source,
                     absl::string_view device = {});

  // The attempt Check allowed succeeded: clears the pair's failures and
  // gives the attempt back to the account's budget (a known device's
  // failures are cleared instead).
  absl::Status RecordSuccess(absl::string_view account,
                             absl::string_view source,
                             absl::string_view device = {});

  // The attempt Check allowed got no verdict (the hasher was full, the
  // store failed): takes the reservation back from both counters.
  absl::Status Release(absl::string_view account, absl::string_view source,
                       absl::string_view device = {});

  // The delay for an attempt `excess` (>= 1) past a limit.
  absl::Duration RetryDelayFor(int64_t excess) const;

 private:
  // The counter beside the pair's: the account's, or a known device's.
  struct Budget {
    std::string key;
    int64_t limit;
  };
  Budget SecondBudget(absl::string_view account,
                      absl::string_view device) const;
  absl::StatusOr<int64_t> Add(absl::string_view key, int64_t delta);
  absl::Status Reset(absl::string_view key);
  absl::Status Refuse(int64_t excess) const;

  ThrottleCounters& primary_;
  ThrottleCounters& fallback_;
  const SignInThrottleOptions options_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_SIGN_IN_THROTTLE_H_
