#ifndef MASAR_TESTS_COMMON_RESOURCE_CACHE_PEER_PROCESS_H_
#define MASAR_TESTS_COMMON_RESOURCE_CACHE_PEER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::testing {

// Another process of the same service, for tests that need two: an
// executable that reads one command a line on stdin and answers one line on
// stdout (resource_cache_peer.cc). Start it on the test's main thread; it
// dies with the test process even on a crash (PR_SET_PDEATHSIG in the peer).
class PeerProcess {
 public:
  static absl::StatusOr<std::unique_ptr<PeerProcess>> Start(
      const std::string& path, const std::vector<std::string>& args);

  // Kills the peer if Finish did not end it.
  ~PeerProcess();
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  // Sends `command` and returns the reply line (without the newline).
  absl::StatusOr<std::string> Ask(absl::string_view command,
                                  absl::Duration timeout = absl::Seconds(20));
  // Sends `command` without waiting; Reply() collects the answer later.
  absl::Status Send(absl::string_view command);
  absl::StatusOr<std::string> Reply(absl::Duration timeout = absl::Seconds(20));

  // Closes its stdin and waits for it to exit 0.
  absl::Status Finish(absl::Duration timeout = absl::Seconds(20));

 private:
  PeerProcess(pid_t pid, int to_peer, int from_peer)
      : pid_(pid), to_peer_(to_peer), from_peer_(from_peer) {}

  pid_t pid_;
  int to_peer_;
  int from_peer_;
  std::string buffered_;
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_COMMON_RESOURCE_CACHE_PEER_PROCESS_H_
