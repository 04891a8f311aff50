#ifndef MASAR_TESTS_COMMON_RESOURCE_CACHE_FLAKY_CACHE_H_
#define MASAR_TESTS_COMMON_RESOURCE_CACHE_FLAKY_CACHE_H_

#include <atomic>

#include "common/cache/cache.h"

namespace masar::testing {

// Wraps a cache and, while failing, answers every call UNAVAILABLE as a
// Redis outage would, without touching the wrapped cache.
class FlakyCache final : public cache::Cache {
 public:
  explicit FlakyCache(cache::Cache* inner) : inner_(inner) {}

  void set_failing(bool failing) { failing_.store(failing); }

  absl::StatusOr<std::string> Get(absl::string_view key) override {
    if (failing_) return Down();
    return inner_->Get(key);
  }
  absl::Status Set(absl::string_view key, absl::string_view value,
                   absl::Duration ttl) override {
    if (failing_) return Down();
    return inner_->Set(key, value, ttl);
  }
  absl::StatusOr<bool> SetIfAbsent(absl::string_view key,
                                   absl::string_view value,
                                   absl::Duration ttl) override {
    if (failing_) return Down();
    return inner_->SetIfAbsent(key, value, ttl);
  }
  absl::StatusOr<bool> CompareAndSet(absl::string_view key,
                                     absl::string_view expected,
                                     absl::string_view value,
                                     absl::Duration ttl) override {
    if (failing_) return Down();
    return inner_->CompareAndSet(key, expected, value, ttl);
  }
  absl::Status Delete(absl::string_view key) override {
    if (failing_) return Down();
    return inner_->Delete(key);
  }
  absl::StatusOr<bool> DeleteIfEquals(absl::string_view key,
                                      absl::string_view expected) override {
    if (failing_) return Down();
    return inner_->DeleteIfEquals(key, expected);
  }
  absl::StatusOr<int64_t> Increment(absl::string_view key, int64_t delta,
                                    absl::Duration ttl) override {
    if (failing_) return Down();
    return inner_->Increment(key, delta, ttl);
  }
  absl::Status Publish(absl::string_view channel,
                       absl::string_view message) override {
    if (failing_) return Down();
    return inner_->Publish(channel, message);
  }
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      absl::string_view channel,
      std::function<void(absl::string_view message)> on_message,
      std::function<void()> on_reconnect) override {
    return inner_->Subscribe(channel, std::move(on_message),
                             std::move(on_reconnect));
  }

 private:
  static absl::Status Down() {
    return absl::UnavailableError("cache down (test)");
  }

  cache::Cache* inner_;
  std::atomic<bool> failing_{false};
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_COMMON_RESOURCE_CACHE_FLAKY_CACHE_H_
