#include "common/cache/redis_connection_pool.h"

#include <utility>

namespace masar::cache {

RedisConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      connection_(std::move(other.connection_)),
      generation_(other.generation_) {}

RedisConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Return(std::move(connection_), generation_);
}

RedisConnectionPool::RedisConnectionPool(RedisConnectionPoolOptions options)
    : options_(std::move(options)) {}

bool RedisConnectionPool::CanLend() const {
  return !idle_.empty() || open_ < options_.max_connections;
}

absl::StatusOr<RedisConnectionPool::Lease> RedisConnectionPool::Acquire() {
  uint64_t generation = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithTimeout(
            absl::Condition(this, &RedisConnectionPool::CanLend),
            options_.command_timeout)) {
      return absl::UnavailableError("redis: every pooled connection is busy");
    }
    generation = generation_;
    if (!idle_.empty()) {
      std::unique_ptr<RedisConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection), generation);
    }
    ++open_;
  }
  // Connect outside the lock: it may take up to the connect timeout.
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
      RedisConnection::Open(options_.address, options_.connect_timeout,
                            options_.command_timeout);
  if (!connection.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    return connection.status();
  }
  return Lease(this, *std::move(connection), generation);
}

void RedisConnectionPool::Return(std::unique_ptr<RedisConnection> connection,
                                 uint64_t generation) {
  absl::MutexLock lock(&mu_);
  if (connection->broken() || generation != generation_) {
    --open_;
    // Closing a socket is quick; holding the lock keeps the count exact.
    connection.reset();
    return;
  }
  idle_.push_back(std::move(connection));
}

void RedisConnectionPool::DiscardAll() {
  std::vector<std::unique_ptr<RedisConnection>> discarded;
  absl::MutexLock lock(&mu_);
  ++generation_;
  open_ -= static_cast<int>(idle_.size());
  discarded.swap(idle_);
}

}  // namespace masar::cache
