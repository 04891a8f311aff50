#ifndef MASAR_COMMON_NET_TRUSTED_PROXIES_H_
#define MASAR_COMMON_NET_TRUSTED_PROXIES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::net {

// The proxies (Envoy, an agency portal) whose `x-forwarded-for` is
// believed: behind one, every caller shares the proxy's address, so a
// per-source limit would hold all of them back together. Anyone else's
// `x-forwarded-for` is ignored, since a client can write whatever it likes
// there.
class TrustedProxies {
 public:
  // Trusts nobody.
  TrustedProxies() = default;

  // CIDRs ("10.0.0.0/8", "fd00::/8") or single addresses ("10.0.0.7");
  // INVALID_ARGUMENT naming the entry that is neither.
  static absl::StatusOr<TrustedProxies> Parse(
      const std::vector<std::string>& cidrs);

  // The client's address as the throttles see it ("ipv4:10.0.0.7",
  // "ipv6:[2001:db8::1]"; other peers such as "unix:..." as given, without
  // a port). `peer` is gRPC's ("ipv4:10.0.0.7:51234"); `forwarded_for` the
  // request's `x-forwarded-for` values in order. When the peer is trusted,
  // the entries are read from the right (each proxy appends the address it
  // saw): the first one that is not a trusted proxy is the client. A
  // malformed entry ends the walk at the last good one.
  std::string ClientOf(absl::string_view peer,
                       const std::vector<std::string>& forwarded_for) const;

  bool empty() const { return ranges_.empty(); }

 private:
  // An address as 16 bytes, IPv4 as v4-mapped IPv6 (::ffff:a.b.c.d).
  using Address = std::array<uint8_t, 16>;
  struct Range {
    Address base;
    int prefix_bits;  // of the 128
  };
  bool Trusts(const Address& address) const;

  std::vector<Range> ranges_;
};

}  // namespace masar::net

#endif  // MASAR_COMMON_NET_TRUSTED_PROXIES_H_
