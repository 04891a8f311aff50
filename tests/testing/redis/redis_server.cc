#include "tests/testing/redis/redis_server.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/testing/shared_servers.h"

namespace masar::testing {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";
constexpr absl::Duration kStartTimeout = absl::Seconds(10);
// Logical databases: the shared server hands each test process one from
// kFirstSharedDb up; those below stay for tests that name one themselves.
constexpr int kDatabases = 4096;
constexpr int kFirstSharedDb = 16;

// True when nothing listens on or is bound to 127.0.0.1:`port` now.
bool PortIsFree(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool free =
      bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) ==
      0;
  close(fd);
  return free;
}

// Below Linux's ephemeral range (32768-60999), so the port cannot meanwhile
// become the local end of some outgoing connection, and stays ours to bind
// again on Restart().
absl::StatusOr<int> PickFreePort() {
  absl::BitGen random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = absl::Uniform(random, 20000, 32000);
    if (PortIsFree(port)) return port;
  }
  return absl::UnavailableError("no free loopback port for redis-server");
}

absl::StatusOr<std::string> MakeTempDir() {
  std::string pattern = "/tmp/masar-redis-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp failed, errno ", errno));
  }
  return pattern;
}

// Runs `command` (no spaces within its words) on database `db`; its
// integer answer, or 0 for a status.
absl::StatusOr<long long> RunOn(int port, int db, const std::string& command) {
  redisContext* context = redisConnectWithTimeout(
      "127.0.0.1", port, absl::ToTimeval(absl::Seconds(5)));
  if (context == nullptr || context->err != 0) {
    if (context != nullptr) redisFree(context);
    return absl::UnavailableError(
        absl::StrCat("cannot reach the shared redis-server on port ", port));
  }
  absl::StatusOr<long long> result =
      absl::InternalError(absl::StrCat("redis: ", command, " failed"));
  auto* selected =
      static_cast<redisReply*>(redisCommand(context, "SELECT %d", db));
  if (selected != nullptr && selected->type == REDIS_REPLY_STATUS) {
    std::vector<std::string> words = absl::StrSplit(command, ' ');
    std::vector<const char*> argv;
    for (const std::string& word : words) argv.push_back(word.c_str());
    auto* reply = static_cast<redisReply*>(redisCommandArgv(
        context, static_cast<int>(argv.size()), argv.data(), nullptr));
    if (reply != nullptr && reply->type == REDIS_REPLY_INTEGER) {
      result = reply->integer;
    } else if (reply != nullptr && reply->type == REDIS_REPLY_STATUS) {
      result = 0;
    }
    if (reply != nullptr) freeReplyObject(reply);
  }
  if (selected != nullptr) freeReplyObject(selected);
  redisFree(context);
  return result;
}

