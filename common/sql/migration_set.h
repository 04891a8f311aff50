#ifndef MASAR_COMMON_SQL_MIGRATION_SET_H_
#define MASAR_COMMON_SQL_MIGRATION_SET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/sql/database.h"

namespace masar::sql {

// One migration file as the binary carries it (see masar_sql_migrations in
// common/sql/CMakeLists.txt): its file name and contents.
struct MigrationFile {
  std::string name;  // "0001_init.sql", "0002_index.postgres.sql"
  std::string sql;
};

struct Migration {
  int version = 0;
  std::string name;  // "0001_init"
  std::string sqlite_sql;
  std::string postgres_sql;
  // From `-- masar: breaks-binaries-before <N>` in the file's leading
  // comment: this migration is the contract step of an expand-then-contract
  // change, and binaries that know fewer than N migrations break on the
  // schema it leaves. 0 when it breaks none.
  int breaks_binaries_before = 0;

  const std::string& sql(Dialect dialect) const {
    return dialect == Dialect::kSqlite ? sqlite_sql : postgres_sql;
  }
};

// The numbered migrations of one component (a service's store, the audit
// log...), which keeps its own versions in masar_schema_migrations so that
// several components share a database.
class MigrationSet {
 public:
  // Files are `NNNN_name.sql`, used by both drivers, or, where the SQL
  // differs (BLOB/BYTEA), `NNNN_name.sqlite.sql` and `NNNN_name.postgres.sql`
  // overriding it for one driver. Versions run 1, 2, ... without gaps; each
  // must have SQL for both drivers.
  static absl::StatusOr<MigrationSet> Create(std::string component,
                                             std::vector<MigrationFile> files);

  const std::string& component() const { return component_; }
  // Ordered by version: migrations()[i].version == i + 1.
  const std::vector<Migration>& migrations() const { return migrations_; }
  int latest_version() const { return static_cast<int>(migrations_.size()); }

 private:
  MigrationSet(std::string component, std::vector<Migration> migrations)
      : component_(std::move(component)), migrations_(std::move(migrations)) {}

  std::string component_;
  std::vector<Migration> migrations_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_MIGRATION_SET_H_
