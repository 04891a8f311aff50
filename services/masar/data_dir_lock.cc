#include "services/masar/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace masar {

absl::StatusOr<DataDirLock> DataDirLock::Acquire(const std::string& data_dir,
                                                 Mode mode) {
  const std::string path = absl::StrCat(data_dir, "/masar.lock");
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  const int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  if (::flock(fd, operation | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot lock ", path, ": ", std::strerror(error)));
    }
    return absl::FailedPreconditionError(
        mode == Mode::kShared
            ? absl::StrCat("a `masar restore` is replacing the stores of "
                           "--data-dir ", data_dir, " (it holds ", path,
                           "); start once it has finished")
            : absl::StrCat("a masar process is serving from --data-dir ",
                           data_dir, " (it holds ", path,
                           "); stop every server of these stores before "
                           "restoring"));
  }
  return DataDirLock(fd);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace masar
