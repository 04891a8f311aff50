#ifndef MASAR_COMMON_CACHE_REDIS_SUBSCRIPTION_H_
#define MASAR_COMMON_CACHE_REDIS_SUBSCRIPTION_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/cache/redis_address.h"
#include "common/cache/redis_connection.h"

namespace masar::cache {

struct RedisSubscriptionOptions {
  RedisAddress address = {};
  absl::Duration connect_timeout = absl::Milliseconds(50);
  absl::Duration command_timeout = absl::Milliseconds(50);
  // Reconnection attempts back off from `initial_backoff` to `max_backoff`,
  // with jitter so that replicas do not reconnect in step.
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  // A PING goes out after this long without traffic; no answer within the
  // next interval means the server hangs, and the connection is replaced.
  absl::Duration ping_interval = absl::Seconds(1);
};

// One channel's subscription on a connection of its own, read by a thread
// of its own. Delivery is interrupted when the connection fails; the thread
// reconnects with backoff, subscribes again and calls `on_reconnect`.
class RedisSubscription final : public Cache::Subscription {
 public:
  // Returns once the first attempt to subscribe succeeded (so a message
  // published after this returns is delivered) or failed (then delivery
  // starts, with a call to `on_reconnect`, once the server is back).
  static absl::StatusOr<std::unique_ptr<RedisSubscription>> Start(
      RedisSubscriptionOptions options, absl::string_view channel,
      std::function<void(absl::string_view)> on_message,
      std::function<void()> on_reconnect);

  // Returns promptly, once no callback is running; must not be called from
  // one of this subscription's callbacks.
  ~RedisSubscription() override;

 private:
  enum class Wait { kReadable, kTimeout, kStopped };

  RedisSubscription(RedisSubscriptionOptions options, absl::string_view channel,
                    std::function<void(absl::string_view)> on_message,
                    std::function<void()> on_reconnect, int wake_fd);

  void Run();
  absl::StatusOr<std::unique_ptr<RedisConnection>> Connect();
  void Deliver(RedisConnection& connection);
  absl::StatusOr<RedisReply> ReadReply(RedisConnection& connection,
                                       absl::Duration timeout);
  Wait WaitReadable(int fd, absl::Duration timeout);
  absl::Duration NextBackoff(absl::Duration& backoff);

  const RedisSubscriptionOptions options_;
  const std::string channel_;
  const std::function<void(absl::string_view)> on_message_;
  const std::function<void()> on_reconnect_;
  // An eventfd that wakes the thread out of poll() when stopping.
  const int wake_fd_;
  std::atomic<bool> stopping_{false};
  absl::Notification first_attempt_done_;
  absl::BitGen jitter_;
  std::thread thread_;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_REDIS_SUBSCRIPTION_H_
