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
  // A cluster of the caller's own: initdb (about 0.6 s), start, and create
  // the database `masar_test`. For tests that stop, kill or restart it.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start();

  // A database of this test process's own, dropped at exit. Under ctest it
  // lives on the cluster the whole run shares (tests/testing/shared_servers.h),
  // which cannot be stopped: Stop, Kill and Restart answer
  // FAILED_PRECONDITION. Run by hand, the binary starts its own cluster on
  // first use. Its failure to start is returned to every caller.
  static absl::StatusOr<PostgresServer*> Shared();

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // postgresql://masar@127.0.0.1:<port>/<database>
  const std::string& url() const { return url_; }
  int port() const { return port_; }
  // The cluster's directory (on the shared cluster, empty).
  const std::string& dir() const { return dir_; }

  // Fast shutdown: sessions are disconnected, the data stays.
  absl::Status Stop();
  // SIGKILL to the server and every backend at once, as a crash would.
  absl::Status Kill();
  // Starts again on the same port and data (after Stop or Kill).
  absl::Status Restart();

 private:
  PostgresServer(std::string dir, uid_t uid, gid_t gid)
      : dir_(std::move(dir)), uid_(uid), gid_(gid) {}

  // A fresh database on the shared cluster listening on `port`.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> OnSharedCluster(
      int port);

  absl::Status InitCluster();
  absl::Status StartOnFreePort();
  absl::Status Launch();
  absl::Status AwaitReady();
  // Runs `command` in the maintenance database `postgres`.
  absl::Status Administer(const std::string& command) const;
  absl::Status RefuseOnSharedCluster() const;
  std::string LogTail() const;

  const std::string dir_;
  const uid_t uid_;
  const gid_t gid_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string url_;
  std::string shared_database_;  // set on the shared cluster
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_POSTGRES_POSTGRES_SERVER_H_
