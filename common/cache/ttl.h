#ifndef MASAR_COMMON_CACHE_TTL_H_
#define MASAR_COMMON_CACHE_TTL_H_

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace masar::cache {

// Both caches refuse the same lifetimes: nothing may be stored for ever.
inline absl::Status ValidateTtl(absl::Duration ttl) {
  if (ttl <= absl::ZeroDuration() || ttl == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError("cache: ttl must be positive and finite");
  }
  return absl::OkStatus();
}

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_TTL_H_
