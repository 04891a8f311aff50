#include "tests/testing/postgres/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/testing/shared_servers.h"

namespace masar::testing {
namespace {

constexpr int kPortAttempts = 5;
constexpr absl::Duration kStartTimeout = absl::Seconds(30);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);

std::string BinDir() {
  const char* dir = std::getenv("MASAR_POSTGRES_BIN");
  return dir != nullptr ? dir : "/usr/lib/postgresql/15/bin";
}

// A port nobody listens on right now. Another process may take it before
// the server binds it; StartOnFreePort then tries another.
absl::StatusOr<int> FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  auto* any = reinterpret_cast<sockaddr*>(&addr);
  const bool ok =
      bind(fd, any, sizeof(addr)) == 0 && getsockname(fd, any, &len) == 0;
  close(fd);
  if (!ok) return absl::InternalError("cannot bind a free port");
  return ntohs(addr.sin_port);
}

// Starts `args` as `uid`:`gid` in a process group of its own, output
// appended to `log`. Everything between fork and exec is async-signal-safe.
absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& args,
                            const std::string& log, uid_t uid, gid_t gid) {
  std::vector<char*> argv;
  for (const std::string& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("cannot open ", log));
  const bool switch_user = geteuid() != uid;
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    setpgid(0, 0);
    if (switch_user &&
        (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) {
      _exit(126);
    }
    // After setuid, which clears it: the server dies with the test process,
    // even one killed by a crash.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(125);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) return absl::InternalError("fork() failed");
  return pid;
}

absl::Status WaitExit(pid_t pid, absl::string_view what) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return absl::InternalError("waitpid() failed");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(what, " failed with status ", status));
}

// The processes whose parent is `parent`, from /proc/<pid>/stat.
std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    pid_t pid = 0;
    if (!absl::SimpleAtoi(name, &pid)) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == parent) children.push_back(pid);
  }
  return children;
}

// Waits until the killed backends are gone. Once their postmaster died they
// are our children (we are their subreaper), so they are reaped here; a
// restart needs none of them still attached to the shared memory.
void ReapOrphans(const std::vector<pid_t>& pids) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  for (pid_t pid : pids) {
    while (absl::Now() < give_up) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) break;
      if (kill(pid, 0) != 0 && errno == ESRCH) break;
      absl::SleepFor(absl::Milliseconds(2));
    }
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  if (access((BinDir() + "/postgres").c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("no PostgreSQL server in ", BinDir(),
                     " (apt-get install postgresql-15)"));
  }
  uid_t uid = geteuid();
  gid_t gid = getegid();
  if (uid == 0) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr) {
      return absl::FailedPreconditionError(
          "running as root needs the `postgres` user to run the server");
    }
    uid = user->pw_uid;
    gid = user->pw_gid;
  }
  // Backends whose postmaster was killed are handed to us rather than to
  // init (which may not reap them in a container), so Kill() can reap them.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  char dir[] = "/tmp/masar-pg-XXXXXX";
  if (mkdtemp(dir) == nullptr) {
    return absl::InternalError("cannot create a temporary directory");
  }
  std::unique_ptr<PostgresServer> server(new PostgresServer(dir, uid, gid));
  if (chown(dir, uid, gid) != 0) {
    return absl::InternalError(absl::StrCat("cannot chown ", dir));
  }
  absl::Status status = server->InitCluster();
  if (status.ok()) status = server->StartOnFreePort();
  if (status.ok()) status = server->Administer("CREATE DATABASE masar_test");
  if (!status.ok()) return status;
  return server;
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::OnSharedCluster(
    int port) {
  std::unique_ptr<PostgresServer> server(new PostgresServer("", 0, 0));
  server->port_ = port;
  // The pid tells apart the test processes running now; the time, this one
  // from a crashed one that left its database behind with the same pid.
  server->shared_database_ = absl::StrCat(
      "test_", getpid(), "_", absl::ToUnixMicros(absl::Now()) % 1000000000);
  server->url_ = absl::StrCat("postgresql://masar@127.0.0.1:", port, "/",
                              server->shared_database_);
  absl::Status status =
      server->Administer("CREATE DATABASE " + server->shared_database_);
  if (!status.ok()) {
    server->shared_database_.clear();  // nothing to drop
    return status;
  }
  return server;
}

absl::StatusOr<PostgresServer*> PostgresServer::Shared() {
  // Made on first use; destroyed at exit, after every test ran (also after
  // failed ones), which drops the database or stops the private cluster.
  static const absl::StatusOr<std::unique_ptr<PostgresServer>> server =
      []() -> absl::StatusOr<std::unique_ptr<PostgresServer>> {
    absl::StatusOr<std::optional<SharedServers>> shared = FindSharedServers();
    if (!shared.ok()) return shared.status();
    if (!shared->has_value()) return Start();
    return OnSharedCluster((*shared)->postgres_port);
  }();
  if (!server.ok()) return server.status();
  return server->get();
}

