#ifndef MASAR_TESTS_SERVICES_IDENTITY_STORE_MIGRATED_IDENTITY_STORE_H_
#define MASAR_TESTS_SERVICES_IDENTITY_STORE_MIGRATED_IDENTITY_STORE_H_

#include "absl/status/status.h"
#include "common/audit/audit_log.h"
#include "common/auth/revocation_store.h"
#include "common/events/outbox.h"
#include "common/idempotency/idempotency.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "services/identity/credentials/sql_throttle_counters.h"
#include "services/identity/store/identity_store_migrations.h"

namespace masar::identity {

// Every table identity's store holds, as `masar serve` migrates it.
inline absl::Status MigrateIdentityStore(sql::Database& db) {
  for (auto migrations :
       {audit::AuditMigrations(), IdentityStoreMigrations(),
        auth::RevocationMigrations(), ThrottleMigrations(),
        idempotency::IdempotencyMigrations(), events::EventMigrations(),
        ResourceCacheMigrations()}) {
    if (!migrations.ok()) return migrations.status();
    RETURN_IF_ERROR(sql::Migrate(db, *migrations));
  }
  return absl::OkStatus();
}

}  // namespace masar::identity

#endif  // MASAR_TESTS_SERVICES_IDENTITY_STORE_MIGRATED_IDENTITY_STORE_H_
