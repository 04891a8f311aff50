#ifndef MASAR_TESTS_TESTING_SHARED_SERVERS_H_
#define MASAR_TESTS_TESTING_SHARED_SERVERS_H_

#include <sys/types.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace masar::testing {

// The PostgreSQL and Redis servers one ctest run shares, started by its
// fixture (tests/testing/test_servers_main.cc) and described in a file
// whose path ctest hands every test in $MASAR_TEST_SERVERS. Tests do not
// read it themselves: PostgresServer::Shared() and RedisServer::Shared()
// give each test process a database of its own on them.
struct SharedServers {
  pid_t supervisor = -1;  // owns the servers; they die with it
  int postgres_port = 0;
  std::string postgres_dir;
  int redis_port = 0;
  std::string redis_dir;  // holds redis.sock
};

inline constexpr char kSharedServersVariable[] = "MASAR_TEST_SERVERS";

// The servers named by $MASAR_TEST_SERVERS; nullopt when it is unset (a
// test binary run by hand, which then starts servers of its own).
absl::StatusOr<std::optional<SharedServers>> FindSharedServers();

absl::StatusOr<SharedServers> ReadSharedServers(const std::string& path);
// Written whole or not at all (a temporary file renamed over `path`).
absl::Status WriteSharedServers(const SharedServers& servers,
                                const std::string& path);

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_SHARED_SERVERS_H_
