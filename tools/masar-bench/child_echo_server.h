#ifndef MASAR_TOOLS_MASAR_BENCH_CHILD_ECHO_SERVER_H_
#define MASAR_TOOLS_MASAR_BENCH_CHILD_ECHO_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace masar::bench {

// The echo baseline in a child process (`<executable> serve-echo`), so that
// it shares the cores with masar-bench the way the target does: two
// processes, each with gRPC's own threads. The child exits when this object
// goes away (its stdin closes).
class ChildEchoServer {
 public:
  // Runs `executable` (masar-bench itself) and waits until it listens.
  static absl::StatusOr<std::unique_ptr<ChildEchoServer>> Start(
      const std::string& executable);

  ~ChildEchoServer();
  ChildEchoServer(const ChildEchoServer&) = delete;
  ChildEchoServer& operator=(const ChildEchoServer&) = delete;

  // "127.0.0.1:port".
  const std::string& address() const { return address_; }

 private:
  ChildEchoServer(pid_t pid, int stdin_fd) : pid_(pid), stdin_fd_(stdin_fd) {}

  absl::Status ReadAddress(int stdout_fd);

  pid_t pid_;
  int stdin_fd_;
  std::string address_;
};

// The line `serve-echo` prints once it listens.
std::string ListeningLine(int port);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_CHILD_ECHO_SERVER_H_
