#ifndef MASAR_COMMON_CACHE_IN_PROCESS_BROKER_H_
#define MASAR_COMMON_CACHE_IN_PROCESS_BROKER_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/cache/cache.h"

namespace masar::cache {

// Publish/subscribe within one process, for MemoryCache. Messages go through
// a bounded queue to one delivery thread the broker owns, so a publisher
// never runs subscriber code and no lock of the publisher is held while a
// callback runs; each publisher's messages arrive in order.
class InProcessBroker {
 public:
  explicit InProcessBroker(size_t max_pending_messages);
  ~InProcessBroker();
  InProcessBroker(const InProcessBroker&) = delete;
  InProcessBroker& operator=(const InProcessBroker&) = delete;

  // UNAVAILABLE when `max_pending_messages` are already waiting: subscribers
  // are that far behind, and the publisher's own store is the way to them.
  absl::Status Publish(absl::string_view channel, absl::string_view message);

  // The handle must be destroyed before the broker. It may be destroyed from
  // inside its own callback.
  std::unique_ptr<Cache::Subscription> Subscribe(
      absl::string_view channel,
      std::function<void(absl::string_view)> on_message);

 private:
  class Subscriber;
  class Handle;
  struct Message {
    std::string channel;
    std::string body;
  };

  void Unsubscribe(const std::string& channel, const Subscriber* subscriber);
  void DeliveryLoop();
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_pending_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<Message> queue_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::vector<std::shared_ptr<Subscriber>>>
      subscribers_ ABSL_GUARDED_BY(mu_);
  std::thread delivery_;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_IN_PROCESS_BROKER_H_
