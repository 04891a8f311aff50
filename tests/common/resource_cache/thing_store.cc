#include "tests/common/resource_cache/thing_store.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"

namespace masar::testing {

absl::Status CreateThingStore(sql::Database& db) {
  ASSIGN_OR_RETURN(sql::MigrationSet migrations, ResourceCacheMigrations());
  RETURN_IF_ERROR(sql::Migrate(db, migrations));
  return db
      .Execute("CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY, "
               "version BIGINT NOT NULL)")
      .status();
}

absl::StatusOr<int64_t> LoadThing(sql::Database& db, absl::string_view id) {
  const sql::Value params[] = {std::string(id)};
  ASSIGN_OR_RETURN(sql::Result r,
                   db.Execute("SELECT version FROM things WHERE id = ?", params));
  if (r.rows.empty()) return absl::NotFoundError(absl::StrCat("thing ", id));
  return r.rows[0].Int(0);
}

absl::StatusOr<int64_t> ReadThing(ResourceCache& cache, sql::Database& db,
                                  absl::string_view id,
                                  absl::Duration load_delay) {
  ASSIGN_OR_RETURN(
      std::string value,
      cache.Get(id, [&]() -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(int64_t version, LoadThing(db, id));
        if (load_delay > absl::ZeroDuration()) absl::SleepFor(load_delay);
        return absl::StrCat(version);
      }));
  int64_t version = 0;
  if (!absl::SimpleAtoi(value, &version)) {
    return absl::InternalError(absl::StrCat("not a version: ", value));
  }
  return version;
}

absl::Status WriteThing(sql::Database& db, ResourceCache& cache,
                        absl::string_view id, int64_t version) {
  std::string token;
  RETURN_IF_ERROR(db.InTransaction([&](sql::Transaction& tx) -> absl::Status {
    const sql::Value params[] = {std::string(id), version};
    RETURN_IF_ERROR(tx.Execute("INSERT INTO things (id, version) VALUES (?, ?) "
                               "ON CONFLICT (id) DO UPDATE SET version = "
                               "excluded.version",
                               params)
                        .status());
    ASSIGN_OR_RETURN(token, cache.NoteChange(tx, id));
    return absl::OkStatus();
  }));
  cache.Invalidate({{std::string(id), token}});
  return absl::OkStatus();
}

}  // namespace masar::testing
