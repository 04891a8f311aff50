#ifndef MASAR_COMMON_SQL_MIGRATIONS_H_
#define MASAR_COMMON_SQL_MIGRATIONS_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

// Schema migrations: numbered SQL files per component, embedded in the
// binary by masar_sql_migrations(), recorded in masar_schema_migrations
// (component, version, name, sha256 checksum, breaks_binaries_before,
// applied_at in Unix microseconds).
//
// Compatibility, for rolling upgrades by expand-then-contract: a binary
// runs on a database whose schema is newer than it knows, unless one of the
// newer migrations declared `-- masar: breaks-binaries-before <N>` with N
// past the binary's latest version; then it refuses to start with
// FAILED_PRECONDITION naming both versions.
namespace masar::sql {

struct MigrateOptions {
  // Covers the whole run, including the wait for another process's lock.
  absl::Time deadline = absl::InfiniteFuture();
};

// Applies the pending migrations of `set` in order, each in its own
// transaction with its record, under a lock that one process at a time holds
// (PostgreSQL: an advisory lock keyed by the schema; SQLite: the write lock
// of BEGIN IMMEDIATE), so replicas starting together apply each migration
// exactly once. FAILED_PRECONDITION when a recorded migration's checksum no
// longer matches its file or the schema needs a newer binary.
absl::Status Migrate(Database& db, const MigrationSet& set,
                     const MigrateOptions& options = {});

// Read-only check for a server started without migrating: OK when every
// migration of `set` is recorded with its checksum and the schema does not
// need a newer binary; FAILED_PRECONDITION saying what to do otherwise.
absl::Status CheckSchema(Database& db, const MigrationSet& set);

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_MIGRATIONS_H_
