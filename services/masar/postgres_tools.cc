#include "services/masar/postgres_tools.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

extern char** environ;

namespace masar {
namespace {

constexpr char kDebianRoot[] = "/usr/lib/postgresql";

bool Executable(const std::string& path) {
  return ::access(path.c_str(), X_OK) == 0;
}

// /usr/lib/postgresql/<N>/bin, newest N first.
std::vector<std::string> DebianBinDirs() {
  std::vector<std::pair<int, std::string>> found;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(kDebianRoot, error)) {
    int version = 0;
    if (absl::SimpleAtoi(entry.path().filename().string(), &version)) {
      found.emplace_back(version, entry.path().string() + "/bin");
    }
  }
  std::sort(found.rbegin(), found.rend());
  std::vector<std::string> dirs;
  for (auto& [version, dir] : found) dirs.push_back(std::move(dir));
  return dirs;
}

std::vector<std::string> PathDirs() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  return absl::StrSplit(path, ':', absl::SkipEmpty());
}

// The last lines of a program's complaint, enough to say what went wrong.
std::string Tail(const std::string& text) {
  constexpr size_t kMax = 2000;
  absl::string_view view = absl::StripTrailingAsciiWhitespace(text);
  if (view.size() > kMax) view = view.substr(view.size() - kMax);
  return std::string(view);
}

}  // namespace

absl::StatusOr<std::string> FindPostgresTool(const std::string& name,
                                             const std::string& bin_dir) {
  if (!bin_dir.empty()) {
    const std::string path = absl::StrCat(bin_dir, "/", name);
    if (Executable(path)) return path;
    return absl::FailedPreconditionError(absl::StrCat(
        "no executable ", name, " in --pg-bin-dir ", bin_dir));
  }
  std::vector<std::string> dirs = DebianBinDirs();
  for (std::string& dir : PathDirs()) dirs.push_back(std::move(dir));
  for (const std::string& dir : dirs) {
    const std::string path = absl::StrCat(dir, "/", name);
    if (Executable(path)) return path;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      name, " is needed for a PostgreSQL store and was found neither in ",
      kDebianRoot, "/<version>/bin nor on PATH: install Debian's "
      "postgresql-client (of the server's major version or newer) or name "
      "its directory with --pg-bin-dir (MASAR_PG_BIN_DIR)"));
}

absl::Status RunTool(const std::vector<std::string>& argv,
                     const std::string& stdout_path) {
  const std::string program =
      std::filesystem::path(argv.front()).filename().string();
  int err[2];
  if (::pipe2(err, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(
      &actions, STDOUT_FILENO,
      stdout_path.empty() ? "/dev/null" : stdout_path.c_str(),
      O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv.front().c_str(), &actions, nullptr,
                             args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(err[1]);
  if (rc != 0) {
    ::close(err[0]);
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot run ", argv.front(), ": ", std::strerror(rc)));
  }
  std::string stderr_text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(err[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    stderr_text.append(buffer, static_cast<size_t>(n));
  }
  ::close(err[0]);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      program, " failed (",
      WIFEXITED(wstatus) ? absl::StrCat("exit ", WEXITSTATUS(wstatus))
                         : absl::StrCat("signal ", WTERMSIG(wstatus)),
      "): ", Tail(stderr_text)));
}

}  // namespace masar
