#include "tests/common/resource_cache/peer_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace masar::testing {
namespace {

absl::Status Errno(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<PeerProcess>> PeerProcess::Start(
    const std::string& path, const std::vector<std::string>& args) {
  // A peer that died must fail the test, not kill it with SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return Errno("pipe");
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return Errno("pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (spawned != 0) {
    close(in[1]);
    close(out[0]);
    return absl::InternalError(
        absl::StrCat("spawn ", path, ": ", std::strerror(spawned)));
  }
  return std::unique_ptr<PeerProcess>(new PeerProcess(pid, in[1], out[0]));
}

PeerProcess::~PeerProcess() {
  if (to_peer_ >= 0) close(to_peer_);
  if (from_peer_ >= 0) close(from_peer_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

absl::Status PeerProcess::Send(absl::string_view command) {
  std::string line = absl::StrCat(command, "\n");
  absl::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = write(to_peer_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("write to peer");
    rest.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> PeerProcess::Reply(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    const size_t newline = buffered_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffered_.substr(0, newline);
      buffered_.erase(0, newline + 1);
      return line;
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError("peer did not answer");
    }
    pollfd fd{.fd = from_peer_, .events = POLLIN, .revents = 0};
    const int ready = poll(&fd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Errno("poll");
    if (ready == 0) continue;
    char chunk[4096];
    const ssize_t n = read(from_peer_, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("read from peer");
    if (n == 0) return absl::UnavailableError("peer closed its stdout");
    buffered_.append(chunk, static_cast<size_t>(n));
  }
}

absl::StatusOr<std::string> PeerProcess::Ask(absl::string_view command,
                                             absl::Duration timeout) {
  if (absl::Status sent = Send(command); !sent.ok()) return sent;
  return Reply(timeout);
}

absl::Status PeerProcess::Finish(absl::Duration timeout) {
  close(to_peer_);
  to_peer_ = -1;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
      return absl::InternalError(absl::StrCat("peer ended with status ", status));
    }
    if (done < 0) return Errno("waitpid");
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError("peer did not exit on end of input");
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace masar::testing
