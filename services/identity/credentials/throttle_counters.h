#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_THROTTLE_COUNTERS_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_THROTTLE_COUNTERS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::identity {

// Fixed-window counters for SignInThrottle: the shared cache, or SQL while
// the cache is away. The window starts with the Add that creates the
// counter and is never extended, so a counter always ends: nobody can keep
// an account locked by failing forever, only for one window at a time.
class ThrottleCounters {
 public:
  virtual ~ThrottleCounters() = default;

  // Atomically adds `delta` to the counter `key` and returns the new value;
  // a counter that is absent or whose window is over starts again from 0
  // with a new window of `window`. UNAVAILABLE when the store cannot answer.
  virtual absl::StatusOr<int64_t> Add(absl::string_view key, int64_t delta,
                                      absl::Duration window) = 0;

  // Removes the counter `key`; OK when it was absent.
  virtual absl::Status Reset(absl::string_view key) = 0;
};

// The keys of the two counters, "masar:identity:throttle:pair:<hex>" and
// "masar:identity:throttle:account:<hex>": SHA-256 digests, so that no
// email, name or address is ever written to the cache or the table.
std::string PairCounterKey(absl::string_view account, absl::string_view source);
std::string AccountCounterKey(absl::string_view account);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_THROTTLE_COUNTERS_H_
