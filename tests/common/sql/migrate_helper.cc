// Applies the contract tests' embedded migrations to one store and exits 0,
// or prints the failure and exits 1. The concurrency test starts several at
// once to check that processes migrate one at a time.
//
//   sql_migrate_helper --sqlite <path>
//   sql_migrate_helper --postgres <url> <schema>
#include <cstring>
#include <iostream>

#include "common/sql/migrations.h"
#include "tests/common/sql/sql_migrate_helper_migrations.h"

namespace {

absl::Status Run(int argc, char** argv) {
  masar::sql::DatabaseOptions options;
  if (argc == 3 && std::strcmp(argv[1], "--sqlite") == 0) {
    options.sqlite_path = argv[2];
  } else if (argc == 4 && std::strcmp(argv[1], "--postgres") == 0) {
    options.postgres_url = argv[2];
    options.schema = argv[3];
  } else {
    return absl::InvalidArgumentError(
        "usage: sql_migrate_helper --sqlite <path> | --postgres <url> "
        "<schema>");
  }
  absl::StatusOr<std::unique_ptr<masar::sql::Database>> db =
      masar::sql::OpenDatabase(options);
  if (!db.ok()) return db.status();
  absl::StatusOr<masar::sql::MigrationSet> set =
      masar::sql::MigrationSet::Create(
          "contract", masar::sql::embedded::SqlMigrateHelperMigrations());
  if (!set.ok()) return set.status();
  return masar::sql::Migrate(**db, *set);
}

}  // namespace

int main(int argc, char** argv) {
  const absl::Status status = Run(argc, argv);
  if (status.ok()) return 0;
  std::cerr << status << "\n";
  return 1;
}
