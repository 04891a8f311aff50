// `masar restore` (declared in backup.h): everything is checked before
// anything changes, new files are staged beside their targets
// (backup::StagedFiles), PostgreSQL schemas are replaced in one transaction,
// and the files are swapped together at the end, so a refused or failed
// restore leaves the stores, keys and checkpoints as they were.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/audit/checkpointer.h"
#include "common/backup/file_digest.h"
#include "common/backup/manifest.h"
#include "common/backup/staged_files.h"
#include "common/sql/database.h"
#include "common/status/status_macros.h"
#include "services/masar/backup.h"
#include "services/masar/data_dir_lock.h"
#include "services/masar/postgres_tools.h"
#include "services/masar/stores.h"

namespace masar {
namespace {

namespace fs = std::filesystem;
using backup::Manifest;
using backup::ManifestFile;
using backup::ManifestService;

absl::Status Refuse(const std::string& dir, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to restore from ", dir, ": ", why, "; nothing was changed"));
}

bool Exists(const std::string& path) {
  std::error_code error;
  return fs::exists(fs::symlink_status(path, error));
}

// The services of the backup to restore: all, or those --services names.
absl::StatusOr<std::vector<ManifestService>> Selected(
    const Manifest& manifest, const BackupOptions& options) {
  const std::vector<std::string>& wanted = options.store.services;
  const bool all = wanted.size() == 1 && wanted.front() == "all";
  std::vector<ManifestService> selected;
  for (const std::string& name : wanted) {
    if (all) break;
    bool found = false;
    for (const ManifestService& s : manifest.services) found |= s.name == name;
    if (!found) {
      return Refuse(options.dir, absl::StrCat("it holds no ", name, " store"));
    }
  }
  for (const ManifestService& s : manifest.services) {
    if (all || std::find(wanted.begin(), wanted.end(), s.name) != wanted.end()) {
      selected.push_back(s);
    }
  }
  return selected;
}

absl::Status CheckCompatible(const Manifest& manifest,
                             const std::vector<ManifestService>& services,
                             const BackupOptions& options) {
  const std::string target =
      options.store.database.empty() ? "sqlite" : "postgresql";
  if (manifest.store != target) {
    return Refuse(options.dir, absl::StrCat(
        "it is a backup of ", manifest.store, " stores and the target is ",
        target, " (", options.store.database.empty()
                          ? "no --database given"
                          : "--database given", ")"));
  }
  for (const ManifestService& service : services) {
    ASSIGN_OR_RETURN(std::vector<sql::MigrationSet> sets,
                     ServiceMigrations(service.name));
    for (const sql::MigrationSet& set : sets) {
      auto it = service.schema_versions.find(set.component());
      if (it != service.schema_versions.end() &&
          it->second > set.latest_version()) {
        return Refuse(options.dir, absl::StrCat(
            "its ", service.name, " store has ", set.component(),
            " schema version ", it->second, ", this masar knows up to ",
            set.latest_version(), " (restore with masar ",
            manifest.masar_version, " or newer)"));
      }
    }
  }
  return absl::OkStatus();
}

// A backup made with --keys-dir names keys that a mounted Secret, not the
// restore, provides: each must be in --keys-dir with the same bytes.
absl::Status CheckKeysDir(const Manifest& manifest,
                          const BackupOptions& options) {
  if (!manifest.keys_dir) return absl::OkStatus();
  const std::string& keys_dir = options.store.keys_dir;
  for (const ManifestFile& file : manifest.files) {
    if (!absl::StartsWith(file.path, "keys-dir/")) continue;
    const std::string name = file.path.substr(std::string("keys-dir/").size());
    if (keys_dir.empty()) {
      return Refuse(options.dir, absl::StrCat(
          "it was taken with --keys-dir and its stores need those keys: give "
          "--keys-dir (MASAR_KEYS_DIR) holding them (copies are in ",
          options.dir, "/keys-dir/)"));
    }
    absl::StatusOr<backup::FileDigest> digest =
        backup::DigestFile(absl::StrCat(keys_dir, "/", name));
    if (!digest.ok() || digest->sha256 != file.sha256) {
      return Refuse(options.dir, absl::StrCat(
          "--keys-dir ", keys_dir, digest.ok() ? " holds another " : " lacks ",
          "key ", name, ", which the backed-up stores were sealed or signed "
          "with (a copy is in ", options.dir, "/", file.path, ")"));
    }
  }
  return absl::OkStatus();
}

std::string SqlitePath(const std::string& data_dir, const std::string& name) {
  return absl::StrCat(data_dir, "/", name, ".sqlite");
}

std::string CheckpointPath(const std::string& data_dir,
                           const std::string& name) {
  return audit::CheckpointFilePath(
      absl::StrCat(data_dir, "/audit-checkpoints"), name);
}

absl::StatusOr<bool> PostgresSchemaHoldsTables(const std::string& url,
                                               const std::string& schema) {
  sql::DatabaseOptions db_options;
  db_options.postgres_url = url;
  db_options.pool_size = 1;
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Database> db,
                   sql::OpenDatabase(db_options));
  const sql::Value param = schema;
  ASSIGN_OR_RETURN(sql::Result result,
                   db->Execute("SELECT COUNT(*) FROM information_schema.tables "
                               "WHERE table_schema = ?",
                               absl::MakeConstSpan(&param, 1)));
  ASSIGN_OR_RETURN(int64_t tables, result.rows.at(0).Int(0));
  return tables > 0;
}

// What the restore would replace that holds data: stores with tables,
// checkpoint files, keys other than the backup's.
absl::StatusOr<std::vector<std::string>> Occupied(
    const Manifest& manifest, const std::vector<ManifestService>& services,
    const BackupOptions& options) {
  const ServeConfig& config = options.store;
  std::vector<std::string> occupied;
  for (const ManifestService& service : services) {
    if (config.database.empty()) {
      const std::string path = SqlitePath(config.data_dir, service.name);
      if (Exists(path)) occupied.push_back(path);
    } else {
      ASSIGN_OR_RETURN(bool holds,
                       PostgresSchemaHoldsTables(config.database, service.name));
      if (holds) occupied.push_back(absl::StrCat("schema ", service.name));
    }
    const std::string checkpoints = CheckpointPath(config.data_dir, service.name);
    if (Exists(checkpoints)) occupied.push_back(checkpoints);
  }
  for (const ManifestFile& file : manifest.files) {
    if (!absl::StartsWith(file.path, "data-dir-keys/")) continue;
    const std::string target = absl::StrCat(
        config.data_dir, "/keys/", fs::path(file.path).filename().string());
    absl::StatusOr<backup::FileDigest> digest = backup::DigestFile(target);
    if (digest.ok() && digest->sha256 != file.sha256) occupied.push_back(target);
  }
  return occupied;
}

// Every file of the backup the restore writes into --data-dir, staged.
absl::Status StageFiles(const Manifest& manifest,
                        const std::vector<ManifestService>& services,
                        const BackupOptions& options,
                        backup::StagedFiles& staging) {
  const std::string& data_dir = options.store.data_dir;
  auto stage = [&](const ManifestFile& file, const std::string& target) {
    return staging.Stage(absl::StrCat(options.dir, "/", file.path),
                         file.sha256, target);
  };
  for (const ManifestFile& file : manifest.files) {
    if (absl::StartsWith(file.path, "data-dir-keys/")) {
      RETURN_IF_ERROR(stage(file, absl::StrCat(
          data_dir, "/keys/", fs::path(file.path).filename().string())));
    }
  }
  for (const ManifestService& service : services) {
    const std::string relative =
        absl::StrCat("audit-checkpoints/", service.name, ".jsonl");
    const std::string target = CheckpointPath(data_dir, service.name);
    if (const ManifestFile* file = manifest.Find(relative)) {
      RETURN_IF_ERROR(stage(*file, target));
    } else {
      staging.Remove(target);
    }
    if (!options.store.database.empty()) continue;
    const std::string store = SqlitePath(data_dir, service.name);
    RETURN_IF_ERROR(stage(*manifest.Find(service.store_file), store));
    // The old store's journals would be replayed into the new one.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
      staging.Remove(absl::StrCat(store, suffix));
    }
  }
  return absl::OkStatus();
}

