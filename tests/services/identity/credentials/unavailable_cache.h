#ifndef MASAR_TESTS_SERVICES_IDENTITY_CREDENTIALS_UNAVAILABLE_CACHE_H_
#define MASAR_TESTS_SERVICES_IDENTITY_CREDENTIALS_UNAVAILABLE_CACHE_H_

#include <atomic>
#include <memory>
#include <string>

#include "common/cache/cache.h"

namespace masar::identity {

// A cache that is away: every call answers UNAVAILABLE, as the Redis cache
// does while Redis is down or its circuit breaker is open.
class UnavailableCache final : public cache::Cache {
 public:
  absl::StatusOr<std::string> Get(absl::string_view) override { return Away(); }
  absl::Status Set(absl::string_view, absl::string_view,
                   absl::Duration) override {
    return Away();
  }
  absl::StatusOr<bool> SetIfAbsent(absl::string_view, absl::string_view,
                                   absl::Duration) override {
    return Away();
  }
  absl::StatusOr<bool> CompareAndSet(absl::string_view, absl::string_view,
                                     absl::string_view,
                                     absl::Duration) override {
    return Away();
  }
  absl::Status Delete(absl::string_view) override { return Away(); }
  absl::StatusOr<bool> DeleteIfEquals(absl::string_view,
                                      absl::string_view) override {
    return Away();
  }
  absl::StatusOr<int64_t> Increment(absl::string_view, int64_t,
                                    absl::Duration) override {
    return Away();
  }
  absl::Status Publish(absl::string_view, absl::string_view) override {
    return Away();
  }
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      absl::string_view, std::function<void(absl::string_view)>,
      std::function<void()>) override {
    return Away();
  }

  int calls() const { return calls_; }

 private:
  absl::Status Away() {
    ++calls_;
    return absl::UnavailableError("cache away");
  }
  std::atomic<int> calls_ = 0;
};

}  // namespace masar::identity

#endif  // MASAR_TESTS_SERVICES_IDENTITY_CREDENTIALS_UNAVAILABLE_CACHE_H_
