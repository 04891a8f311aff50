#include "common/net/trusted_proxies.h"

#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::net {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

TrustedProxies Trusting(const std::vector<std::string>& cidrs) {
  absl::StatusOr<TrustedProxies> proxies = TrustedProxies::Parse(cidrs);
  EXPECT_THAT(proxies, IsOk());
  return proxies.ok() ? *std::move(proxies) : TrustedProxies();
}

TEST(TrustedProxiesTest, WithoutTrustThePeerIsTheClientWhateverTheHeader) {
  const TrustedProxies none;
  EXPECT_EQ(none.ClientOf("ipv4:10.0.0.7:51234", {}), "ipv4:10.0.0.7");
  EXPECT_EQ(none.ClientOf("ipv4:10.0.0.7:51234", {"203.0.113.9"}),
            "ipv4:10.0.0.7");
  EXPECT_EQ(none.ClientOf("ipv6:[::1]:443", {"203.0.113.9"}), "ipv6:[::1]");
  EXPECT_EQ(none.ClientOf("unix:/run/masar.sock", {"203.0.113.9"}),
            "unix:/run/masar.sock");
}

TEST(TrustedProxiesTest, AnUntrustedPeersHeaderIsIgnored) {
  const TrustedProxies proxies = Trusting({"10.0.0.0/8"});
  EXPECT_EQ(proxies.ClientOf("ipv4:192.0.2.1:5", {"203.0.113.9"}),
            "ipv4:192.0.2.1");
}

TEST(TrustedProxiesTest, ATrustedPeerNamesItsClient) {
  const TrustedProxies proxies = Trusting({"10.0.0.0/8", "fd00::/8"});
  EXPECT_EQ(proxies.ClientOf("ipv4:10.1.2.3:5", {"203.0.113.9"}),
            "ipv4:203.0.113.9");
  EXPECT_EQ(proxies.ClientOf("ipv6:[fd00::2]:5", {"2001:db8::1"}),
            "ipv6:[2001:db8::1]");
  // IPv4 peers of a dual-stack listener.
  EXPECT_EQ(proxies.ClientOf("ipv6:[::ffff:10.0.0.1]:5", {"198.51.100.4"}),
            "ipv4:198.51.100.4");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.ClientOf("ipv4:10.1.2.3:5", {}), "ipv4:10.1.2.3");
}

TEST(TrustedProxiesTest, ReadsFromTheRightPastTrustedHopsOnly) {
  const TrustedProxies proxies = Trusting({"10.0.0.0/8"});
  // The client wrote "1.1.1.1" itself; the proxies appended the rest.
  EXPECT_EQ(proxies.ClientOf("ipv4:10.0.0.1:5",
                             {"1.1.1.1, 203.0.113.9", "10.0.0.2"}),
            "ipv4:203.0.113.9");
  // A malformed entry ends the walk at the last good address.
  EXPECT_EQ(proxies.ClientOf("ipv4:10.0.0.1:5", {"10.0.0.3, not-an-ip"}),
            "ipv4:10.0.0.1");
  // Every hop trusted: the leftmost.
  EXPECT_EQ(proxies.ClientOf("ipv4:10.0.0.1:5", {"10.0.0.9,10.0.0.2"}),
            "ipv4:10.0.0.9");
}

TEST(TrustedProxiesTest, PrefixesAndSingleAddresses) {
  const TrustedProxies proxies = Trusting({"192.0.2.128/25", "198.51.100.7"});
  EXPECT_EQ(proxies.ClientOf("ipv4:192.0.2.200:5", {"203.0.113.9"}),
            "ipv4:203.0.113.9");
  EXPECT_EQ(proxies.ClientOf("ipv4:192.0.2.100:5", {"203.0.113.9"}),
            "ipv4:192.0.2.100");
  EXPECT_EQ(proxies.ClientOf("ipv4:198.51.100.7:5", {"203.0.113.9"}),
            "ipv4:203.0.113.9");
  EXPECT_EQ(proxies.ClientOf("ipv4:198.51.100.8:5", {"203.0.113.9"}),
            "ipv4:198.51.100.8");
}

TEST(TrustedProxiesTest, RefusesWhatIsNoCidr) {
  for (const std::string bad :
       {"10.0.0.0/33", "10.0.0/8", "proxy.local", "fd00::/129", "10.0.0.0/x"}) {
    EXPECT_THAT(TrustedProxies::Parse({bad}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(bad)))
        << bad;
  }
}

}  // namespace
}  // namespace masar::net
