#include "services/masar/backup.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/audit/checkpointer.h"
#include "common/backup/file_digest.h"
#include "common/backup/manifest.h"
#include "common/backup/sqlite_backup.h"
#include "common/status/status_macros.h"
#include "services/masar/postgres_tools.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"

namespace masar {
namespace {

namespace fs = std::filesystem;
using backup::Manifest;
using backup::ManifestService;

absl::Status FileError(absl::string_view what, const std::string& path,
                       const std::error_code& error) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", what, " ", path, ": ", error.message()));
}

absl::Status MakeDir(const std::string& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) return FileError("create", path, error);
  if (::chmod(path.c_str(), 0700) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot chmod ", path));
  }
  return absl::OkStatus();
}

// A backup goes into a new or empty directory: never over another backup.
absl::Status CreateBackupDir(const std::string& dir) {
  std::error_code error;
  if (fs::exists(dir, error) &&
      (!fs::is_directory(dir, error) || !fs::is_empty(dir, error))) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--to ", dir, " exists and is not an empty directory: a backup goes "
        "into a new or empty one"));
  }
  return MakeDir(dir);
}

absl::Status CopyFile(const std::string& from, const std::string& to) {
  std::error_code error;
  fs::copy_file(from, to, fs::copy_options::none, error);
  if (error) return FileError(absl::StrCat("copy ", from, " to"), to, error);
  return backup::SyncPath(to);
}

// Files one after the other, as the manifest will list them.
class BackupFiles {
 public:
  explicit BackupFiles(std::string dir) : dir_(std::move(dir)) {}

  std::string Path(absl::string_view relative) const {
    return absl::StrCat(dir_, "/", relative);
  }
  // Records `relative`, already written, and makes it read-only.
  absl::Status Add(const std::string& relative) {
    const std::string path = Path(relative);
    ASSIGN_OR_RETURN(backup::FileDigest digest, backup::DigestFile(path));
    if (::chmod(path.c_str(), 0400) != 0) {
      return absl::FailedPreconditionError(absl::StrCat("cannot chmod ", path));
    }
    files_.push_back({relative, digest.size, digest.sha256});
    bytes_ += digest.size;
    return absl::OkStatus();
  }
  std::vector<backup::ManifestFile>& files() { return files_; }
  int64_t bytes() const { return bytes_; }

 private:
  std::string dir_;
  std::vector<backup::ManifestFile> files_;
  int64_t bytes_ = 0;
};

// Every regular file of `from` (symbolic links followed, names starting with
// "." skipped, as a mounted Secret has them) into `<backup>/<to>/`.
absl::Status CopyKeyFiles(const std::string& from, const std::string& to,
                          BackupFiles& files) {
  std::error_code error;
  if (!fs::is_directory(from, error)) return absl::OkStatus();
  RETURN_IF_ERROR(MakeDir(files.Path(to)));
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(from, error)) {
    const std::string name = entry.path().filename().string();
    if (name.front() != '.' && fs::is_regular_file(entry.path(), error)) {
      names.push_back(name);
    }
  }
  if (error) return FileError("list", from, error);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string relative = absl::StrCat(to, "/", name);
    RETURN_IF_ERROR(CopyFile(absl::StrCat(from, "/", name), files.Path(relative)));
    RETURN_IF_ERROR(files.Add(relative));
  }
  return absl::OkStatus();
}

// A checkpoint file up to its last complete line: the checkpointer may be
// appending one while it is read.
absl::Status CopyCheckpoints(const std::string& data_dir,
                             const std::string& service, BackupFiles& files) {
  const std::string from = audit::CheckpointFilePath(
      absl::StrCat(data_dir, "/audit-checkpoints"), service);
  std::ifstream in(from, std::ios::binary);
  if (!in) return absl::OkStatus();  // no checkpoint yet
  std::stringstream text;
  text << in.rdbuf();
  std::string lines = text.str();
  lines.resize(lines.rfind('\n') == std::string::npos ? 0
                                                       : lines.rfind('\n') + 1);
  RETURN_IF_ERROR(MakeDir(files.Path("audit-checkpoints")));
  const std::string relative =
      absl::StrCat("audit-checkpoints/", service, ".jsonl");
  {
    std::ofstream out(files.Path(relative), std::ios::binary | std::ios::trunc);
    out << lines;
    if (!out.flush()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot write ", files.Path(relative)));
    }
  }
  RETURN_IF_ERROR(backup::SyncPath(files.Path(relative)));
  return files.Add(relative);
}

absl::StatusOr<std::map<std::string, int>> SchemaVersions(
    const ServeConfig& config, const std::string& service) {
  ServeConfig one = config;
  one.database_pool_size = 1;
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Database> db,
                   OpenServiceStore(one, service));
  ASSIGN_OR_RETURN(sql::Result result,
                   db->Execute("SELECT component, MAX(version) FROM "
                               "masar_schema_migrations GROUP BY component"));
  std::map<std::string, int> versions;
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(std::string component, row.Text(0));
    ASSIGN_OR_RETURN(int64_t version, row.Int(1));
    versions[component] = static_cast<int>(version);
  }
  return versions;
}

