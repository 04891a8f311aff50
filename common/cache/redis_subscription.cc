#include "common/cache/redis_subscription.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace masar::cache {
namespace {

absl::string_view Text(const redisReply& reply) {
  return absl::string_view(reply.str, reply.len);
}

// RESP2 pushes on a subscribed connection: [kind, channel, payload] for a
// message or an acknowledgement, ["pong", ""] for a PING.
bool IsPush(const redisReply& reply, absl::string_view kind) {
  return reply.type == REDIS_REPLY_ARRAY && reply.elements >= 2 &&
         reply.element[0]->type == REDIS_REPLY_STRING &&
         Text(*reply.element[0]) == kind;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisSubscription>> RedisSubscription::Start(
    RedisSubscriptionOptions options, absl::string_view channel,
    std::function<void(absl::string_view)> on_message,
    std::function<void()> on_reconnect) {
  const int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    return absl::ResourceExhaustedError(
        absl::StrCat("redis: cannot create an eventfd, errno ", errno));
  }
  std::unique_ptr<RedisSubscription> subscription(new RedisSubscription(
      std::move(options), channel, std::move(on_message),
      std::move(on_reconnect), wake_fd));
  subscription->first_attempt_done_.WaitForNotification();
  return subscription;
}

RedisSubscription::RedisSubscription(
    RedisSubscriptionOptions options, absl::string_view channel,
    std::function<void(absl::string_view)> on_message,
    std::function<void()> on_reconnect, int wake_fd)
    : options_(std::move(options)),
      channel_(channel),
      on_message_(std::move(on_message)),
      on_reconnect_(std::move(on_reconnect)),
      wake_fd_(wake_fd),
      thread_([this] { Run(); }) {}

RedisSubscription::~RedisSubscription() {
  stopping_.store(true);
  const uint64_t one = 1;
  // Cannot fail short of a full counter, which one write never reaches.
  (void)!write(wake_fd_, &one, sizeof(one));
  thread_.join();
  close(wake_fd_);
}

void RedisSubscription::Run() {
  absl::Duration backoff = options_.initial_backoff;
  bool interrupted = false;
  while (!stopping_.load()) {
    absl::StatusOr<std::unique_ptr<RedisConnection>> connection = Connect();
    if (!first_attempt_done_.HasBeenNotified()) first_attempt_done_.Notify();
    if (!connection.ok()) {
      interrupted = true;
      WaitReadable(-1, NextBackoff(backoff));
      continue;
    }
    backoff = options_.initial_backoff;
    if (interrupted && on_reconnect_) on_reconnect_();
    Deliver(**connection);
    interrupted = true;
  }
}

absl::Duration RedisSubscription::NextBackoff(absl::Duration& backoff) {
  const absl::Duration wait = backoff * absl::Uniform(jitter_, 0.5, 1.0);
  backoff = std::min(backoff * 2, options_.max_backoff);
  return wait;
}

absl::StatusOr<std::unique_ptr<RedisConnection>>
RedisSubscription::Connect() {
  ASSIGN_OR_RETURN(std::unique_ptr<RedisConnection> connection,
                   RedisConnection::Open(options_.address,
                                         options_.connect_timeout,
                                         options_.command_timeout));
  RETURN_IF_ERROR(connection->Send({"SUBSCRIBE", channel_}));
  ASSIGN_OR_RETURN(RedisReply ack,
                   ReadReply(*connection, options_.command_timeout));
  if (!IsPush(*ack, "subscribe")) {
    return absl::UnavailableError("redis: SUBSCRIBE was not acknowledged");
  }
  return connection;
}

void RedisSubscription::Deliver(RedisConnection& connection) {
  bool ping_unanswered = false;
  for (;;) {
    absl::StatusOr<RedisReply> reply =
        ReadReply(connection, options_.ping_interval);
    if (absl::IsDeadlineExceeded(reply.status())) {
      if (ping_unanswered || !connection.Send({"PING"}).ok()) return;
      ping_unanswered = true;
      continue;
    }
    if (!reply.ok()) return;
    if (IsPush(**reply, "pong")) {
      ping_unanswered = false;
    } else if (IsPush(**reply, "message") && (*reply)->elements == 3 &&
               (*reply)->element[2]->type == REDIS_REPLY_STRING) {
      on_message_(Text(*(*reply)->element[2]));
    }
  }
}

absl::StatusOr<RedisReply> RedisSubscription::ReadReply(
    RedisConnection& connection, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    ASSIGN_OR_RETURN(RedisReply reply, connection.NextReply());
    if (reply != nullptr) return reply;
    switch (WaitReadable(connection.fd(), deadline - absl::Now())) {
      case Wait::kStopped:
        return absl::CancelledError("redis: subscription stopped");
      case Wait::kTimeout:
        return absl::DeadlineExceededError("redis: no reply in time");
      case Wait::kReadable:
        RETURN_IF_ERROR(connection.Receive());
    }
  }
}

RedisSubscription::Wait RedisSubscription::WaitReadable(
    int fd, absl::Duration timeout) {
  pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {fd, POLLIN, 0}};
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    if (stopping_.load()) return Wait::kStopped;
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return Wait::kTimeout;
    const int ms = static_cast<int>(
        absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))));
    const int ready = poll(fds, 2, ms);
    if (ready < 0 && errno != EINTR) return Wait::kTimeout;
    // POLLHUP and POLLERR count as readable: the read then reports them.
    if (ready > 0 && fds[1].revents != 0) return Wait::kReadable;
  }
}

}  // namespace masar::cache
