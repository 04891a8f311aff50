#ifndef MASAR_SERVICES_MASAR_STORES_H_
#define MASAR_SERVICES_MASAR_STORES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/serve_config.h"
#include "common/log/logger.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

namespace masar {

// The store of one service: `<data-dir>/<service>.sqlite`, or the schema
// `<service>` of the PostgreSQL database `--database` names.
absl::StatusOr<std::unique_ptr<sql::Database>> OpenServiceStore(
    const ServeConfig& config, const std::string& service);

// Every migration set a service's store needs: the shared components
// (audit log, request ids, cache invalidations) and the service's own.
absl::StatusOr<std::vector<sql::MigrationSet>> ServiceMigrations(
    const std::string& service);

// Applies the pending migrations (`migrate`) or checks that none is pending.
absl::Status PrepareServiceStore(sql::Database& db, const std::string& service,
                                 bool migrate, Logger& logger);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_STORES_H_
