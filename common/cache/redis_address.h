#ifndef MASAR_COMMON_CACHE_REDIS_ADDRESS_H_
#define MASAR_COMMON_CACHE_REDIS_ADDRESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::cache {

// Where a Redis server listens, parsed from `host:port`,
// `redis://host[:port][/db]` or `unix:///path/to/socket`.
struct RedisAddress {
  static constexpr int kDefaultPort = 6379;

  // INVALID_ARGUMENT naming what is wrong with `text`.
  static absl::StatusOr<RedisAddress> Parse(absl::string_view text);

  // Empty for TCP.
  std::string unix_path;
  std::string host;
  int port = kDefaultPort;
  // Selected on every new connection when not 0.
  int db = 0;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_REDIS_ADDRESS_H_
