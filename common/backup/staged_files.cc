#include "common/backup/staged_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/backup/file_digest.h"

namespace masar::backup {
namespace {

namespace fs = std::filesystem;

bool Exists(const std::string& path) {
  std::error_code error;
  return fs::exists(fs::symlink_status(path, error));
}

using Done = std::vector<std::pair<std::string, std::string>>;  // from, to

absl::Status Rename(const std::string& from, const std::string& to,
                    Done& done) {
  std::error_code error;
  fs::rename(from, to, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot rename ", from, " to ", to, ": ", error.message()));
  }
  done.emplace_back(from, to);
  return absl::OkStatus();
}

}  // namespace

StagedFiles::~StagedFiles() {
  for (const Replacement& r : replacements_) {
    if (!r.staged.empty()) ::unlink(r.staged.c_str());
  }
}

absl::Status StagedFiles::Stage(const std::string& source,
                                const std::string& sha256,
                                const std::string& target) {
  const std::string staged = absl::StrCat(target, ".restoring");
  std::error_code error;
  fs::create_directories(fs::path(target).parent_path(), error);
  ::unlink(staged.c_str());
  replacements_.push_back({staged, target});
  fs::copy_file(source, staged, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot copy ", source, " to ", staged, ": ", error.message()));
  }
  ::chmod(staged.c_str(), 0600);
  absl::Status synced = SyncPath(staged);
  if (!synced.ok()) return synced;
  absl::StatusOr<FileDigest> digest = DigestFile(staged);
  if (!digest.ok()) return digest.status();
  if (digest->sha256 != sha256) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the copy of ", source, " at ", staged,
        " differs from it (disk full or failing?)"));
  }
  return absl::OkStatus();
}

void StagedFiles::Remove(const std::string& target) {
  replacements_.push_back({"", target});
}

absl::Status StagedFiles::Commit() {
  std::error_code error;
  fs::create_directories(aside_, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", aside_, ": ", error.message()));
  }
  Done done;
  absl::Status status;
  for (size_t i = 0; i < replacements_.size() && status.ok(); ++i) {
    const Replacement& r = replacements_[i];
    if (Exists(r.target)) {
      status = Rename(r.target, absl::StrCat(aside_, "/", i), done);
    }
    if (status.ok() && !r.staged.empty()) {
      status = Rename(r.staged, r.target, done);
    }
  }
  if (!status.ok()) {
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      fs::rename(it->second, it->first, error);
    }
    fs::remove_all(aside_, error);
    return status;
  }
  std::set<std::string> dirs;
  for (const Replacement& r : replacements_) {
    const std::string dir = fs::path(r.target).parent_path().string();
    if (Exists(dir)) dirs.insert(dir);
  }
  replacements_.clear();
  fs::remove_all(aside_, error);
  for (const std::string& dir : dirs) {
    if (absl::Status s = SyncPath(dir); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace masar::backup
