#ifndef MASAR_COMMON_CACHE_REDIS_SCRIPT_H_
#define MASAR_COMMON_CACHE_REDIS_SCRIPT_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "common/cache/redis_connection.h"

namespace masar::cache {

// A Lua script over one key, run atomically by the server. Sent by digest
// (EVALSHA) once the server has it; a server that lost it (restart, SCRIPT
// FLUSH, failover) gets the text again. Thread-safe.
class RedisScript {
 public:
  explicit RedisScript(std::string text) : text_(std::move(text)) {}

  // The script's reply, which may be a Redis error reply.
  absl::StatusOr<RedisReply> Run(RedisConnection& connection,
                                 absl::string_view key,
                                 absl::Span<const absl::string_view> args);

 private:
  // The digest from SCRIPT LOAD, or empty when the server did not give one.
  absl::StatusOr<std::string> Digest(RedisConnection& connection);

  const std::string text_;
  absl::Mutex mu_;
  std::string sha_ ABSL_GUARDED_BY(mu_);
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_REDIS_SCRIPT_H_
