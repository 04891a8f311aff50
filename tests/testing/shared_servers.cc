#include "tests/testing/shared_servers.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace masar::testing {

absl::StatusOr<std::optional<SharedServers>> FindSharedServers() {
  const char* path = std::getenv(kSharedServersVariable);
  if (path == nullptr || *path == '\0') return std::nullopt;
  absl::StatusOr<SharedServers> servers = ReadSharedServers(path);
  if (!servers.ok()) return servers.status();
  return *servers;
}

absl::StatusOr<SharedServers> ReadSharedServers(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot read ", path, " (written by the ctest fixture "
        "masar_test_servers_start; did it run?)"));
  }
  std::map<std::string, std::string, std::less<>> values;
  for (std::string line; std::getline(file, line);) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(line, absl::MaxSplits('=', 1));
    values[kv.first] = kv.second;
  }
  SharedServers servers;
  servers.postgres_dir = values["postgres_dir"];
  servers.redis_dir = values["redis_dir"];
  if (!absl::SimpleAtoi(values["supervisor"], &servers.supervisor) ||
      !absl::SimpleAtoi(values["postgres_port"], &servers.postgres_port) ||
      !absl::SimpleAtoi(values["redis_port"], &servers.redis_port)) {
    return absl::DataLossError(absl::StrCat(path, " is incomplete"));
  }
  return servers;
}

absl::Status WriteSharedServers(const SharedServers& servers,
                                const std::string& path) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << "supervisor=" << servers.supervisor << "\n"
         << "postgres_port=" << servers.postgres_port << "\n"
         << "postgres_dir=" << servers.postgres_dir << "\n"
         << "redis_port=" << servers.redis_port << "\n"
         << "redis_dir=" << servers.redis_dir << "\n";
    if (!file.flush()) {
      return absl::InternalError(absl::StrCat("cannot write ", temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename to ", path));
  }
  return absl::OkStatus();
}

}  // namespace masar::testing
