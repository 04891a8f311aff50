#ifndef MASAR_COMMON_CACHE_CACHE_H_
#define MASAR_COMMON_CACHE_CACHE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

// The shared cache: Redis (`--redis`) or an in-process store of the same
// behaviour. Redis is never the only copy of anything: every caller can go
// to SQL when the cache answers UNAVAILABLE, and no call waits on the cache
// for more than a short timeout. Keys are namespaced `masar:<service>:...`
// and never contain an email or a name; values never hold a password, hash,
// token, client secret or national identifier.
namespace masar::cache {

class Cache {
 public:
  virtual ~Cache() = default;

  // True when every call is answered in memory, without I/O, so that a
  // caller may use the cache on gRPC's callback threads (README, "Threading
  // model"); false for Redis, whose calls block for a round trip.
  virtual bool in_process() const { return false; }

  // NOT_FOUND when absent; UNAVAILABLE when the cache cannot answer in time.
  virtual absl::StatusOr<std::string> Get(absl::string_view key) = 0;

  // Stores `value` for `ttl` (> 0).
  virtual absl::Status Set(absl::string_view key, absl::string_view value,
                           absl::Duration ttl) = 0;

  // Stores `value` only if `key` is absent; true when it was stored.
  virtual absl::StatusOr<bool> SetIfAbsent(absl::string_view key,
                                           absl::string_view value,
                                           absl::Duration ttl) = 0;

  // Replaces the value of `key` with `value` only if it currently equals
  // `expected` (atomic); true when it was replaced.
  virtual absl::StatusOr<bool> CompareAndSet(absl::string_view key,
                                             absl::string_view expected,
                                             absl::string_view value,
                                             absl::Duration ttl) = 0;

  // Removes `key`; OK when it was absent.
  virtual absl::Status Delete(absl::string_view key) = 0;

  // Removes `key` only if it equals `expected` (atomic); true when removed.
  virtual absl::StatusOr<bool> DeleteIfEquals(absl::string_view key,
                                              absl::string_view expected) = 0;

  // Adds `delta` to the integer at `key` (absent counts as 0) and returns
  // the new value; a key the call creates expires after `ttl`.
  virtual absl::StatusOr<int64_t> Increment(absl::string_view key,
                                            int64_t delta,
                                            absl::Duration ttl) = 0;

  // Publishes `message` on `channel` to every subscriber of every process
  // sharing this cache (only this process for the in-process cache).
  virtual absl::Status Publish(absl::string_view channel,
                               absl::string_view message) = 0;

  // Calls `on_message` for every message published on `channel` from now
  // on, on a thread the cache owns, and `on_reconnect` each time delivery
  // resumes after an interruption (messages may have been missed: catch up
  // from the store). Until the returned handle is destroyed.
  class Subscription {
   public:
    virtual ~Subscription() = default;
  };
  virtual absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      absl::string_view channel,
      std::function<void(absl::string_view message)> on_message,
      std::function<void()> on_reconnect) = 0;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_CACHE_H_
