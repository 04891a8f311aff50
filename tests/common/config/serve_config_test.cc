#include "common/config/serve_config.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Every MASAR_* variable the flags read, cleared around each test.
const char* const kEnvironment[] = {
    "MASAR_SERVICES",      "MASAR_HOST",          "MASAR_PORT",
    "MASAR_DATA_DIR",      "MASAR_REDIS",         "MASAR_DATABASE",
    "MASAR_DRAIN_TIMEOUT", "MASAR_DEFAULT_DEADLINE",
    "MASAR_MAX_CONNECTION_AGE", "MASAR_MAX_MESSAGE_BYTES", "MASAR_LOG_LEVEL",
    "MASAR_DATABASE_POOL_SIZE", "MASAR_MIGRATE", "MASAR_WORKER_THREADS",
    "MASAR_MAX_QUEUED_CALLS", "MASAR_AUDIT_CHECKPOINT_INTERVAL",
    "MASAR_IDENTITY_TARGET", "MASAR_SERVICE_ACCOUNT_ID",
    "MASAR_SERVICE_ACCOUNT_SECRET", "MASAR_SERVICE_ACCOUNT_SECRET_FILE",
    "MASAR_TRUSTED_PROXIES", "MASAR_KEYS_DIR", "MASAR_METRICS_PORT"};

class ServeConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { ClearEnvironment(); }
  void TearDown() override { ClearEnvironment(); }

  static void ClearEnvironment() {
    for (const char* name : kEnvironment) unsetenv(name);
  }

  // Parses `args` as `masar serve` flags; returns the parse error's message,
  // empty on success.
  std::string Parse(std::vector<std::string> args) {
    CLI::App app("test", "serve");
    AddServeFlags(app, config_);
    std::reverse(args.begin(), args.end());  // CLI11 takes them reversed.
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      return e.what();
    }
    return "";
  }

  ServeConfig config_;
};

TEST_F(ServeConfigTest, DefaultsServeEverythingLocally) {
  ASSERT_EQ(Parse({}), "");
  EXPECT_THAT(config_.services, ElementsAre("all"));
  EXPECT_EQ(config_.host, "127.0.0.1");
  EXPECT_EQ(config_.port, 50051);
  EXPECT_EQ(config_.data_dir, "./var");
  EXPECT_EQ(config_.redis, "");
  EXPECT_EQ(config_.database, "");
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(20));
  EXPECT_EQ(config_.log_level, LogLevel::kInfo);
  EXPECT_TRUE(config_.migrate);
  EXPECT_EQ(config_.database_pool_size, 8);
}

TEST_F(ServeConfigTest, FlagsSetEveryField) {
  ASSERT_EQ(Parse({"--services=identity,onboarding", "--host=0.0.0.0",
                   "--port=0", "--data-dir=/tmp/m", "--redis=127.0.0.1:6380",
                   "--database=postgresql://masar@db:5432/masar",
                   "--drain-timeout=1m30s", "--default-deadline=250ms",
                   "--max-connection-age=10m", "--max-message-bytes=65536",
                   "--log-level=debug", "--database-pool-size=3",
                   "--migrate=false", "--worker-threads=4",
                   "--max-queued-calls=100", "--audit-checkpoint-interval=10s"}),
            "");
  EXPECT_EQ(config_.database_pool_size, 3);
  EXPECT_FALSE(config_.migrate);
  EXPECT_EQ(config_.worker_threads, 4);
  EXPECT_EQ(config_.max_queued_calls, 100);
  EXPECT_EQ(config_.audit_checkpoint_interval, absl::Seconds(10));
  EXPECT_THAT(config_.services, ElementsAre("identity", "onboarding"));
  EXPECT_EQ(config_.host, "0.0.0.0");
  EXPECT_EQ(config_.port, 0);
  EXPECT_EQ(config_.data_dir, "/tmp/m");
  EXPECT_EQ(config_.redis, "127.0.0.1:6380");
  EXPECT_EQ(config_.database, "postgresql://masar@db:5432/masar");
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(90));
  EXPECT_EQ(config_.default_deadline, absl::Milliseconds(250));
  EXPECT_EQ(config_.max_connection_age, absl::Minutes(10));
  EXPECT_EQ(config_.max_message_bytes, 65536);
  EXPECT_EQ(config_.log_level, LogLevel::kDebug);
}

TEST_F(ServeConfigTest, EnvironmentIsReadAndFlagsWin) {
  setenv("MASAR_PORT", "7000", 1);
  setenv("MASAR_DRAIN_TIMEOUT", "5s", 1);
  setenv("MASAR_SERVICES", "mentoring,partnerships", 1);
  setenv("MASAR_REDIS", "unix:///run/redis.sock", 1);
  ASSERT_EQ(Parse({"--port=7001"}), "");
  EXPECT_EQ(config_.port, 7001);
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(5));
  EXPECT_THAT(config_.services, ElementsAre("mentoring", "partnerships"));
  EXPECT_EQ(config_.redis, "unix:///run/redis.sock");
}

TEST_F(ServeConfigTest, MetricsPortHasADefaultAndKnowsWhenItWasGiven) {
  ASSERT_EQ(Parse({}), "");
  EXPECT_EQ(config_.metrics_port, 9464);
  EXPECT_FALSE(config_.metrics_port_given);
  setenv("MASAR_METRICS_PORT", "0", 1);
  ASSERT_EQ(Parse({}), "");
  EXPECT_EQ(config_.metrics_port, 0);
  EXPECT_TRUE(config_.metrics_port_given);
  ASSERT_EQ(Parse({"--metrics-port=9100"}), "");
  EXPECT_EQ(config_.metrics_port, 9100);
  EXPECT_THAT(Parse({"--metrics-port=70000"}), HasSubstr("--metrics-port"));
}

