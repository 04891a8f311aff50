#include "common/cache/redis_address.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace masar::cache {
namespace {

absl::Status Invalid(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("redis address \"", text, "\": ", why));
}

// Parses `host[:port]`; a bracketed IPv6 literal keeps its colons.
absl::Status ParseHostPort(absl::string_view text, absl::string_view authority,
                           bool port_required, RedisAddress& address) {
  absl::string_view host = authority;
  absl::string_view port;
  if (absl::ConsumePrefix(&host, "[")) {
    const size_t close = host.find(']');
    if (close == absl::string_view::npos) return Invalid(text, "missing ']'");
    port = host.substr(close + 1);
    host = host.substr(0, close);
    if (!port.empty() && !absl::ConsumePrefix(&port, ":")) {
      return Invalid(text, "expected ':' after ']'");
    }
  } else if (const size_t colon = host.rfind(':');
             colon != absl::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return Invalid(text, "missing host");
  if (port.empty() && port_required) return Invalid(text, "missing port");
  if (!port.empty() && (!absl::SimpleAtoi(port, &address.port) ||
                        address.port <= 0 || address.port > 65535)) {
    return Invalid(text, "port must be 1-65535");
  }
  address.host = std::string(host);
  return absl::OkStatus();
}

absl::StatusOr<RedisAddress> ParseRedisUrl(absl::string_view text,
                                           absl::string_view rest) {
  RedisAddress address;
  absl::string_view authority = rest;
  if (const size_t slash = rest.find('/'); slash != absl::string_view::npos) {
    authority = rest.substr(0, slash);
    const absl::string_view db = rest.substr(slash + 1);
    if (!db.empty() && (!absl::SimpleAtoi(db, &address.db) || address.db < 0)) {
      return Invalid(text, "database must be a non-negative number");
    }
  }
  if (absl::StrContains(authority, '@')) {
    return Invalid(text, "credentials in the address are not supported");
  }
  if (auto status = ParseHostPort(text, authority, false, address);
      !status.ok()) {
    return status;
  }
  return address;
}

}  // namespace

absl::StatusOr<RedisAddress> RedisAddress::Parse(absl::string_view text) {
  absl::string_view rest = text;
  if (absl::ConsumePrefix(&rest, "unix://")) {
    if (!absl::StartsWith(rest, "/")) {
      return Invalid(text, "unix socket path must be absolute");
    }
    RedisAddress address;
    address.unix_path = std::string(rest);
    return address;
  }
  if (absl::ConsumePrefix(&rest, "redis://")) return ParseRedisUrl(text, rest);
  if (absl::StrContains(rest, "://")) return Invalid(text, "unknown scheme");
  RedisAddress address;
  if (auto status = ParseHostPort(text, rest, true, address); !status.ok()) {
    return status;
  }
  return address;
}

}  // namespace masar::cache
