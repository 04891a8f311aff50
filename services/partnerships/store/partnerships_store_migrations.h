#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_PARTNERSHIPS_STORE_MIGRATIONS_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_PARTNERSHIPS_STORE_MIGRATIONS_H_

#include "absl/status/statusor.h"
#include "common/sql/migration_set.h"

namespace masar::partnerships {

// The partnerships store's tables (component "partnerships",
// services/partnerships/store/migrations). The audit log's, the outbox's
// and the resource cache's tables come from their own sets
// (audit::AuditMigrations(), events::EventMigrations(),
// ResourceCacheMigrations()), applied beside them as for every service.
absl::StatusOr<sql::MigrationSet> PartnershipsStoreMigrations();

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_PARTNERSHIPS_STORE_MIGRATIONS_H_
