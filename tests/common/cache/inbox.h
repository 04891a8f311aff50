#ifndef MASAR_TESTS_COMMON_CACHE_INBOX_H_
#define MASAR_TESTS_COMMON_CACHE_INBOX_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace masar::cache {

// Collects what a subscription delivers, on whatever thread, for a test to
// wait on.
class Inbox {
 public:
  std::function<void(absl::string_view)> OnMessage() {
    return [this](absl::string_view message) {
      absl::MutexLock lock(&mu_);
      messages_.emplace_back(message);
    };
  }
  std::function<void()> OnReconnect() {
    return [this] {
      absl::MutexLock lock(&mu_);
      ++reconnects_;
    };
  }

  // False when fewer than `count` messages came within `timeout`.
  bool WaitForMessages(size_t count, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return messages_.size() >= count;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }
  bool WaitForReconnects(int count, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return reconnects_ >= count;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }

  std::vector<std::string> messages() {
    absl::MutexLock lock(&mu_);
    return messages_;
  }
  int reconnects() {
    absl::MutexLock lock(&mu_);
    return reconnects_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> messages_ ABSL_GUARDED_BY(mu_);
  int reconnects_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace masar::cache

#endif  // MASAR_TESTS_COMMON_CACHE_INBOX_H_
