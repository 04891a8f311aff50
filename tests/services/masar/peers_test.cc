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
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/masar/auth_setup.h"
#include "services/masar/service_registry.h"
#include "tests/services/masar/served_identity.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

class PeersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(identity_.Start(), IsOk());
    tokens_ = std::make_unique<auth::ServiceTokenSource>(
        SelfIssuedServiceTokens(&identity_.auth->keys, &identity_.clock),
        &identity_.clock);
  }

  // What `masar serve --services=<hosted>` builds, signing its SERVICE
  // token with identity's key.
  std::unique_ptr<PeersImpl> MakePeers(std::vector<std::string> hosted,
                                       bool with_token = true) {
    PeersOptions options;
    options.hosted = std::move(hosted);
    options.targets["identity"] =
        absl::StrCat("127.0.0.1:", identity_.server->port());
    if (with_token) options.token = [this] { return tokens_->Token(); };
    options.deadline = absl::Seconds(2);
    return std::make_unique<PeersImpl>(std::move(options));
  }

  ::masar::testing::ServedIdentity identity_;
  std::unique_ptr<auth::ServiceTokenSource> tokens_;
};

TEST_F(PeersTest, TheSelfIssuedTokenIsAServicePrincipal) {
  absl::StatusOr<std::string> token = tokens_->Token();
  ASSERT_THAT(token, IsOk());
  absl::StatusOr<std::shared_ptr<const auth::Principal>> principal =
      identity_.auth->authenticator->Authenticate(*token);
  ASSERT_THAT(principal, IsOk());
  EXPECT_EQ((*principal)->subject(), kSelfServiceSubject);
  EXPECT_TRUE((*principal)->HasRole(auth::Role::kService, "*"));
}

TEST_F(PeersTest, AHostedPeerIsCalledInProcessAsService) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"identity", "onboarding"});
  peers->Attach(identity_.server.get());
  // SERVICE only: identity's policy table let the process's token through.
  EXPECT_THAT(peers->identity()->ListRevocations({}, 0, 10), IsOk());
  EXPECT_THAT(peers->identity()->GetJwks({}), IsOk());
}

TEST_F(PeersTest, AnotherProcesssPeerIsCalledOverTheNetworkAsService) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"onboarding"});
  peers->Attach(identity_.server.get());  // hosts onboarding only: identity is remote
  EXPECT_THAT(peers->identity()->ListRevocations({}, 0, 10), IsOk());
}

TEST_F(PeersTest, TheInProcessPathStillAuthenticates) {
  std::unique_ptr<PeersImpl> peers =
      MakePeers({"identity"}, /*with_token=*/false);
  peers->Attach(identity_.server.get());
  EXPECT_THAT(peers->identity()->ListRevocations({}, 0, 10),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(PeersTest, AHostedPeerBeforeTheServerStartsIsUnavailable) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"identity"});
  EXPECT_THAT(peers->identity()->GetJwks({}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GetJwks")));
  peers->Attach(identity_.server.get());
  EXPECT_THAT(peers->identity()->GetJwks({}), IsOk());
}

TEST_F(PeersTest, AHostedPeerWhoseServerStoppedIsUnavailable) {
  std::unique_ptr<PeersImpl> peers = MakePeers({"identity"});
  peers->Attach(identity_.server.get());
  std::shared_ptr<identity::IdentityClient> client = peers->identity();
  ASSERT_THAT(client->GetJwks({}), IsOk());
  identity_.server->Shutdown();
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
