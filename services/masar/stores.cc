#include "services/masar/stores.h"

#include "absl/strings/str_cat.h"
#include "common/audit/audit_log.h"
#include "common/events/outbox.h"
#include "common/idempotency/idempotency.h"
#include "common/keys/key_fingerprints.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/status/errors.h"
#include "services/masar/service_registry.h"

namespace masar {

absl::StatusOr<std::unique_ptr<sql::Database>> OpenServiceStore(
    const ServeConfig& config, const std::string& service) {
  sql::DatabaseOptions options;
  options.pool_size = config.database_pool_size;
  if (config.database.empty()) {
    options.sqlite_path = absl::StrCat(config.data_dir, "/", service, ".sqlite");
  } else {
    options.postgres_url = config.database;
    options.schema = service;
  }
  absl::StatusOr<std::unique_ptr<sql::Database>> db =
      sql::OpenDatabase(options);
  if (!db.ok()) {
    return absl::Status(db.status().code(),
                        absl::StrCat("cannot open the ", service, " store: ",
                                     db.status().message()));
  }
  return db;
}

absl::StatusOr<std::vector<sql::MigrationSet>> ServiceMigrations(
    const std::string& service) {
  std::vector<sql::MigrationSet> sets;
  for (auto make : {&audit::AuditMigrations, &events::EventMigrations,
                    &idempotency::IdempotencyMigrations,
                    &ResourceCacheMigrations,
                    &keys::KeyFingerprintMigrations}) {
    ASSIGN_OR_RETURN(sql::MigrationSet set, make());
    sets.push_back(std::move(set));
  }
  const ServiceModule* module = FindServiceModule(service);
  if (module == nullptr) {
    return InvalidArgumentError("services",
                                absl::StrCat("unknown service \"", service, "\""));
  }
  if (module->migrations != nullptr) {
    ASSIGN_OR_RETURN(std::vector<sql::MigrationSet> own, module->migrations());
    for (sql::MigrationSet& set : own) sets.push_back(std::move(set));
  }
  return sets;
}

absl::Status PrepareServiceStore(sql::Database& db, const std::string& service,
                                 bool migrate, Logger& logger) {
  ASSIGN_OR_RETURN(std::vector<sql::MigrationSet> sets,
                   ServiceMigrations(service));
  for (const sql::MigrationSet& set : sets) {
    absl::Status status =
        migrate ? sql::Migrate(db, set) : sql::CheckSchema(db, set);
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat("the ", service, " store (",
                                       set.component(),
                                       "): ", status.message()));
    }
    logger.Info(migrate ? "schema migrated" : "schema checked",
                {{"service", service},
                 {"component", set.component()},
                 {"version", set.latest_version()}});
  }
  return absl::OkStatus();
}

}  // namespace masar
