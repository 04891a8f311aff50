#ifndef MASAR_COMMON_BACKUP_MANIFEST_H_
#define MASAR_COMMON_BACKUP_MANIFEST_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::backup {

// The manifest of a backup directory, `manifest.json`: what the backup holds
// and the size and SHA-256 of every file in it. It is written last, so a
// backup without it was interrupted; restore trusts no file it does not
// list with a matching digest.
inline constexpr char kManifestName[] = "manifest.json";
// The version of this layout; a restore refuses a newer one.
inline constexpr int kManifestFormat = 1;

struct ManifestFile {
  std::string path;  // relative to the backup directory, '/'-separated
  int64_t size = 0;
  std::string sha256;  // 64 lower-case hex digits
};

struct ManifestService {
  std::string name;  // "identity", ...
  // The store's copy: a SQLite database or a pg_dump custom archive.
  std::string store_file;
  // The latest applied migration of each component of the store.
  std::map<std::string, int> schema_versions;
};

struct Manifest {
  int format = kManifestFormat;
  absl::Time created_at;
  std::string masar_version;
  std::string store;  // "sqlite" or "postgresql"
  // Whether the backup copied the files of a --keys-dir (under keys-dir/),
  // besides the keys a lone process generates under its data dir.
  bool keys_dir = false;
  std::vector<ManifestService> services;
  std::vector<ManifestFile> files;

  std::string ToJson() const;
  // INVALID_ARGUMENT naming the field for anything malformed: a missing or
  // mistyped field, an unsafe path (absolute, "..", empty), a store file
  // the file list lacks. FAILED_PRECONDITION for a newer format.
  static absl::StatusOr<Manifest> Parse(absl::string_view json);

  // The entry of `path`, or null.
  const ManifestFile* Find(absl::string_view path) const;
};

// Reads `<dir>/manifest.json` and checks every file it lists is in `dir`
// with its size and SHA-256. Refuses (FAILED_PRECONDITION), naming the first
// fault, a directory without a manifest, a manifest that does not parse, a
// missing, shorter, longer or altered file.
absl::StatusOr<Manifest> ReadVerifiedManifest(const std::string& dir);

}  // namespace masar::backup

#endif  // MASAR_COMMON_BACKUP_MANIFEST_H_
