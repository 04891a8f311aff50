#ifndef MASAR_SERVICES_MASAR_DATA_DIR_LOCK_H_
#define MASAR_SERVICES_MASAR_DATA_DIR_LOCK_H_

#include <string>

#include "absl/status/statusor.h"

namespace masar {

// A lock on `<data-dir>/masar.lock` (flock): every `masar serve` holds it
// shared for its lifetime (several processes may serve from one data dir),
// `masar restore` exclusively, so a restore never replaces a store under a
// running server and no server starts during a restore. The kernel releases
// it when the process ends, however it ends.
class DataDirLock {
 public:
  enum class Mode { kShared, kExclusive };

  // Never waits: FAILED_PRECONDITION saying who holds the lock.
  static absl::StatusOr<DataDirLock> Acquire(const std::string& data_dir,
                                             Mode mode);

  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_DATA_DIR_LOCK_H_
