// Peers as `masar serve` builds them, against a real identity: the hosted
// peer through the server's in-process channel and a targeted one over
// loopback TCP, each call carrying the process's own SERVICE token and
// passing identity's authentication and policy table (ListRevocations is
// SERVICE only); and the start-up check of the declared peers.
#include "services/masar/peers_impl.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/auth/service_token_source.h"
#include "common/cache/memory_cache.h"
#include "common/grpc/server.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/masar/auth_setup.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

class PeersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<AuthRuntime>> runtime =
        OpenAuth(dir_, &clock_);
    ASSERT_THAT(runtime, IsOk());
    auth_ = *std::move(runtime);
    tokens_ = std::make_unique<auth::ServiceTokenSource>(
        SelfIssuedServiceTokens(&auth_->keys, &clock_), &clock_);
    ServeConfig config;
    config.data_dir = dir_;
    absl::StatusOr<std::unique_ptr<sql::Database>> db =
        OpenServiceStore(config, "identity");
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(PrepareServiceStore(*db_, "identity", true, logger_), IsOk());
    ServiceContext context;
    context.auth = auth_.get();
    context.db = db_.get();
    context.cache = &cache_;
    context.executor = &executor_;
    context.clock = &clock_;
    context.logger = &logger_;
    context.data_dir = dir_;
    absl::StatusOr<std::unique_ptr<HostedService>> identity =
        MakeService("identity", context);
    ASSERT_THAT(identity, IsOk());
    identity_ = *std::move(identity);
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {identity_.get()}, &logger_);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  // What `masar serve --services=<hosted>` builds, signing its SERVICE
  // token with identity's key.
  std::unique_ptr<PeersImpl> MakePeers(std::vector<std::string> hosted,
                                       bool with_token = true) {
    PeersOptions options;
    options.hosted = std::move(hosted);
    options.targets["identity"] = absl::StrCat("127.0.0.1:", server_->port());
    if (with_token) options.token = [this] { return tokens_->Token(); };
    options.deadline = absl::Seconds(2);
    return std::make_unique<PeersImpl>(std::move(options));
  }

  ::masar::testing::ScopedTempDir temp_{"masar-peers-test"};
  const std::string dir_ = temp_.path();
  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  cache::MemoryCache cache_{clock_};
  BoundedExecutor executor_{4, 256};
  std::unique_ptr<AuthRuntime> auth_;
  std::unique_ptr<auth::ServiceTokenSource> tokens_;
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<HostedService> identity_;
  std::unique_ptr<Server> server_;
};

TEST_F(PeersTest, TheSelfIssuedTokenIsAServicePrincipal) {
  absl::StatusOr<std::string> token = tokens_->Token();
  ASSERT_THAT(token, IsOk());
  absl::StatusOr<std::shared_ptr<const auth::Principal>> principal =
      auth_->authenticator->Authenticate(*token);
  ASSERT_THAT(principal, IsOk());
  EXPECT_EQ((*principal)->subject(), kSelfServiceSubject);
  EXPECT_TRUE((*principal)->HasRole(auth::Role::kService, "*"));
}

TEST_F(PeersTest, AHostedPeerIsCalledInProcessAsService) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"identity", "onboarding"});
  peers->Attach(server_.get());
  // SERVICE only: identity's policy table let the process's token through.
  EXPECT_THAT(peers->identity()->ListRevocations({}, 0, 10), IsOk());
  EXPECT_THAT(peers->identity()->GetJwks({}), IsOk());
}

TEST_F(PeersTest, AnotherProcesssPeerIsCalledOverTheNetworkAsService) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"onboarding"});
  peers->Attach(server_.get());  // hosts onboarding only: identity is remote
  EXPECT_THAT(peers->identity()->ListRevocations({}, 0, 10), IsOk());
}

TEST_F(PeersTest, TheInProcessPathStillAuthenticates) {
  std::unique_ptr<PeersImpl> peers =
      MakePeers({"identity"}, /*with_token=*/false);
  peers->Attach(server_.get());
  EXPECT_THAT(peers->identity()->ListRevocations({}, 0, 10),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(PeersTest, AHostedPeerBeforeTheServerStartsIsUnavailable) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"identity"});
  EXPECT_THAT(peers->identity()->GetJwks({}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GetJwks")));
  peers->Attach(server_.get());
  EXPECT_THAT(peers->identity()->GetJwks({}), IsOk());
}

TEST_F(PeersTest, AHostedPeerWhoseServerStoppedIsUnavailable) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"identity"});
  peers->Attach(server_.get());
  std::shared_ptr<identity::IdentityClient> client = peers->identity();
  ASSERT_THAT(client->GetJwks({}), IsOk());
  server_->Shutdown();
  EXPECT_THAT(client->GetJwks({}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("stopped")));
}

TEST(CheckPeerTargetsTest, EveryDeclaredPeerIsHostedOrTargeted) {
  EXPECT_THAT(CheckPeerTargets(KnownServiceNames(), {}), IsOk());
  EXPECT_THAT(CheckPeerTargets({"identity"}, {}), IsOk());
  EXPECT_THAT(CheckPeerTargets({"partnerships"}, {{"identity", "id:7001"}}),
              IsOk());
  EXPECT_THAT(
      CheckPeerTargets({"onboarding"}, {{"identity", "id:7001"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--partnerships-target (MASAR_PARTNERSHIPS_TARGET) "
                         "is required: onboarding calls partnerships")));
  EXPECT_THAT(CheckPeerTargets({"onboarding", "partnerships"},
                               {{"identity", "id:7001"}}),
              IsOk());
  EXPECT_THAT(CheckPeerTargets({"mentoring", "identity"},
                               {{"onboarding", ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--onboarding-target")));
}

}  // namespace
}  // namespace masar
