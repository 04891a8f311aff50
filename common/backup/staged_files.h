#ifndef MASAR_COMMON_BACKUP_STAGED_FILES_H_
#define MASAR_COMMON_BACKUP_STAGED_FILES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace masar::backup {

// Files replaced all together or not at all: each new file is first copied
// next to its target (`<target>.restoring`, same file system, so the final
// step is renames only); Commit then moves every existing target into an
// aside directory, renames the staged files into place and deletes what it
// set aside. A failed rename puts back every one done. Staged files not
// committed are removed when the object goes.
class StagedFiles {
 public:
  // `aside_dir`: a directory to create on the targets' file system.
  explicit StagedFiles(std::string aside_dir) : aside_(std::move(aside_dir)) {}
  ~StagedFiles();
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;

  // Copies `source` to `<target>.restoring` (mode 0600, flushed) and checks
  // the copy's SHA-256 is `sha256`; creates the target's directory.
  absl::Status Stage(const std::string& source, const std::string& sha256,
                     const std::string& target);
  // `target`, if it exists, is removed at Commit (a SQLite journal of the
  // store being replaced, which must never be replayed into the new one).
  void Remove(const std::string& target);

  absl::Status Commit();

 private:
  // `staged` renamed over `target`; empty: `target` only removed.
  struct Replacement {
    std::string staged;
    std::string target;
  };

  std::string aside_;
  std::vector<Replacement> replacements_;
};

}  // namespace masar::backup

#endif  // MASAR_COMMON_BACKUP_STAGED_FILES_H_
