// masar_test_servers start|stop FILE: the PostgreSQL cluster and the
// redis-server one ctest run shares, its FIXTURES_SETUP and
// FIXTURES_CLEANUP (tests/testing/CMakeLists.txt).
//
// `start` first stops what an earlier run left (FILE names its supervisor),
// then forks a supervisor that starts both servers on free ports, writes
// FILE and waits for `stop`, or for the process that ran `start` (ctest) to
// go, so an interrupted run leaves nothing behind. The servers die with
// the supervisor (PR_SET_PDEATHSIG), even a killed one; the next `start`
// then removes their directories.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/testing/postgres/postgres_server.h"
#include "tests/testing/redis/redis_server.h"
#include "tests/testing/shared_servers.h"

namespace masar::testing {
namespace {

constexpr absl::Duration kStopTimeout = absl::Seconds(60);

// A descriptor that polls readable once `pid` exits. Not glibc's wrapper:
// Debian 12's <sys/pidfd.h> declares it without C linkage.
int PidFd(pid_t pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

// Waits until `pid`, which need not be our child, has exited.
bool AwaitExit(pid_t pid, absl::Duration timeout) {
  const int fd = PidFd(pid);
  if (fd < 0) return errno == ESRCH;
  pollfd exited{.fd = fd, .events = POLLIN, .revents = 0};
  const bool gone =
      poll(&exited, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout))) ==
      1;
  close(fd);
  return gone;
}

// True when `pid` still is a supervisor, not a process that got its pid.
bool IsSupervisor(pid_t pid) {
  std::ifstream cmdline(absl::StrCat("/proc/", pid, "/cmdline"));
  std::string program;
  std::getline(cmdline, program, '\0');
  return absl::EndsWith(program, "masar_test_servers");
}

// Stops the supervisor `path` names and removes what it left.
absl::Status StopSupervisor(const std::string& path) {
  if (!std::filesystem::exists(path)) return absl::OkStatus();
  absl::StatusOr<SharedServers> servers = ReadSharedServers(path);
  if (servers.ok()) {
    const pid_t pid = servers->supervisor;
    if (pid > 0 && IsSupervisor(pid)) {
      kill(pid, SIGTERM);
      if (!AwaitExit(pid, kStopTimeout)) {
        kill(pid, SIGKILL);
        if (!AwaitExit(pid, kStopTimeout)) {
          return absl::DeadlineExceededError(
              absl::StrCat("supervisor ", pid, " does not exit"));
        }
      }
    }
    // Left only by a supervisor that was killed outright.
    std::error_code ignored;
    std::filesystem::remove_all(servers->postgres_dir, ignored);
    std::filesystem::remove_all(servers->redis_dir, ignored);
  }
  std::filesystem::remove(path);
  return absl::OkStatus();
}

void Report(int fd, absl::string_view message) {
  while (!message.empty()) {
    const ssize_t n = write(fd, message.data(), message.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    message.remove_prefix(static_cast<size_t>(n));
  }
}

// Runs the servers until SIGTERM or until `run` exits; reports how the
// start went on `report` ("ok" or an error) and closes it.
int Supervise(const std::string& path, pid_t run, int report) {
  setsid();
  // Off ctest's pipes, which it waits on before it ends the setup test.
  const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int log =
      open((path + ".log").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
           0644);
  dup2(null, STDIN_FILENO);
  dup2(log, STDOUT_FILENO);
  dup2(log, STDERR_FILENO);
  const int run_fd = PidFd(run);
  if (run_fd < 0) {
    Report(report, absl::StrCat("process ", run, " that ran start is gone"));
    return 1;
  }

  auto fail = [&](const absl::Status& status) {
    Report(report, status.ToString());
    return 1;
  };
  absl::StatusOr<std::unique_ptr<PostgresServer>> postgres =
      PostgresServer::Start();
  if (!postgres.ok()) return fail(postgres.status());
  absl::StatusOr<std::unique_ptr<RedisServer>> redis = RedisServer::Start();
  if (!redis.ok()) return fail(redis.status());
  const SharedServers servers{.supervisor = getpid(),
                              .postgres_port = (*postgres)->port(),
                              .postgres_dir = (*postgres)->dir(),
                              .redis_port = (*redis)->port(),
                              .redis_dir = (*redis)->dir()};
  if (absl::Status written = WriteSharedServers(servers, path);
      !written.ok()) {
    return fail(written);
  }

  // Blocked only now: the servers must not inherit the mask.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGHUP);
  sigprocmask(SIG_BLOCK, &stop, nullptr);
  const int signals = signalfd(-1, &stop, SFD_CLOEXEC);
  Report(report, "ok");
  close(report);

  pollfd wake[2] = {{.fd = signals, .events = POLLIN, .revents = 0},
                    {.fd = run_fd, .events = POLLIN, .revents = 0}};
  while (poll(wake, 2, -1) < 0 && errno == EINTR) {
  }
  std::filesystem::remove(path);
  postgres->reset();  // stops it and removes its directory
  redis->reset();
  // The servers are not ctest's children: their CPU time shows only here.
  rusage used{};
  getrusage(RUSAGE_CHILDREN, &used);
  std::cout << "stopped; the servers used "
            << absl::FormatDuration(absl::DurationFromTimeval(used.ru_utime))
            << " user, "
            << absl::FormatDuration(absl::DurationFromTimeval(used.ru_stime))
            << " system" << std::endl;
  return 0;
}

int StartServers(const std::string& path) {
  if (absl::Status stopped = StopSupervisor(path); !stopped.ok()) {
    std::cerr << "cannot stop the earlier run's servers: " << stopped << "\n";
    return 1;
  }
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return 1;
  const pid_t run = getppid();
  if (run == 1) return 1;  // ctest is gone already
  const pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    close(report[0]);
    _exit(Supervise(path, run, report[1]));
  }
  close(report[1]);
  std::string answer;
  char buffer[512];
  for (ssize_t n; (n = read(report[0], buffer, sizeof(buffer))) != 0;) {
    if (n > 0) answer.append(buffer, static_cast<size_t>(n));
    if (n < 0 && errno != EINTR) break;
  }
  if (answer != "ok") {
    std::cerr << "shared servers did not start: " << answer << "\n";
    return 1;
  }
  std::ifstream written(path);
  std::cout << written.rdbuf();
  return 0;
}

}  // namespace
}  // namespace masar::testing

int main(int argc, char** argv) {
  const std::string command = argc == 3 ? argv[1] : "";
  if (command == "start") return masar::testing::StartServers(argv[2]);
  if (command == "stop") {
    absl::Status stopped = masar::testing::StopSupervisor(argv[2]);
    if (stopped.ok()) return 0;
    std::cerr << stopped << "\n";
    return 1;
  }
  std::cerr << "usage: masar_test_servers start|stop FILE\n";
  return 2;
}
