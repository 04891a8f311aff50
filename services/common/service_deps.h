#ifndef MASAR_SERVICES_COMMON_SERVICE_DEPS_H_
#define MASAR_SERVICES_COMMON_SERVICE_DEPS_H_

#include "common/cache/cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/log/logger.h"
#include "common/sql/database.h"

namespace masar {

// What `masar serve` hands each hosted service, all owned by the caller and
// outliving the service: its own store, the shared cache, its pool for
// blocking work, the log and the clock.
struct ServiceDeps {
  sql::Database* db = nullptr;
  cache::Cache* cache = nullptr;
  BoundedExecutor* executor = nullptr;
  Logger* logger = nullptr;
  const Clock* clock = nullptr;
};

}  // namespace masar

#endif  // MASAR_SERVICES_COMMON_SERVICE_DEPS_H_
