#ifndef MASAR_TESTS_TESTING_REDIS_REDIS_SERVER_H_
#define MASAR_TESTS_TESTING_REDIS_REDIS_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace masar::testing {

// A real redis-server for integration tests: loopback only, no persistence,
// in a temporary directory of its own. The server dies with the test
// process, even one that crashes (PR_SET_PDEATHSIG). Create, restart and
// destroy it on the test's main thread: the kernel ties that safeguard to
// the thread that started the server.
class RedisServer {
 public:
  // Starts a server on a free port and waits until it answers PING.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start();

  // A logical database (SELECT n) of this test process's own, flushed at
  // exit. Under ctest it is on the server the whole run shares
  // (tests/testing/shared_servers.h); run by hand, on a server the binary
  // starts on first use. Tests that stop, pause or kill a server, or that
  // need what no database keeps apart (pub/sub channels, the script
  // cache), start their own with Start() instead: the shared one refuses
  // Stop and Restart, and aborts the test on Kill, Pause and Resume.
  static absl::StatusOr<RedisServer*> Shared();

  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // "127.0.0.1:<port>" ("redis://127.0.0.1:<port>/<n>" for a database of
  // the shared server), and the same server over its Unix socket (database
  // 0 only).
  std::string address() const;
  std::string unix_address() const;
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  // SIGTERM, then SIGKILL if it lingers; waits for the process to go.
  absl::Status Stop();
  // SIGKILL: the server vanishes without closing anything cleanly.
  void Kill();
  // Starts it again on the same port (empty: nothing is persisted).
  absl::Status Restart();
  // SIGSTOP/SIGCONT: a server that accepts connections but never answers.
  void Pause();
  void Resume();

 private:
  RedisServer(std::string dir, int port) : dir_(std::move(dir)), port_(port) {}

  // A fresh logical database of the shared server at `port`.
  static absl::StatusOr<std::unique_ptr<RedisServer>> OnSharedServer(
      int port, std::string dir);

  absl::Status Launch();
  // Aborts when `what` is asked of the shared server.
  void RefuseOnSharedServer(const char* what) const;
  absl::Status WaitUntilReady();
  // Sends `signal` and waits up to `grace` for the process to exit.
  bool SignalAndWait(int signal, int grace_ms);
  std::string LogTail() const;

  const std::string dir_;
  const int port_;
  pid_t pid_ = -1;
  int shared_db_ = -1;  // set on the shared server
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_REDIS_REDIS_SERVER_H_
