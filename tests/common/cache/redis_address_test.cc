#include "common/cache/redis_address.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::cache {
namespace {

using ::masar::testing::StatusIs;

TEST(RedisAddressTest, ParsesHostAndPort) {
  auto address = RedisAddress::Parse("cache.internal:6380");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "cache.internal");
  EXPECT_EQ(address->port, 6380);
  EXPECT_EQ(address->db, 0);
  EXPECT_TRUE(address->unix_path.empty());
}

TEST(RedisAddressTest, ParsesRedisUrlWithDatabase) {
  auto address = RedisAddress::Parse("redis://10.0.0.5:7000/3");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "10.0.0.5");
  EXPECT_EQ(address->port, 7000);
  EXPECT_EQ(address->db, 3);
}

TEST(RedisAddressTest, RedisUrlDefaultsPortAndDatabase) {
  auto address = RedisAddress::Parse("redis://cache/");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "cache");
  EXPECT_EQ(address->port, RedisAddress::kDefaultPort);
  EXPECT_EQ(address->db, 0);
}

TEST(RedisAddressTest, ParsesBracketedIpv6) {
  auto address = RedisAddress::Parse("redis://[::1]:6390");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 6390);
}

TEST(RedisAddressTest, ParsesUnixSocket) {
  auto address = RedisAddress::Parse("unix:///run/redis/redis.sock");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->unix_path, "/run/redis/redis.sock");
}

TEST(RedisAddressTest, RefusesMalformedAddresses) {
  for (const char* text :
       {"", "cache", ":6379", "cache:0", "cache:65536", "cache:port",
        "redis://", "redis://cache:6379/db", "redis://user:pw@cache:6379",
        "rediss://cache:6379", "unix://relative.sock", "redis://[::1:6379"}) {
    EXPECT_THAT(RedisAddress::Parse(text),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << text;
  }
}

}  // namespace
}  // namespace masar::cache
