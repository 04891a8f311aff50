#ifndef MASAR_COMMON_CACHE_REDIS_CONNECTION_H_
#define MASAR_COMMON_CACHE_REDIS_CONNECTION_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/cache/redis_address.h"

// hiredis's own types, declared here so that users of this header need not
// include hiredis.
struct redisContext;
struct redisReply;

namespace masar::cache {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// One synchronous hiredis connection (RESP2). Any I/O error, timeout or
// protocol error leaves it broken(): hiredis cannot use it again, and the
// owner drops it. Not thread-safe.
class RedisConnection {
 public:
  // Connects within `connect_timeout`; every later read and write waits at
  // most `io_timeout`. UNAVAILABLE when the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Open(
      const RedisAddress& address, absl::Duration connect_timeout,
      absl::Duration io_timeout);

  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command and waits for its reply, which may be a Redis error
  // reply; UNAVAILABLE (and broken()) when no reply came.
  absl::StatusOr<RedisReply> Command(absl::Span<const absl::string_view> args);

  // For subscribers, which read replies as they come: Send() writes one
  // command; Receive() reads what the socket holds (call it when fd() is
  // readable); NextReply() returns a complete buffered reply or nullptr.
  absl::Status Send(absl::Span<const absl::string_view> args);
  absl::Status Receive();
  absl::StatusOr<RedisReply> NextReply();

  bool broken() const { return broken_; }
  int fd() const;

 private:
  explicit RedisConnection(redisContext* context) : context_(context) {}
  absl::Status Fail();

  redisContext* const context_;
  bool broken_ = false;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_REDIS_CONNECTION_H_
