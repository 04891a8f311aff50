#include "tools/masar-bench/child_echo_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace masar::bench {
namespace {

constexpr char kListeningPrefix[] = "masar-bench echo baseline listening on ";
constexpr absl::Duration kStartTimeout = absl::Seconds(10);
constexpr absl::Duration kExitTimeout = absl::Seconds(5);

absl::Status ChildError(absl::string_view message) {
  return absl::InternalError(absl::StrCat("--baseline: ", message));
}

// Spawns `executable serve-echo --port=0 --exit-on-stdin-eof` with pipes on
// its stdin and stdout.
absl::Status Spawn(const std::string& executable, pid_t& pid, int& stdin_fd,
                   int& stdout_fd) {
  int in[2];
  int out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    return ChildError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<std::string> args = {executable, "serve-echo", "--port=0",
                                   "--exit-on-stdin-eof"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int spawned = posix_spawn(&pid, executable.c_str(), &actions, nullptr,
                                  argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (spawned != 0) {
    close(in[1]);
    close(out[0]);
    return ChildError(
        absl::StrCat("cannot run ", executable, ": ", std::strerror(spawned)));
  }
  stdin_fd = in[1];
  stdout_fd = out[0];
  return absl::OkStatus();
}

}  // namespace

std::string ListeningLine(int port) {
  return absl::StrCat(kListeningPrefix, "127.0.0.1:", port, "\n");
}

absl::StatusOr<std::unique_ptr<ChildEchoServer>> ChildEchoServer::Start(
    const std::string& executable) {
  pid_t pid = 0;
  int stdin_fd = -1;
  int stdout_fd = -1;
  if (absl::Status spawned = Spawn(executable, pid, stdin_fd, stdout_fd);
      !spawned.ok()) {
    return spawned;
  }
  std::unique_ptr<ChildEchoServer> child(new ChildEchoServer(pid, stdin_fd));
  const absl::Status read = child->ReadAddress(stdout_fd);
  close(stdout_fd);
  if (!read.ok()) return read;
  return child;
}

absl::Status ChildEchoServer::ReadAddress(int stdout_fd) {
  const absl::Time end = absl::Now() + kStartTimeout;
  std::string line;
  while (!absl::StrContains(line, '\n')) {
    pollfd ready = {stdout_fd, POLLIN, 0};
    const int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(
        std::max(end - absl::Now(), absl::ZeroDuration())));
    if (poll(&ready, 1, wait_ms) <= 0) {
      return ChildError("the echo baseline did not start within 10s");
    }
    char buffer[256];
    const ssize_t got = read(stdout_fd, buffer, sizeof(buffer));
    if (got <= 0) return ChildError("the echo baseline exited at start");
    line.append(buffer, static_cast<size_t>(got));
  }
  absl::string_view address = absl::StripSuffix(line, "\n");
  if (!absl::ConsumePrefix(&address, kListeningPrefix)) {
    return ChildError(
        absl::StrCat("unexpected output from the echo baseline: ", line));
  }
  address_ = std::string(address);
  return absl::OkStatus();
}

ChildEchoServer::~ChildEchoServer() {
  close(stdin_fd_);
  const absl::Time end = absl::Now() + kExitTimeout;
  while (waitpid(pid_, nullptr, WNOHANG) == 0) {
    if (absl::Now() > end) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      return;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace masar::bench
