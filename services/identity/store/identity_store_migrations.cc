#include "services/identity/store/identity_store_migrations.h"

#include "services/identity/store/masar_identity_store_migrations.h"

namespace masar::identity {

absl::StatusOr<sql::MigrationSet> IdentityStoreMigrations() {
  return sql::MigrationSet::Create(
      "identity", sql::embedded::MasarIdentityStoreMigrations());
}

}  // namespace masar::identity
