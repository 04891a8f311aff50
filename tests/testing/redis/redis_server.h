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

  // One server per test binary, started on first use and stopped at exit.
  // Tests that stop, pause or kill a server start their own instead.
  static absl::StatusOr<RedisServer*> Shared();

  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // "127.0.0.1:<port>", and the same server over its Unix socket.
  std::string address() const;
  std::string unix_address() const;
  int port() const { return port_; }

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

  absl::Status Launch();
  absl::Status WaitUntilReady();
  // Sends `signal` and waits up to `grace` for the process to exit.
  bool SignalAndWait(int signal, int grace_ms);
  std::string LogTail() const;

  const std::string dir_;
  const int port_;
  pid_t pid_ = -1;
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_REDIS_REDIS_SERVER_H_