PostgresServer::~PostgresServer() {
  if (!shared_database_.empty()) {
    // FORCE: a pool the test leaked must not keep the database alive.
    Administer("DROP DATABASE " + shared_database_ + " WITH (FORCE)")
        .IgnoreError();
    return;
  }
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status PostgresServer::InitCluster() {
  absl::StatusOr<pid_t> pid =
      Spawn({BinDir() + "/initdb", "-D", dir_ + "/data", "-U", "masar",
             "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"},
            dir_ + "/initdb.log", uid_, gid_);
  if (!pid.ok()) return pid.status();
  absl::Status status = WaitExit(*pid, "initdb");
  if (!status.ok()) {
    std::ifstream log(dir_ + "/initdb.log");
    std::stringstream text;
    text << log.rdbuf();
    return absl::InternalError(
        absl::StrCat(status.message(), ": ", text.str()));
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::StartOnFreePort() {
  absl::Status status;
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    absl::StatusOr<int> port = FreePort();
    if (!port.ok()) return port.status();
    port_ = *port;
    url_ = absl::StrCat("postgresql://masar@127.0.0.1:", port_, "/masar_test");
    status = Launch();
    if (status.ok()) status = AwaitReady();
    if (status.ok()) return status;
    Kill().IgnoreError();
  }
  return status;
}

absl::Status PostgresServer::Launch() {
  // max_connections: a shared cluster serves the pools of every test that
  // ctest -j runs at once.
  absl::StatusOr<pid_t> pid =
      Spawn({BinDir() + "/postgres", "-D", dir_ + "/data", "-p",
             absl::StrCat(port_), "-c", "listen_addresses=127.0.0.1", "-c",
             "unix_socket_directories=" + dir_, "-c", "fsync=off", "-c",
             "full_page_writes=off", "-c", "max_connections=200", "-c",
             "shared_buffers=32MB"},
            dir_ + "/server.log", uid_, gid_);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  return absl::OkStatus();
}

absl::Status PostgresServer::AwaitReady() {
  const std::string probe =
      absl::StrCat("postgresql://masar@127.0.0.1:", port_, "/postgres");
  const absl::Time give_up = absl::Now() + kStartTimeout;
  while (absl::Now() < give_up) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(
          absl::StrCat("postgres exited at start: ", LogTail()));
    }
    if (PQping(probe.c_str()) == PQPING_OK) return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("postgres did not start: ", LogTail()));
}

absl::Status PostgresServer::Administer(const std::string& command) const {
  const std::string admin =
      absl::StrCat("postgresql://masar@127.0.0.1:", port_, "/postgres");
  PGconn* conn = PQconnectdb(admin.c_str());
  absl::Status status;
  if (PQstatus(conn) != CONNECTION_OK) {
    status = absl::UnavailableError(PQerrorMessage(conn));
  } else {
    PGresult* result = PQexec(conn, command.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = absl::InternalError(PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  PQfinish(conn);
  return status;
}

absl::Status PostgresServer::RefuseOnSharedCluster() const {
  return absl::FailedPreconditionError(
      "the PostgreSQL cluster this ctest run shares cannot be stopped: "
      "use PostgresServer::Start() for a cluster of the test's own");
}

absl::Status PostgresServer::Stop() {
  if (!shared_database_.empty()) return RefuseOnSharedCluster();
  if (pid_ < 0) return absl::OkStatus();
  // SIGINT is PostgreSQL's fast shutdown: disconnect everyone, checkpoint.
  kill(pid_, SIGINT);
  const absl::Time give_up = absl::Now() + kStopTimeout;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (absl::Now() >= give_up) return Kill();
    absl::SleepFor(absl::Milliseconds(10));
  }
  pid_ = -1;
  return absl::OkStatus();
}

absl::Status PostgresServer::Kill() {
  if (!shared_database_.empty()) return RefuseOnSharedCluster();
  if (pid_ < 0) return absl::OkStatus();
  // Every backend calls setsid(), so no process group holds them all: stop
  // the postmaster so it forks no more, kill what it forked, then it.
  kill(pid_, SIGSTOP);
  const std::vector<pid_t> backends = ChildrenOf(pid_);
  for (pid_t backend : backends) kill(backend, SIGKILL);
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  ReapOrphans(backends);
  return absl::OkStatus();
}

absl::Status PostgresServer::Restart() {
  absl::Status status = Stop();
  if (!status.ok()) return status;
  status = Launch();
  if (status.ok()) status = AwaitReady();
  return status;
}

std::string PostgresServer::LogTail() const {
  std::ifstream log(dir_ + "/server.log");
  std::stringstream text;
  text << log.rdbuf();
  const std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace masar::testing
