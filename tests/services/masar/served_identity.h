#ifndef MASAR_TESTS_SERVICES_MASAR_SERVED_IDENTITY_H_
#define MASAR_TESTS_SERVICES_MASAR_SERVED_IDENTITY_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/server.h"
#include "common/log/logger.h"
#include "common/sql/database.h"
#include "services/masar/auth_setup.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::testing {

// Identity as `masar serve --services=identity` builds it (SQLite in a
// temporary directory, an in-process cache), served on a free port.
struct ServedIdentity {
  absl::Status Start();
  // Stops the server before the service it serves.
  ~ServedIdentity();

  ScopedTempDir temp{"masar-identity"};
  const std::string dir = temp.path();
  SystemClock clock;
  Logger logger{[](absl::string_view) {}, LogLevel::kError, &clock};
  cache::MemoryCache cache{clock};
  BoundedExecutor executor{4, 256};
  std::unique_ptr<AuthRuntime> auth;
  std::unique_ptr<sql::Database> db;
  std::unique_ptr<HostedService> service;
  std::unique_ptr<Server> server;
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_SERVICES_MASAR_SERVED_IDENTITY_H_
