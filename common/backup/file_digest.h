#ifndef MASAR_COMMON_BACKUP_FILE_DIGEST_H_
#define MASAR_COMMON_BACKUP_FILE_DIGEST_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace masar::backup {

struct FileDigest {
  int64_t size = 0;
  std::string sha256;  // 64 lower-case hex digits
};

// Size and SHA-256 of the file at `path`, read in chunks (stores may be far
// larger than memory). NOT_FOUND when it does not exist.
absl::StatusOr<FileDigest> DigestFile(const std::string& path);

// Flushes `path` (a file or a directory, after a rename in it) to disk.
absl::Status SyncPath(const std::string& path);

}  // namespace masar::backup

#endif  // MASAR_COMMON_BACKUP_FILE_DIGEST_H_