TEST_F(ServeConfigTest, KeysDirComesFromTheFlagOrTheEnvironment) {
  ASSERT_EQ(Parse({}), "");
  EXPECT_EQ(config_.keys_dir, "");
  setenv("MASAR_KEYS_DIR", "/tmp", 1);
  ASSERT_EQ(Parse({}), "");
  EXPECT_EQ(config_.keys_dir, "/tmp");
  EXPECT_THAT(Parse({"--keys-dir=/nonexistent/keys"}), HasSubstr("--keys-dir"));
}

TEST_F(ServeConfigTest, BadValuesAreRefusedNamingTheFlag) {
  EXPECT_THAT(Parse({"--port=70000"}), HasSubstr("--port"));
  EXPECT_THAT(Parse({"--port=abc"}), HasSubstr("--port"));
  EXPECT_THAT(Parse({"--drain-timeout=soon"}),
              AllOf(HasSubstr("--drain-timeout"), HasSubstr("soon")));
  EXPECT_THAT(Parse({"--drain-timeout=-3s"}),
              AllOf(HasSubstr("--drain-timeout"), HasSubstr("positive")));
  EXPECT_THAT(Parse({"--redis=localhost"}), HasSubstr("--redis"));
  EXPECT_THAT(Parse({"--redis=redis://h:99999"}), HasSubstr("--redis"));
  EXPECT_THAT(Parse({"--database=mysql://x"}), HasSubstr("--database"));
  EXPECT_THAT(Parse({"--max-message-bytes=10"}),
              HasSubstr("--max-message-bytes"));
  EXPECT_THAT(Parse({"--log-level=loud"}), HasSubstr("--log-level"));
  EXPECT_THAT(Parse({"--no-such-flag"}), HasSubstr("--no-such-flag"));
  EXPECT_THAT(Parse({"--database-pool-size=0"}),
              HasSubstr("--database-pool-size"));
  EXPECT_THAT(Parse({"--worker-threads=0"}), HasSubstr("--worker-threads"));
  EXPECT_THAT(Parse({"--migrate=maybe"}), HasSubstr("--migrate"));
}

TEST_F(ServeConfigTest, TrustedProxiesAreCidrsFromFlagOrEnvironment) {
  ASSERT_EQ(Parse({}), "");
  EXPECT_THAT(config_.trusted_proxies, ::testing::IsEmpty());
  ASSERT_EQ(Parse({"--trusted-proxies=10.0.0.0/8,fd00::/8"}), "");
  EXPECT_THAT(config_.trusted_proxies, ElementsAre("10.0.0.0/8", "fd00::/8"));
  setenv("MASAR_TRUSTED_PROXIES", "192.0.2.7", 1);
  config_ = ServeConfig();
  ASSERT_EQ(Parse({}), "");
  EXPECT_THAT(config_.trusted_proxies, ElementsAre("192.0.2.7"));
  EXPECT_THAT(Parse({"--trusted-proxies=10.0.0.0/40"}),
              AllOf(HasSubstr("--trusted-proxies"), HasSubstr("10.0.0.0/40")));
}

TEST_F(ServeConfigTest, IdentityPeerFlagsAndEnvironment) {
  ASSERT_EQ(Parse({"--identity-target=dns:///identity.masar:7001",
                   "--service-account=client-1",
                   "--service-account-secret-file=/dev/null"}),
            "");
  EXPECT_EQ(config_.peer_targets["identity"], "dns:///identity.masar:7001");
  EXPECT_EQ(config_.service_account_id, "client-1");
  EXPECT_EQ(config_.service_account_secret_file, "/dev/null");
  setenv("MASAR_IDENTITY_TARGET", "127.0.0.1:7001", 1);
  setenv("MASAR_SERVICE_ACCOUNT_ID", "client-2", 1);
  setenv("MASAR_SERVICE_ACCOUNT_SECRET", "s3cret", 1);
  config_ = ServeConfig();
  ASSERT_EQ(Parse({}), "");
  EXPECT_EQ(config_.peer_targets["identity"], "127.0.0.1:7001");
  EXPECT_EQ(config_.service_account_id, "client-2");
  EXPECT_EQ(config_.service_account_secret, "s3cret");
}

TEST_F(ServeConfigTest, BadIdentityTargetsAreRefusedNamingTheFlag) {
  for (const char* target : {"identity", "identity:0", "identity:abc", ":7001",
                             "dns:", "identity :7001"}) {
    EXPECT_THAT(Parse({absl::StrCat("--identity-target=", target)}),
                HasSubstr("--identity-target"))
        << target;
  }
  EXPECT_THAT(Parse({"--service-account-secret-file=/no/such/file"}),
              HasSubstr("--service-account-secret-file"));
}

TEST_F(ServeConfigTest, BadEnvironmentIsRefusedToo) {
  setenv("MASAR_DEFAULT_DEADLINE", "forever", 1);
  EXPECT_THAT(Parse({}), HasSubstr("--default-deadline"));
}

}  // namespace
}  // namespace masar

namespace masar {
namespace {

TEST(StoreFlagsTest, MigrateTakesOnlyStoreFlags) {
  ServeConfig config;
  CLI::App app("test", "migrate");
  AddStoreFlags(app, config);
  std::vector<std::string> args = {"--database=postgresql://h/db",
                                   "--services=identity"};
  std::reverse(args.begin(), args.end());
  EXPECT_NO_THROW(app.parse(args));
  EXPECT_EQ(config.database, "postgresql://h/db");
  std::vector<std::string> serve_only = {"--port=1"};
  EXPECT_THROW(app.parse(serve_only), CLI::ParseError);
}

}  // namespace
}  // namespace masar
