#include "common/sql/migrations.h"


#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/crypto/digest.h"
#include "common/status/status_macros.h"

namespace masar::sql {
namespace {

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS masar_schema_migrations ("
    " component TEXT NOT NULL,"
    " version BIGINT NOT NULL,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " breaks_binaries_before BIGINT NOT NULL,"
    " applied_at BIGINT NOT NULL,"
    " PRIMARY KEY (component, version))";

constexpr char kSelectRecorded[] =
    "SELECT version, name, checksum, breaks_binaries_before"
    " FROM masar_schema_migrations WHERE component = ? ORDER BY version";

constexpr char kInsertRecord[] =
    "INSERT INTO masar_schema_migrations (component, version, name, checksum,"
    " breaks_binaries_before, applied_at) VALUES (?, ?, ?, ?, ?, ?)";

// Several replicas retry a step that lost a race; more than the default
// since every one of them may conflict once per migration.
constexpr int kStepAttempts = 10;

struct Recorded {
  int64_t version = 0;
  std::string name;
  std::string checksum;
  int64_t breaks_before = 0;
};

std::string Checksum(absl::string_view sql) { return crypto::Sha256Hex(sql); }

absl::StatusOr<std::vector<Recorded>> ReadRecorded(Executor& db,
                                                   const MigrationSet& set) {
  const Value params[] = {set.component()};
  ASSIGN_OR_RETURN(Result result, db.Execute(kSelectRecorded, params));
  std::vector<Recorded> recorded;
  for (const Row& row : result.rows) {
    Recorded r;
    ASSIGN_OR_RETURN(r.version, row.Int(0));
    ASSIGN_OR_RETURN(r.name, row.Text(1));
    ASSIGN_OR_RETURN(r.checksum, row.Text(2));
    ASSIGN_OR_RETURN(r.breaks_before, row.Int(3));
    recorded.push_back(std::move(r));
  }
  return recorded;
}

// The database must not need a newer binary, and what this binary knows
// must be what was applied.
absl::Status CheckRecorded(const MigrationSet& set, Dialect dialect,
                           const std::vector<Recorded>& recorded) {
  const int latest = set.latest_version();
  int64_t newest = 0;
  int64_t breaks_before = 0;
  for (const Recorded& r : recorded) {
    newest = std::max(newest, r.version);
    breaks_before = std::max(breaks_before, r.breaks_before);
  }
  if (newest > latest && breaks_before > latest) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "the %s schema is at version %d and needs a binary that knows "
        "migration %d or later; this binary knows migrations up to %d: "
        "upgrade the binary",
        set.component(), newest, breaks_before, latest));
  }
  for (const Recorded& r : recorded) {
    if (r.version < 1 || r.version > latest) continue;
    const Migration& m = set.migrations()[r.version - 1];
    if (r.name != m.name || r.checksum != Checksum(m.sql(dialect))) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "%s migration %d was changed after it was applied (recorded %s, "
          "checksum %s; the binary has %s): restore it and put the change "
          "in a new migration",
          set.component(), r.version, r.name, r.checksum.substr(0, 12),
          m.name));
    }
  }
  return absl::OkStatus();
}

// The first migration of `set` not recorded, or nullptr.
const Migration* FirstPending(const MigrationSet& set,
                              const std::vector<Recorded>& recorded) {
  for (const Migration& m : set.migrations()) {
    const bool applied =
        std::any_of(recorded.begin(), recorded.end(),
                    [&](const Recorded& r) { return r.version == m.version; });
    if (!applied) return &m;
  }
  return nullptr;
}

absl::Status Apply(Transaction& tx, const MigrationSet& set, Dialect dialect,
                   const Migration& migration) {
  const std::string& sql = migration.sql(dialect);
  RETURN_IF_ERROR(tx.Execute(sql).status());
  const Value params[] = {set.component(),
                          int64_t{migration.version},
                          migration.name,
                          Checksum(sql),
                          int64_t{migration.breaks_binaries_before},
                          absl::ToUnixMicros(absl::Now())};
  return tx.Execute(kInsertRecord, params).status();
}

// One exclusive transaction: check, then apply the first pending migration.
// Sets `done` when nothing was pending.
absl::Status Step(Database& db, const MigrationSet& set,
                  const MigrateOptions& options, bool& done) {
  TransactionOptions tx_options;
  tx_options.deadline = options.deadline;
  tx_options.exclusive = true;
  tx_options.max_attempts = kStepAttempts;
  return db.InTransaction(tx_options, [&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Execute(kCreateTable).status());
    ASSIGN_OR_RETURN(std::vector<Recorded> recorded, ReadRecorded(tx, set));
    RETURN_IF_ERROR(CheckRecorded(set, db.dialect(), recorded));
    const Migration* pending = FirstPending(set, recorded);
    done = pending == nullptr;
    if (done) return absl::OkStatus();
    absl::Status applied = Apply(tx, set, db.dialect(), *pending);
    if (applied.ok() || absl::IsAborted(applied)) return applied;
    return absl::Status(applied.code(),
                        absl::StrCat(set.component(), " migration ",
                                     pending->name, ": ", applied.message()));
  });
}

absl::StatusOr<bool> TableExists(Database& db) {
  const char* sql =
      db.dialect() == Dialect::kSqlite
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            " AND name = 'masar_schema_migrations'"
          : "SELECT count(*) FROM pg_catalog.pg_tables"
            " WHERE schemaname = current_schema()"
            " AND tablename = 'masar_schema_migrations'";
  ASSIGN_OR_RETURN(Result result, db.Execute(sql));
  ASSIGN_OR_RETURN(int64_t count, result.rows.at(0).Int(0));
  return count > 0;
}

}  // namespace

absl::Status Migrate(Database& db, const MigrationSet& set,
                     const MigrateOptions& options) {
  bool done = false;
  while (!done) RETURN_IF_ERROR(Step(db, set, options, done));
  return absl::OkStatus();
}

absl::Status CheckSchema(Database& db, const MigrationSet& set) {
  ASSIGN_OR_RETURN(bool exists, TableExists(db));
  std::vector<Recorded> recorded;
  if (exists) {
    TransactionOptions options;
    options.read_only = true;
    RETURN_IF_ERROR(db.InTransaction(options, [&](Transaction& tx) {
      ASSIGN_OR_RETURN(recorded, ReadRecorded(tx, set));
      return absl::OkStatus();
    }));
  }
  RETURN_IF_ERROR(CheckRecorded(set, db.dialect(), recorded));
  if (const Migration* pending = FirstPending(set, recorded)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "the %s schema lacks migration %s (this binary needs version %d): "
        "run `masar migrate` first",
        set.component(), pending->name, set.latest_version()));
  }
  return absl::OkStatus();
}

}  // namespace masar::sql
