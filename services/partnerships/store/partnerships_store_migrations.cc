#include "services/partnerships/store/partnerships_store_migrations.h"

#include "services/partnerships/store/masar_partnerships_store_migrations.h"

namespace masar::partnerships {

absl::StatusOr<sql::MigrationSet> PartnershipsStoreMigrations() {
  return sql::MigrationSet::Create(
      "partnerships", sql::embedded::MasarPartnershipsStoreMigrations());
}

}  // namespace masar::partnerships
