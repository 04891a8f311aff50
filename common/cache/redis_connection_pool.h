#ifndef MASAR_COMMON_CACHE_REDIS_CONNECTION_POOL_H_
#define MASAR_COMMON_CACHE_REDIS_CONNECTION_POOL_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/redis_address.h"
#include "common/cache/redis_connection.h"

namespace masar::cache {

struct RedisConnectionPoolOptions {
  RedisAddress address = {};
  absl::Duration connect_timeout = absl::Milliseconds(50);
  absl::Duration command_timeout = absl::Milliseconds(50);
  // Connections open at once, idle or lent; a caller waits at most
  // `command_timeout` for one to come back.
  int max_connections = 16;
};

// Synchronous connections lent one caller at a time and opened on demand,
// so a server that is down at start-up costs nothing until it is used.
// Thread-safe.
class RedisConnectionPool {
 public:
  // A lent connection, returned to the pool when destroyed unless it broke.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    RedisConnection& operator*() const { return *connection_; }
    RedisConnection* operator->() const { return connection_.get(); }

   private:
    friend class RedisConnectionPool;
    Lease(RedisConnectionPool* pool, std::unique_ptr<RedisConnection> c,
          uint64_t generation)
        : pool_(pool), connection_(std::move(c)), generation_(generation) {}

    RedisConnectionPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
    uint64_t generation_;
  };

  explicit RedisConnectionPool(RedisConnectionPoolOptions options);
  RedisConnectionPool(const RedisConnectionPool&) = delete;
  RedisConnectionPool& operator=(const RedisConnectionPool&) = delete;

  // An idle connection, or a new one; UNAVAILABLE when none can be opened
  // or all are lent for longer than the command timeout.
  absl::StatusOr<Lease> Acquire();

  // Closes every idle connection and lets lent ones close when returned:
  // after one connection failed, the others most likely point at the same
  // dead or replaced server.
  void DiscardAll();

  const RedisConnectionPoolOptions& options() const { return options_; }

 private:
  void Return(std::unique_ptr<RedisConnection> connection,
              uint64_t generation);
  bool CanLend() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RedisConnectionPoolOptions options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<RedisConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_REDIS_CONNECTION_POOL_H_