bool AnswersPing(int port) {
  redisContext* context = redisConnectWithTimeout(
      "127.0.0.1", port, absl::ToTimeval(absl::Milliseconds(200)));
  if (context == nullptr) return false;
  bool pong = false;
  if (context->err == 0 &&
      redisSetTimeout(context, absl::ToTimeval(absl::Milliseconds(200))) ==
          REDIS_OK) {
    auto* reply = static_cast<redisReply*>(redisCommand(context, "PING"));
    pong = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
    if (reply != nullptr) freeReplyObject(reply);
  }
  redisFree(context);
  return pong;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start() {
  absl::Status last = absl::UnknownError("not started");
  // Another process may take the port between the check and the bind.
  for (int attempt = 0; attempt < 5; ++attempt) {
    absl::StatusOr<int> port = PickFreePort();
    if (!port.ok()) return port.status();
    absl::StatusOr<std::string> dir = MakeTempDir();
    if (!dir.ok()) return dir.status();
    // Owns the directory from here on, so a failed attempt removes it.
    std::unique_ptr<RedisServer> server(new RedisServer(*dir, *port));
    last = server->Launch();
    if (last.ok()) last = server->WaitUntilReady();
    if (last.ok()) return server;
  }
  return last;
}

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::OnSharedServer(
    int port, std::string dir) {
  absl::StatusOr<long long> taken =
      RunOn(port, 0, "INCR masar:test:databases-taken");
  if (!taken.ok()) return taken.status();
  std::unique_ptr<RedisServer> server(new RedisServer(std::move(dir), port));
  server->shared_db_ = static_cast<int>(
      kFirstSharedDb + (*taken - 1) % (kDatabases - kFirstSharedDb));
  // Empty even if a long run came round to a database used before.
  absl::StatusOr<long long> flushed =
      RunOn(port, server->shared_db_, "FLUSHDB");
  if (!flushed.ok()) return flushed.status();
  return server;
}

absl::StatusOr<RedisServer*> RedisServer::Shared() {
  // Function-local so that it starts only in binaries that use it and is
  // destroyed, flushing its database or stopping the server, when the test
  // binary exits.
  static absl::StatusOr<std::unique_ptr<RedisServer>> shared =
      []() -> absl::StatusOr<std::unique_ptr<RedisServer>> {
    absl::StatusOr<std::optional<SharedServers>> servers = FindSharedServers();
    if (!servers.ok()) return servers.status();
    if (!servers->has_value()) return Start();
    return OnSharedServer((*servers)->redis_port, (*servers)->redis_dir);
  }();
  if (!shared.ok()) return shared.status();
  return shared->get();
}

RedisServer::~RedisServer() {
  if (shared_db_ >= 0) {
    RunOn(port_, shared_db_, "FLUSHDB").IgnoreError();
    return;
  }
  Kill();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisServer::address() const {
  if (shared_db_ >= 0) {
    return absl::StrCat("redis://127.0.0.1:", port_, "/", shared_db_);
  }
  return absl::StrCat("127.0.0.1:", port_);
}

std::string RedisServer::unix_address() const {
  return absl::StrCat("unix://", dir_, "/redis.sock");
}

absl::Status RedisServer::Launch() {
  const std::string port = absl::StrCat(port_);
  const std::string socket = absl::StrCat(dir_, "/redis.sock");
  const std::string log = absl::StrCat(dir_, "/redis.log");
  std::vector<std::string> args = {
      kRedisServer,  "--port",         port,  "--bind",       "127.0.0.1",
      "--save",      "",               "--appendonly", "no",  "--daemonize",
      "no",          "--dir",          dir_,  "--unixsocket", socket,
      "--logfile",   log,            "--databases",  absl::StrCat(kDatabases)};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls from here on.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    execv(kRedisServer, argv.data());
    _exit(127);
  }
  pid_ = pid;
  return absl::OkStatus();
}

absl::Status RedisServer::WaitUntilReady() {
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (absl::Now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat("redis-server exited at start-up:\n", LogTail()));
    }
    if (AnswersPing(port_)) return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(10));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("redis-server did not answer PING:\n", LogTail()));
}

bool RedisServer::SignalAndWait(int signal, int grace_ms) {
  if (pid_ < 0) return true;
  kill(pid_, signal);
  // A stopped process would not act on SIGTERM until continued.
  if (signal != SIGKILL) kill(pid_, SIGCONT);
  for (int waited = 0; waited <= grace_ms; ++waited) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return true;
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return false;
}

void RedisServer::RefuseOnSharedServer(const char* what) const {
  if (shared_db_ < 0) return;
  std::cerr << "RedisServer::" << what << " on the redis-server this ctest "
            << "run shares: use RedisServer::Start() for a server of the "
            << "test's own\n";
  std::abort();
}

absl::Status RedisServer::Stop() {
  if (shared_db_ >= 0) {
    return absl::FailedPreconditionError(
        "the redis-server this ctest run shares cannot be stopped: use "
        "RedisServer::Start() for a server of the test's own");
  }
  if (SignalAndWait(SIGTERM, 5000)) return absl::OkStatus();
  Kill();
  return absl::DeadlineExceededError("redis-server ignored SIGTERM");
}

void RedisServer::Kill() {
  RefuseOnSharedServer("Kill");
  if (pid_ < 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

absl::Status RedisServer::Restart() {
  if (absl::Status stopped = Stop(); !stopped.ok()) return stopped;
  if (absl::Status launched = Launch(); !launched.ok()) return launched;
  return WaitUntilReady();
}

void RedisServer::Pause() {
  RefuseOnSharedServer("Pause");
  if (pid_ >= 0) kill(pid_, SIGSTOP);
}

void RedisServer::Resume() {
  RefuseOnSharedServer("Resume");
  if (pid_ >= 0) kill(pid_, SIGCONT);
}

std::string RedisServer::LogTail() const {
  std::ifstream log(absl::StrCat(dir_, "/redis.log"));
  std::stringstream text;
  text << log.rdbuf();
  std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace masar::testing
