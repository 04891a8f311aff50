#include "common/cache/redis_script.h"

#include <hiredis/hiredis.h>

#include <vector>

#include "absl/strings/match.h"
#include "common/status/status_macros.h"

namespace masar::cache {

absl::StatusOr<std::string> RedisScript::Digest(RedisConnection& connection) {
  {
    absl::MutexLock lock(&mu_);
    if (!sha_.empty()) return sha_;
  }
  ASSIGN_OR_RETURN(RedisReply reply,
                   connection.Command({"SCRIPT", "LOAD", text_}));
  if (reply->type != REDIS_REPLY_STRING) return std::string();
  absl::MutexLock lock(&mu_);
  sha_.assign(reply->str, reply->len);
  return sha_;
}

absl::StatusOr<RedisReply> RedisScript::Run(
    RedisConnection& connection, absl::string_view key,
    absl::Span<const absl::string_view> args) {
  ASSIGN_OR_RETURN(const std::string sha, Digest(connection));
  std::vector<absl::string_view> argv = {"EVALSHA", sha, "1", key};
  argv.insert(argv.end(), args.begin(), args.end());
  if (!sha.empty()) {
    ASSIGN_OR_RETURN(RedisReply reply, connection.Command(argv));
    const bool missing =
        reply->type == REDIS_REPLY_ERROR &&
        absl::StartsWith(absl::string_view(reply->str, reply->len),
                         "NOSCRIPT");
    if (!missing) return reply;
  }
  argv[0] = "EVAL";
  argv[1] = text_;
  return connection.Command(argv);
}

}  // namespace masar::cache
