#ifndef MASAR_SERVICES_IDENTITY_STORE_IDENTITY_STORE_MIGRATIONS_H_
#define MASAR_SERVICES_IDENTITY_STORE_IDENTITY_STORE_MIGRATIONS_H_

#include "absl/status/statusor.h"
#include "common/sql/migration_set.h"

namespace masar::identity {

// The identity store's tables (component "identity",
// services/identity/store/migrations). The audit log's tables come from
// audit::AuditMigrations(), applied beside them.
absl::StatusOr<sql::MigrationSet> IdentityStoreMigrations();

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_IDENTITY_STORE_MIGRATIONS_H_