// Every schema replaced in one transaction: each dropped and recreated from
// its archive (pg_restore turns it into SQL, psql runs it all with
// --single-transaction and stops at the first error, rolling back).
absl::Status RestorePostgres(const std::vector<ManifestService>& services,
                             const BackupOptions& options) {
  ASSIGN_OR_RETURN(std::string pg_restore,
                   FindPostgresTool("pg_restore", options.pg_bin_dir));
  ASSIGN_OR_RETURN(std::string psql,
                   FindPostgresTool("psql", options.pg_bin_dir));
  const std::string work = absl::StrCat(options.store.data_dir,
                                        "/.restore-sql-", ::getpid());
  std::error_code error;
  fs::create_directories(work, error);
  ::chmod(work.c_str(), 0700);
  std::string script;
  absl::Status status;
  for (const ManifestService& service : services) {
    const std::string sql = absl::StrCat(work, "/", service.name, ".sql");
    status = RunTool({pg_restore, "--no-owner", "--no-privileges",
                      absl::StrCat("--file=", sql),
                      absl::StrCat(options.dir, "/", service.store_file)});
    if (!status.ok()) break;
    absl::StrAppend(&script, "DROP SCHEMA IF EXISTS \"", service.name,
                    "\" CASCADE;\n\\i ", sql, "\n");
  }
  if (status.ok()) {
    const std::string main = absl::StrCat(work, "/restore.sql");
    std::ofstream(main) << script;
    status = RunTool({psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                      "--single-transaction",
                      absl::StrCat("--dbname=", options.store.database),
                      absl::StrCat("--file=", main)});
  }
  fs::remove_all(work, error);
  if (!status.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the PostgreSQL restore failed and was rolled back, nothing was "
        "changed: ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunRestore(const BackupOptions& options) {
  const ServeConfig& config = options.store;
  const absl::Time start = absl::Now();
  absl::StatusOr<Manifest> manifest = backup::ReadVerifiedManifest(options.dir);
  if (!manifest.ok()) return Refuse(options.dir, manifest.status().message());
  ASSIGN_OR_RETURN(std::vector<ManifestService> services,
                   Selected(*manifest, options));
  RETURN_IF_ERROR(CheckCompatible(*manifest, services, options));
  RETURN_IF_ERROR(CheckKeysDir(*manifest, options));
  if (!config.database.empty()) {
    for (const char* tool : {"pg_restore", "psql"}) {
      absl::StatusOr<std::string> path =
          FindPostgresTool(tool, options.pg_bin_dir);
      if (!path.ok()) return Refuse(options.dir, path.status().message());
    }
  }
  std::error_code error;
  fs::create_directories(config.data_dir, error);
  if (error) {
    return Refuse(options.dir, absl::StrCat("cannot create --data-dir ",
                                            config.data_dir, ": ",
                                            error.message()));
  }
  absl::StatusOr<DataDirLock> lock =
      DataDirLock::Acquire(config.data_dir, DataDirLock::Mode::kExclusive);
  if (!lock.ok()) return Refuse(options.dir, lock.status().message());
  ASSIGN_OR_RETURN(std::vector<std::string> occupied,
                   Occupied(*manifest, services, options));
  if (!occupied.empty() && !options.replace) {
    return Refuse(options.dir, absl::StrCat(
        "the target holds data a restore would replace (",
        absl::StrJoin(occupied, ", "),
        "): pass --replace to replace it"));
  }
  backup::StagedFiles staging(
      absl::StrCat(config.data_dir, "/.restore-replaced-", ::getpid()));
  absl::Status status = StageFiles(*manifest, services, options, staging);
  if (status.ok() && !config.database.empty()) {
    status = RestorePostgres(services, options);
  }
  if (status.ok()) {
    status = staging.Commit();
    if (!status.ok() && !config.database.empty()) {
      status = absl::Status(status.code(), absl::StrCat(
          status.message(), " (the PostgreSQL schemas were restored; the "
          "files of --data-dir are as they were: run the restore again "
          "with --replace)"));
    }
  }
  if (!status.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "restore from ", options.dir, " failed: ", status.message()));
  }
  std::vector<std::string> names;
  for (const ManifestService& s : services) names.push_back(s.name);
  std::printf(
      "restored %s from %s (backup of %s, masar %s) in %.2f s; with a shared "
      "--redis, delete its masar:* keys before serving\n",
      absl::StrJoin(names, ", ").c_str(), options.dir.c_str(),
      absl::FormatTime(absl::RFC3339_sec, manifest->created_at,
                       absl::UTCTimeZone()).c_str(),
      manifest->masar_version.c_str(),
      absl::ToDoubleSeconds(absl::Now() - start));
  std::fflush(stdout);
  return absl::OkStatus();
}

}  // namespace masar
