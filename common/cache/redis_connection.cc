#include "common/cache/redis_connection.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>

#include <string>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/status_macros.h"

namespace masar::cache {
namespace {

// hiredis writes with write(2): on a socket the server has reset, that
// raises SIGPIPE, which would kill a process that has not ignored it. A
// library must not change the process's signal dispositions, so, as libpq
// does, block SIGPIPE on this thread for the duration of the I/O and
// swallow one that arrived meanwhile.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec no_wait{};
        sigtimedwait(&sigpipe_, nullptr, &no_wait);
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t previous_;
  bool was_pending_ = false;
};

// hiredis's argv form, binary-safe: values are never formatted into text.
struct Argv {
  explicit Argv(absl::Span<const absl::string_view> args) {
    for (absl::string_view arg : args) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int argc() const { return static_cast<int>(pointers.size()); }

  absl::InlinedVector<const char*, 8> pointers;
  absl::InlinedVector<size_t, 8> lengths;
};

redisContext* Connect(const RedisAddress& address, const timeval& timeout) {
  if (!address.unix_path.empty()) {
    return redisConnectUnixWithTimeout(address.unix_path.c_str(), timeout);
  }
  return redisConnectWithTimeout(address.host.c_str(), address.port, timeout);
}

}  // namespace

void RedisReplyDeleter::operator()(redisReply* reply) const {
  freeReplyObject(reply);
}

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Open(
    const RedisAddress& address, absl::Duration connect_timeout,
    absl::Duration io_timeout) {
  redisContext* context = Connect(address, absl::ToTimeval(connect_timeout));
  if (context == nullptr) {
    return absl::UnavailableError("redis: cannot allocate a connection");
  }
  std::unique_ptr<RedisConnection> connection(new RedisConnection(context));
  if (context->err != 0) {
    return absl::UnavailableError(
        absl::StrCat("redis: cannot connect: ", context->errstr));
  }
  if (redisSetTimeout(context, absl::ToTimeval(io_timeout)) != REDIS_OK) {
    return absl::UnavailableError("redis: cannot set the command timeout");
  }
  // Keep-alive notices a peer that vanished without closing the socket,
  // which matters for idle pooled and subscriber connections.
  if (address.unix_path.empty() && redisEnableKeepAlive(context) != REDIS_OK) {
    return absl::UnavailableError("redis: cannot enable keep-alive");
  }
  if (address.db != 0) {
    const std::string db = absl::StrCat(address.db);
    ASSIGN_OR_RETURN(RedisReply reply, connection->Command({"SELECT", db}));
    if (reply->type == REDIS_REPLY_ERROR) {
      return absl::InvalidArgumentError(
          absl::StrCat("redis: SELECT ", db, ": ", reply->str));
    }
  }
  return connection;
}

RedisConnection::~RedisConnection() { redisFree(context_); }

int RedisConnection::fd() const { return context_->fd; }

absl::Status RedisConnection::Fail() {
  broken_ = true;
  return absl::UnavailableError(absl::StrCat("redis: ", context_->errstr));
}

absl::StatusOr<RedisReply> RedisConnection::Command(
    absl::Span<const absl::string_view> args) {
  if (broken_) return absl::UnavailableError("redis: connection is broken");
  Argv argv(args);
  ScopedSigpipeBlock block_sigpipe;
  void* reply = redisCommandArgv(context_, argv.argc(), argv.pointers.data(),
                                 argv.lengths.data());
  if (reply == nullptr) return Fail();
  return RedisReply(static_cast<redisReply*>(reply));
}

absl::Status RedisConnection::Send(absl::Span<const absl::string_view> args) {
  if (broken_) return absl::UnavailableError("redis: connection is broken");
  Argv argv(args);
  if (redisAppendCommandArgv(context_, argv.argc(), argv.pointers.data(),
                             argv.lengths.data()) != REDIS_OK) {
    return Fail();
  }
  ScopedSigpipeBlock block_sigpipe;
  int done = 0;
  while (done == 0) {
    if (redisBufferWrite(context_, &done) != REDIS_OK) return Fail();
  }
  return absl::OkStatus();
}

absl::Status RedisConnection::Receive() {
  if (broken_) return absl::UnavailableError("redis: connection is broken");
  if (redisBufferRead(context_) != REDIS_OK) return Fail();
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisConnection::NextReply() {
  if (broken_) return absl::UnavailableError("redis: connection is broken");
  void* reply = nullptr;
  if (redisGetReplyFromReader(context_, &reply) != REDIS_OK) return Fail();
  return RedisReply(static_cast<redisReply*>(reply));
}

}  // namespace masar::cache
