#include "common/cache/redis_cache.h"

#include <hiredis/hiredis.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/cache/ttl.h"
#include "common/status/status_macros.h"

namespace masar::cache {
namespace {

constexpr char kCompareAndSet[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
)lua";

constexpr char kDeleteIfEquals[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua";

// A key without expiry is one INCRBY just created (every other write sets
// one), so this gives new counters their TTL in the same atomic step.
constexpr char kIncrement[] = R"lua(
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value
)lua";

absl::string_view Text(const redisReply& reply) {
  return absl::string_view(reply.str, reply.len);
}

// Redis answers in milliseconds; never round a short TTL down to none.
std::string Milliseconds(absl::Duration ttl) {
  return absl::StrCat(
      absl::ToInt64Milliseconds(absl::Ceil(ttl, absl::Milliseconds(1))));
}

// Replies that mean "not serving now" (loading, failing over, busy with a
// script, out of memory) send the caller to its store like an outage does;
// any other refusal is about the data and would not change on retry.
absl::Status ErrorReplyStatus(absl::string_view error) {
  for (absl::string_view transient :
       {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "READONLY", "OOM",
        "CLUSTERDOWN"}) {
    if (absl::StartsWith(error, transient)) {
      return absl::UnavailableError(absl::StrCat("redis: ", error));
    }
  }
  return absl::FailedPreconditionError(absl::StrCat("redis: ", error));
}

absl::Status Unexpected(const redisReply& reply) {
  return absl::InternalError(
      absl::StrCat("redis: unexpected reply of type ", reply.type));
}

absl::StatusOr<int64_t> Integer(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_INTEGER) return Unexpected(reply);
  return reply.integer;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisCache>> RedisCache::Create(
    RedisCacheOptions options, const Clock& clock) {
  ASSIGN_OR_RETURN(RedisAddress address, RedisAddress::Parse(options.address));
  return std::unique_ptr<RedisCache>(
      new RedisCache(std::move(options), std::move(address), clock));
}

RedisCache::RedisCache(RedisCacheOptions options, RedisAddress address,
                       const Clock& clock)
    : options_(std::move(options)),
      pool_(RedisConnectionPoolOptions{
          .address = std::move(address),
          .connect_timeout = options_.connect_timeout,
          .command_timeout = options_.command_timeout,
          .max_connections = options_.max_connections}),
      breaker_(options_.breaker, clock),
      compare_and_set_(kCompareAndSet),
      delete_if_equals_(kDeleteIfEquals),
      increment_(kIncrement) {}

absl::StatusOr<RedisReply> RedisCache::Run(Call call) {
  RETURN_IF_ERROR(breaker_.Allow());
  absl::StatusOr<RedisConnectionPool::Lease> lease = pool_.Acquire();
  absl::StatusOr<RedisReply> reply =
      lease.ok() ? call(**lease) : lease.status();
  if (!reply.ok()) {
    breaker_.RecordFailure();
    pool_.DiscardAll();
    return reply;
  }
  breaker_.RecordSuccess();
  if ((*reply)->type != REDIS_REPLY_ERROR) return reply;
  const absl::string_view error = Text(**reply);
  // A replica after failover: reconnect, perhaps to the new primary.
  if (absl::StartsWith(error, "READONLY")) pool_.DiscardAll();
  return ErrorReplyStatus(error);
}

absl::StatusOr<RedisReply> RedisCache::Command(
    std::initializer_list<absl::string_view> args) {
  return Run([args](RedisConnection& connection) {
    return connection.Command(args);
  });
}

absl::StatusOr<RedisReply> RedisCache::Script(
    RedisScript& script, absl::string_view key,
    std::initializer_list<absl::string_view> args) {
  return Run([&script, key, args](RedisConnection& connection) {
    return script.Run(connection, key, args);
  });
}

absl::StatusOr<std::string> RedisCache::Get(absl::string_view key) {
  ASSIGN_OR_RETURN(RedisReply reply, Command({"GET", key}));
  if (reply->type == REDIS_REPLY_NIL) {
    return absl::NotFoundError("cache: no such key");
  }
  if (reply->type != REDIS_REPLY_STRING) return Unexpected(*reply);
  return std::string(Text(*reply));
}

absl::Status RedisCache::Set(absl::string_view key, absl::string_view value,
                             absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  return Command({"SET", key, value, "PX", Milliseconds(ttl)}).status();
}

absl::StatusOr<bool> RedisCache::SetIfAbsent(absl::string_view key,
                                             absl::string_view value,
                                             absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  ASSIGN_OR_RETURN(RedisReply reply,
                   Command({"SET", key, value, "PX", Milliseconds(ttl), "NX"}));
  return reply->type == REDIS_REPLY_STATUS;
}

absl::StatusOr<bool> RedisCache::CompareAndSet(absl::string_view key,
                                               absl::string_view expected,
                                               absl::string_view value,
                                               absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  ASSIGN_OR_RETURN(RedisReply reply,
                   Script(compare_and_set_, key,
                          {expected, value, Milliseconds(ttl)}));
  ASSIGN_OR_RETURN(int64_t replaced, Integer(*reply));
  return replaced == 1;
}

absl::Status RedisCache::Delete(absl::string_view key) {
  return Command({"DEL", key}).status();
}

absl::StatusOr<bool> RedisCache::DeleteIfEquals(absl::string_view key,
                                                absl::string_view expected) {
  ASSIGN_OR_RETURN(RedisReply reply,
                   Script(delete_if_equals_, key, {expected}));
  ASSIGN_OR_RETURN(int64_t removed, Integer(*reply));
  return removed == 1;
}

absl::StatusOr<int64_t> RedisCache::Increment(absl::string_view key,
                                              int64_t delta,
                                              absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  ASSIGN_OR_RETURN(RedisReply reply,
                   Script(increment_, key,
                          {absl::StrCat(delta), Milliseconds(ttl)}));
  return Integer(*reply);
}

absl::Status RedisCache::Publish(absl::string_view channel,
                                 absl::string_view message) {
  return Command({"PUBLISH", channel, message}).status();
}

absl::StatusOr<std::unique_ptr<Cache::Subscription>> RedisCache::Subscribe(
    absl::string_view channel,
    std::function<void(absl::string_view message)> on_message,
    std::function<void()> on_reconnect) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<RedisSubscription> subscription,
      RedisSubscription::Start(
          RedisSubscriptionOptions{
              .address = pool_.options().address,
              .connect_timeout = options_.connect_timeout,
              .command_timeout = options_.command_timeout,
              .initial_backoff = options_.subscribe_initial_backoff,
              .max_backoff = options_.subscribe_max_backoff,
              .ping_interval = options_.subscribe_ping_interval},
          channel, std::move(on_message), std::move(on_reconnect)));
  return subscription;
}

}  // namespace masar::cache
