#include "common/crypto/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/random.h"

namespace masar::crypto {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::StatusOr<std::string> Read(const std::string& path, size_t size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open key file", path);
  struct stat info {};
  std::string secret(size + 1, '\0');
  const ssize_t got = ::fstat(fd, &info) == 0
                          ? ::read(fd, secret.data(), secret.size())
                          : -1;
  ::close(fd);
  if (got < 0) return Errno("cannot read key file", path);
  if ((info.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "key file ", path, " is readable by others; chmod 600 it"));
  }
  if (static_cast<size_t>(got) != size) {
    return absl::FailedPreconditionError(absl::StrCat(
        "key file ", path, " does not hold a ", size, "-byte key"));
  }
  secret.resize(size);
  return secret;
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path,
                                               size_t size) {
  std::error_code error;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && std::filesystem::create_directories(dir, error)) {
    // A directory of keys is for the owner only.
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 error);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                        0600);
  if (fd < 0) {
    if (errno == EEXIST) return Read(path, size);
    return Errno("cannot create key file", path);
  }
  std::string secret = RandomBytes(size);
  const bool written =
      ::write(fd, secret.data(), secret.size()) ==
          static_cast<ssize_t>(secret.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Errno("cannot write key file", path);
  return secret;
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path, size_t size,
                                        absl::string_view what) {
  const auto bad = [&](absl::string_view why) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, " ", path, ": ", why));
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return bad("not a readable regular file");
  }
  if ((info.st_mode & 077) != 0) {
    return bad("readable by group or others (use mode 0400)");
  }
  std::ifstream file(path, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  if (!file) return bad("cannot be read");
  std::string bytes = content.str();
  if (bytes.size() == size) return bytes;
  absl::string_view text = absl::StripTrailingAsciiWhitespace(bytes);
  const bool hex = std::all_of(text.begin(), text.end(),
                               [](char c) { return absl::ascii_isxdigit(c); });
  if (text.size() == 2 * size && hex) return absl::HexStringToBytes(text);
  return bad(absl::StrCat("holds neither ", size, " bytes nor ", 2 * size,
                          " hex digits"));
}

}  // namespace masar::crypto
