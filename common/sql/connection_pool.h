#ifndef MASAR_COMMON_SQL_CONNECTION_POOL_H_
#define MASAR_COMMON_SQL_CONNECTION_POOL_H_

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/status/errors.h"

namespace masar::sql {

// A fixed-size pool of connections, created on first need (so opening a
// database costs one connection, not pool_size). A caller waits for a free
// connection until its deadline; when nothing frees up the answer is
// `timeout_code` (UNAVAILABLE with a retry delay for PostgreSQL: the store is
// overloaded, retry later; ABORTED for SQLite's single writer: a lock
// timeout) or DEADLINE_EXCEEDED when the caller's own deadline passed.
template <typename Connection>
class ConnectionPool {
 public:
  using Factory = std::function<absl::StatusOr<std::unique_ptr<Connection>>()>;

  // Hands a connection back to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(ConnectionPool* pool, Connection* connection)
        : pool_(pool), connection_(connection) {}
    Lease(Lease&& other) noexcept
        : pool_(other.pool_),
          connection_(std::exchange(other.connection_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_ != nullptr) pool_->Release(connection_);
    }
    Connection* operator->() const { return connection_; }
    Connection& operator*() const { return *connection_; }

   private:
    ConnectionPool* pool_;
    Connection* connection_;
  };

  ConnectionPool(int size, absl::StatusCode timeout_code, Factory factory)
      : size_(size),
        timeout_code_(timeout_code),
        factory_(std::move(factory)) {}

  // Takes ownership of a connection made before the pool (the one that
  // checked the database could be opened).
  void Add(std::unique_ptr<Connection> connection) {
    absl::MutexLock lock(&mu_);
    free_.push_back(connection.get());
    all_.push_back(std::move(connection));
  }

  // Waits until `wait_until` for a free connection; `deadline` is the
  // caller's own, reported as DEADLINE_EXCEEDED when it is what ran out.
  absl::StatusOr<Lease> Acquire(absl::Time wait_until, absl::Time deadline) {
    mu_.Lock();
    const bool ready = mu_.AwaitWithDeadline(
        absl::Condition(this, &ConnectionPool::CanTake), wait_until);
    if (!ready) {
      mu_.Unlock();
      return Timeout(deadline);
    }
    if (!free_.empty()) {
      Connection* connection = free_.back();
      free_.pop_back();
      mu_.Unlock();
      return Lease(this, connection);
    }
    ++creating_;
    mu_.Unlock();
    return Create();
  }

 private:
  bool CanTake() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !free_.empty() || static_cast<int>(all_.size()) + creating_ < size_;
  }

  // Connects outside the lock: a slow server must not block the pool.
  absl::StatusOr<Lease> Create() {
    absl::StatusOr<std::unique_ptr<Connection>> made = factory_();
    absl::MutexLock lock(&mu_);
    --creating_;
    if (!made.ok()) return made.status();
    Connection* connection = made->get();
    all_.push_back(*std::move(made));
    return Lease(this, connection);
  }

  void Release(Connection* connection) {
    absl::MutexLock lock(&mu_);
    free_.push_back(connection);
  }

  absl::Status Timeout(absl::Time deadline) const {
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(
          "deadline passed while waiting for a database connection");
    }
    absl::Status status(
        timeout_code_,
        absl::StrCat("all ", size_, " database connections stayed busy"));
    return timeout_code_ == absl::StatusCode::kUnavailable
               ? WithRetryDelay(std::move(status), absl::Milliseconds(100))
               : status;
  }

  const int size_;
  const absl::StatusCode timeout_code_;
  const Factory factory_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Connection>> all_ ABSL_GUARDED_BY(mu_);
  std::vector<Connection*> free_ ABSL_GUARDED_BY(mu_);
  int creating_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_CONNECTION_POOL_H_
