#ifndef MASAR_COMMON_CACHE_REDIS_CACHE_H_
#define MASAR_COMMON_CACHE_REDIS_CACHE_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/cache/circuit_breaker.h"
#include "common/cache/redis_address.h"
#include "common/cache/redis_connection.h"
#include "common/cache/redis_connection_pool.h"
#include "common/cache/redis_script.h"
#include "common/cache/redis_subscription.h"
#include "common/clock/clock.h"

namespace masar::cache {

struct RedisCacheOptions {
  // `host:port`, `redis://host[:port][/db]` or `unix:///path`.
  std::string address = {};
  // Together these bound what one call can cost when Redis is slow or gone.
  absl::Duration connect_timeout = absl::Milliseconds(50);
  absl::Duration command_timeout = absl::Milliseconds(50);
  int max_connections = 16;
  CircuitBreakerOptions breaker = {};
  // Subscriptions' reconnection and liveness checks.
  absl::Duration subscribe_initial_backoff = absl::Milliseconds(50);
  absl::Duration subscribe_max_backoff = absl::Seconds(2);
  absl::Duration subscribe_ping_interval = absl::Seconds(1);
};

// The shared cache on Redis (hiredis, RESP2). Calls run on a pool of
// synchronous connections behind a circuit breaker, so a dead or hung Redis
// answers UNAVAILABLE within the timeouts and, once the breaker opens, at
// once. Conditional updates run as Lua scripts, atomically on the server.
class RedisCache final : public Cache {
 public:
  // INVALID_ARGUMENT for a malformed address. Does not connect: a Redis
  // that is down at start-up is the same as one that goes down later.
  // `clock` (for the breaker) must outlive the cache.
  static absl::StatusOr<std::unique_ptr<RedisCache>> Create(
      RedisCacheOptions options, const Clock& clock);

  absl::StatusOr<std::string> Get(absl::string_view key) override;
  absl::Status Set(absl::string_view key, absl::string_view value,
                   absl::Duration ttl) override;
  absl::StatusOr<bool> SetIfAbsent(absl::string_view key,
                                   absl::string_view value,
                                   absl::Duration ttl) override;
  absl::StatusOr<bool> CompareAndSet(absl::string_view key,
                                     absl::string_view expected,
                                     absl::string_view value,
                                     absl::Duration ttl) override;
  absl::Status Delete(absl::string_view key) override;
  absl::StatusOr<bool> DeleteIfEquals(absl::string_view key,
                                      absl::string_view expected) override;
  absl::StatusOr<int64_t> Increment(absl::string_view key, int64_t delta,
                                    absl::Duration ttl) override;
  absl::Status Publish(absl::string_view channel,
                       absl::string_view message) override;
  // Each subscription holds a connection and a thread of its own; it may
  // outlive the cache.
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      absl::string_view channel,
      std::function<void(absl::string_view message)> on_message,
      std::function<void()> on_reconnect) override;

 private:
  using Call = absl::FunctionRef<absl::StatusOr<RedisReply>(RedisConnection&)>;

  RedisCache(RedisCacheOptions options, RedisAddress address,
             const Clock& clock);

  // Runs `call` on a pooled connection, under the breaker. An error reply
  // comes back as a status; any reply at all proves the server alive.
  absl::StatusOr<RedisReply> Run(Call call);
  absl::StatusOr<RedisReply> Command(
      std::initializer_list<absl::string_view> args);
  absl::StatusOr<RedisReply> Script(
      RedisScript& script, absl::string_view key,
      std::initializer_list<absl::string_view> args);

  const RedisCacheOptions options_;
  RedisConnectionPool pool_;
  CircuitBreaker breaker_;
  RedisScript compare_and_set_;
  RedisScript delete_if_equals_;
  RedisScript increment_;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_REDIS_CACHE_H_
