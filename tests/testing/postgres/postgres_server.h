#ifndef MASAR_TESTS_TESTING_POSTGRES_POSTGRES_SERVER_H_
#define MASAR_TESTS_TESTING_POSTGRES_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace masar::testing {

// A throwaway PostgreSQL 15 server for integration tests, from Debian's
// binaries (/usr/lib/postgresql/15/bin, or $MASAR_POSTGRES_BIN): a fresh
// cluster in a temporary directory, fsync off, listening on 127.0.0.1 on a
// free port with its unix socket inside the directory. As root (CI) it runs
// as the `postgres` user, since PostgreSQL refuses root. The server dies with
// the test process even when that one crashes; the destructor stops it and
// removes the directory.
class PostgresServer {
 public:
  // initdb (about 0.6 s), start, and create the database `masar_test`.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start();

  // The server every test of the binary shares: started on first use,
  // stopped at exit. Its failure to start is returned to every caller.
  static absl::StatusOr<PostgresServer*> Shared();

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // postgresql://masar@127.0.0.1:<port>/masar_test
  const std::string& url() const { return url_; }
  int port() const { return port_; }

  // Fast shutdown: sessions are disconnected, the data stays.
  absl::Status Stop();
  // SIGKILL to the server and every backend at once, as a crash would.
  absl::Status Kill();
  // Starts again on the same port and data (after Stop or Kill).
  absl::Status Restart();

 private:
  PostgresServer(std::string dir, uid_t uid, gid_t gid)
      : dir_(std::move(dir)), uid_(uid), gid_(gid) {}

  absl::Status InitCluster();
  absl::Status StartOnFreePort();
  absl::Status Launch();
  absl::Status AwaitReady();
  absl::Status CreateDatabase();
  std::string LogTail() const;

  const std::string dir_;
  const uid_t uid_;
  const gid_t gid_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string url_;
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_POSTGRES_POSTGRES_SERVER_H_