// Copies one service's store; returns its file, relative to the backup.
absl::StatusOr<std::string> CopyStore(const BackupOptions& options,
                                      const std::string& service,
                                      BackupFiles& files) {
  const ServeConfig& config = options.store;
  RETURN_IF_ERROR(MakeDir(files.Path("stores")));
  if (config.database.empty()) {
    const std::string relative = absl::StrCat("stores/", service, ".sqlite");
    const std::string source =
        absl::StrCat(config.data_dir, "/", service, ".sqlite");
    absl::Status status =
        backup::BackupSqliteDatabase(source, files.Path(relative));
    if (absl::IsNotFound(status)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "no ", service, " store at ", source,
          ": nothing to back up (is --data-dir the one it is served from?)"));
    }
    RETURN_IF_ERROR(status);
    return relative;
  }
  const std::string relative = absl::StrCat("stores/", service, ".pgdump");
  ASSIGN_OR_RETURN(std::string pg_dump,
                   FindPostgresTool("pg_dump", options.pg_bin_dir));
  absl::Status status = RunTool(
      {pg_dump, "--format=custom", absl::StrCat("--schema=", service),
       "--no-owner", "--no-privileges",
       absl::StrCat("--file=", files.Path(relative)),
       absl::StrCat("--dbname=", config.database)});
  if (!status.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot dump the ", service, " schema: ", status.message()));
  }
  RETURN_IF_ERROR(backup::SyncPath(files.Path(relative)));
  return relative;
}

absl::Status WriteManifest(const std::string& dir, const Manifest& manifest) {
  const std::string partial = absl::StrCat(dir, "/", backup::kManifestName,
                                           ".partial");
  const std::string final_path = absl::StrCat(dir, "/", backup::kManifestName);
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << manifest.ToJson();
    if (!out.flush()) {
      return absl::FailedPreconditionError(absl::StrCat("cannot write ", partial));
    }
  }
  RETURN_IF_ERROR(backup::SyncPath(partial));
  ::chmod(partial.c_str(), 0400);
  std::error_code error;
  fs::rename(partial, final_path, error);
  if (error) return FileError("rename", partial, error);
  return backup::SyncPath(dir);
}

// Writes the backup into its new, empty directory.
absl::Status Backup(const BackupOptions& options,
                    const std::vector<std::string>& names) {
  const ServeConfig& config = options.store;
  const absl::Time start = absl::Now();
  BackupFiles files(options.dir);
  Manifest manifest;
  manifest.created_at = start;
  manifest.masar_version = options.masar_version;
  manifest.store = config.database.empty() ? "sqlite" : "postgresql";
  RETURN_IF_ERROR(CopyKeyFiles(absl::StrCat(config.data_dir, "/keys"),
                               "data-dir-keys", files));
  if (!config.keys_dir.empty()) {
    manifest.keys_dir = true;
    RETURN_IF_ERROR(CopyKeyFiles(config.keys_dir, "keys-dir", files));
  }
  // Checkpoints first: the chains only grow, so each copied checkpoint is of
  // a head the store's copy, taken after, holds.
  for (const std::string& name : names) {
    RETURN_IF_ERROR(CopyCheckpoints(config.data_dir, name, files));
  }
  for (const std::string& name : names) {
    const absl::Time began = absl::Now();
    ManifestService service;
    service.name = name;
    ASSIGN_OR_RETURN(service.store_file, CopyStore(options, name, files));
    RETURN_IF_ERROR(files.Add(service.store_file));
    // Read after the copy: never older than the schema copied.
    ASSIGN_OR_RETURN(service.schema_versions, SchemaVersions(config, name));
    std::printf("backed up %s (%s, %s bytes) in %.2f s\n", name.c_str(),
                manifest.store.c_str(),
                absl::StrCat(files.files().back().size).c_str(),
                absl::ToDoubleSeconds(absl::Now() - began));
    manifest.services.push_back(std::move(service));
  }
  manifest.files = files.files();
  RETURN_IF_ERROR(WriteManifest(options.dir, manifest));
  std::printf("backup complete: %s (%zu files, %s bytes, %s) in %.2f s\n",
              options.dir.c_str(), manifest.files.size(),
              absl::StrCat(files.bytes()).c_str(),
              manifest.keys_dir ? "keys of --data-dir and --keys-dir included"
                                : "keys of --data-dir included",
              absl::ToDoubleSeconds(absl::Now() - start));
  std::fflush(stdout);
  return absl::OkStatus();
}

}  // namespace

absl::Status RunBackup(const BackupOptions& options) {
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   ResolveServiceNames(options.store.services));
  if (!options.store.database.empty()) {
    RETURN_IF_ERROR(FindPostgresTool("pg_dump", options.pg_bin_dir).status());
  }
  RETURN_IF_ERROR(CreateBackupDir(options.dir));
  absl::Status status = Backup(options, names);
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(
      status.message(), "; ", options.dir, " holds an incomplete backup (no ",
      backup::kManifestName, ", restore refuses it): remove it"));
}

}  // namespace masar
