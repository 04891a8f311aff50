#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_CACHE_THROTTLE_COUNTERS_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_CACHE_THROTTLE_COUNTERS_H_

#include "common/cache/cache.h"
#include "services/identity/credentials/throttle_counters.h"

namespace masar::identity {

// Counters in the shared cache (Redis or in-process): Add is the cache's
// atomic Increment, whose TTL is set only by the increment that creates the
// key, which is exactly a fixed window.
class CacheThrottleCounters final : public ThrottleCounters {
 public:
  // `cache` must outlive this object.
  explicit CacheThrottleCounters(cache::Cache& cache) : cache_(cache) {}

  absl::StatusOr<int64_t> Add(absl::string_view key, int64_t delta,
                              absl::Duration window) override {
    return cache_.Increment(key, delta, window);
  }
  absl::Status Reset(absl::string_view key) override {
    return cache_.Delete(key);
  }

 private:
  cache::Cache& cache_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_CACHE_THROTTLE_COUNTERS_H_
