#include "common/net/trusted_proxies.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace masar::net {
namespace {

using Address = std::array<uint8_t, 16>;

constexpr uint8_t kV4MappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::optional<Address> ParseAddress(absl::string_view text) {
  const std::string s(absl::StripAsciiWhitespace(text));
  Address out{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::copy(std::begin(kV4MappedPrefix), std::end(kV4MappedPrefix),
              out.begin());
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

bool IsV4(const Address& a) {
  return std::equal(std::begin(kV4MappedPrefix), std::end(kV4MappedPrefix),
                    a.begin());
}

// As the throttles have always seen a peer: "ipv4:a.b.c.d", "ipv6:[...]".
std::string Format(const Address& a) {
  char text[INET6_ADDRSTRLEN];
  if (IsV4(a)) {
    inet_ntop(AF_INET, a.data() + 12, text, sizeof(text));
    return absl::StrCat("ipv4:", text);
  }
  inet_ntop(AF_INET6, a.data(), text, sizeof(text));
  return absl::StrCat("ipv6:[", text, "]");
}

// gRPC's peer without its port: "ipv4:10.0.0.7:51234" -> "ipv4:10.0.0.7",
// "ipv6:[::1]:5" -> "ipv6:[::1]"; "unix:..." has none to drop.
std::string WithoutPort(absl::string_view peer) {
  if (absl::StartsWith(peer, "unix:")) return std::string(peer);
  const size_t colon = peer.rfind(':');
  const size_t bracket = peer.rfind(']');
  const size_t scheme = peer.find(':');
  if (colon != absl::string_view::npos && colon != scheme &&
      (bracket == absl::string_view::npos || colon > bracket)) {
    peer = peer.substr(0, colon);
  }
  return std::string(peer);
}

// The address of a peer without its port, when it is an IP peer.
std::optional<Address> PeerAddress(absl::string_view peer_without_port) {
  absl::string_view rest = peer_without_port;
  if (absl::ConsumePrefix(&rest, "ipv4:")) return ParseAddress(rest);
  if (absl::ConsumePrefix(&rest, "ipv6:") && absl::ConsumePrefix(&rest, "[") &&
      absl::ConsumeSuffix(&rest, "]")) {
    return ParseAddress(rest);
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(
    const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const std::string& entry : cidrs) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(entry, absl::MaxSplits('/', 1));
    std::optional<Address> base = ParseAddress(parts.first);
    const bool has_prefix = absl::StrContains(entry, '/');
    int bits = 0;
    bool ok = base.has_value();
    if (ok) {
      const int max_bits = IsV4(*base) ? 32 : 128;
      bits = max_bits;
      if (has_prefix) {
        ok = absl::SimpleAtoi(parts.second, &bits) && bits >= 0 &&
             bits <= max_bits;
      }
      // IPv4 prefixes count within the mapped range.
      if (IsV4(*base)) bits += 96;
    }
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          "trusted_proxies: \"", entry,
          "\" is not an address or CIDR (10.0.0.0/8, fd00::/8)"));
    }
    proxies.ranges_.push_back(Range{*base, bits});
  }
  return proxies;
}

bool TrustedProxies::Trusts(const Address& address) const {
  for (const Range& range : ranges_) {
    bool inside = true;
    for (int bit = 0; bit < range.prefix_bits && inside; ++bit) {
      const uint8_t mask = static_cast<uint8_t>(0x80 >> (bit % 8));
      inside = (address[bit / 8] & mask) == (range.base[bit / 8] & mask);
    }
    if (inside) return true;
  }
  return false;
}

std::string TrustedProxies::ClientOf(
    absl::string_view peer,
    const std::vector<std::string>& forwarded_for) const {
  std::string client = WithoutPort(peer);
  std::optional<Address> hop = PeerAddress(client);
  if (!hop.has_value()) return client;
  if (IsV4(*hop)) client = Format(*hop);  // "ipv6:[::ffff:a.b.c.d]" too
  for (auto value = forwarded_for.rbegin(); value != forwarded_for.rend();
       ++value) {
    std::vector<absl::string_view> entries = absl::StrSplit(*value, ',');
    for (auto entry = entries.rbegin(); entry != entries.rend(); ++entry) {
      if (!Trusts(*hop)) return client;
      hop = ParseAddress(*entry);
      if (!hop.has_value()) return client;
      client = Format(*hop);
    }
  }
  return client;
}

}  // namespace masar::net
