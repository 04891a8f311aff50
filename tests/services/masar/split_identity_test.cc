// A process that does not host identity, against a real identity served
// in-process: it verifies identity's tokens with the keys it fetches over
// gRPC, signs in as its service account, and learns revocations from
// identity's log (ListRevocations) and the shared pub/sub channel.
#include <cstdio>
#include <fstream>
#include <functional>

#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/revocation_sync.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/cache/memory_cache.h"
#include "common/grpc/server.h"
#include "common/ids/ids.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/masar/auth_setup.h"
#include "services/masar/identity_peer.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"
#include "tests/testing/grpc_probe.h"
#include "tests/services/masar/served_identity.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
namespace v1 = ::masar::identity::v1;

bool Eventually(absl::Duration within, const std::function<bool()>& done) {
  const absl::Time deadline = absl::Now() + within;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return done();
}

class SplitIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(identity_.Start(), IsOk());
    stub_ = v1::IdentityService::NewStub(
        ::masar::testing::LocalChannel(identity_.server->port()));
  }

  std::string Target() const {
    return absl::StrCat("127.0.0.1:", identity_.server->port());
  }

  // A PLATFORM_ADMIN token signed with identity's key, as identity issues
  // after an OTP.
  std::string AdminToken() {
    return auth::TokenSigner(&identity_auth_->keys)
        .Sign(AdminClaims())
        .value_or("");
  }

  auth::Claims AdminClaims() {
    auth::Claims claims;
    claims.issuer = kTokenIssuer;
    claims.audience = {kTokenAudience};
    claims.subject = "users/" + NewUuid();
    claims.roles = {"PLATFORM_ADMIN@*"};
    claims.amr = {"pwd", "otp"};
    claims.token_id = NewUuid();
    claims.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
    claims.expires_at = claims.issued_at + absl::Minutes(10);
    return claims;
  }

  std::unique_ptr<grpc::ClientContext> AsAdmin() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + AdminToken());
    return context;
  }

  // A SERVICE account: its client id and secret.
  std::pair<std::string, std::string> CreateServiceAccount() {
    v1::CreateServiceAccountRequest create;
    create.set_service_account_id("onboarding");
    create.mutable_service_account()->set_display_name("Onboarding service");
    v1::CreateServiceAccountResponse created;
    grpc::Status status =
        stub_->CreateServiceAccount(AsAdmin().get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::CreateRoleBindingRequest bind;
    bind.mutable_role_binding()->set_principal(
        created.service_account().name());
    bind.mutable_role_binding()->set_role(v1::ROLE_SERVICE);
    bind.mutable_role_binding()->set_scope("*");
    v1::CreateRoleBindingResponse bound;
    status = stub_->CreateRoleBinding(AsAdmin().get(), bind, &bound);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {created.service_account().client_id(), created.client_secret()};
  }

  // An access token of a user, signed with identity's key as Authenticate
  // issues it.
  std::string UserToken() {
    auth::Claims claims = AdminClaims();
    claims.roles.clear();
    claims.amr = {"pwd"};
    return auth::TokenSigner(&identity_auth_->keys).Sign(claims).value_or("");
  }

  // What `masar serve --services=onboarding` builds: the peer, the
  // verifier over identity's keys, and the revocation sync (pub/sub on
  // `cache` when given, polling either way).
  struct RemoteProcess {
    std::unique_ptr<IdentityPeer> peer;
    std::unique_ptr<AuthRuntime> auth;
    std::unique_ptr<auth::RevocationSync> sync;
  };
  RemoteProcess StartRemote(const std::string& client_id,
                            const std::string& secret, cache::Cache* cache) {
    RemoteProcess remote;
    absl::StatusOr<std::unique_ptr<IdentityPeer>> peer =
        OpenIdentityPeer(PeerConfig(client_id, secret), &clock_,
                         grpc::InsecureChannelCredentials());
    EXPECT_THAT(peer, IsOk());
    remote.peer = *std::move(peer);
    remote.auth = OpenRemoteAuth(remote.peer->KeySource(), &clock_, logger_,
                                 absl::Seconds(2));
    remote.sync = std::make_unique<auth::RevocationSync>(
        remote.peer->revocations(), cache, &remote.auth->revocations, &clock_);
    EXPECT_THAT(remote.sync->Start(), IsOk()) << "signed in, read the log";
    return remote;
  }

  // Revokes `token` at identity (RevokeToken, the caller's own token) and
  // expects `remote` to refuse it soon after.
  void RevokeAndExpectRefused(const std::string& token, AuthRuntime& remote) {
    v1::RevokeTokenRequest revoke;
    revoke.set_token(token);
    revoke.set_token_type_hint(v1::TOKEN_TYPE_ACCESS_TOKEN);
    v1::RevokeTokenResponse revoked;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    grpc::Status status = stub_->RevokeToken(&context, revoke, &revoked);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(Eventually(absl::Seconds(5), [&] {
      return !remote.authenticator->Authenticate(token).ok();
    }));
    EXPECT_THAT(remote.authenticator->Authenticate(token),
                StatusIs(absl::StatusCode::kUnauthenticated));
  }

  ServeConfig PeerConfig(const std::string& client_id,
                         const std::string& secret) {
    ServeConfig config;
    config.services = {"onboarding"};
    config.peer_targets["identity"] = Target();
    config.service_account_id = client_id;
    config.service_account_secret = secret;
    return config;
  }

  ::masar::testing::ServedIdentity identity_;
  const std::string dir_ = identity_.dir;
  SystemClock& clock_ = identity_.clock;
  Logger& logger_ = identity_.logger;
  cache::MemoryCache& cache_ = identity_.cache;
  std::unique_ptr<AuthRuntime>& identity_auth_ = identity_.auth;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

TEST_F(SplitIdentityTest, VerifiesIdentitysTokensAndLearnsTheirRevocation) {
  const auto [client_id, secret] = CreateServiceAccount();
  const std::string token = UserToken();
  RemoteProcess remote = StartRemote(client_id, secret, &cache_);
  ASSERT_THAT(remote.auth->authenticator->Authenticate(token), IsOk());
  EXPECT_TRUE(remote.auth->keys.PublicJwks().keys().empty())
      << "a process without identity holds no signing key";
  RevokeAndExpectRefused(token, *remote.auth);
}

TEST_F(SplitIdentityTest, CatchesUpByPollingWithoutPubSub) {
  const auto [client_id, secret] = CreateServiceAccount();
  const std::string token = UserToken();
  RemoteProcess remote = StartRemote(client_id, secret, /*cache=*/nullptr);
  ASSERT_THAT(remote.auth->authenticator->Authenticate(token), IsOk());
  RevokeAndExpectRefused(token, *remote.auth);
}

TEST_F(SplitIdentityTest, StartsWithoutKeysAndFetchesThemOnTheFirstToken) {
  const std::string token = UserToken();
  bool identity_up = false;
  absl::StatusOr<std::unique_ptr<IdentityPeer>> peer =
      OpenIdentityPeer(PeerConfig("unused", "unused"), &clock_,
                       grpc::InsecureChannelCredentials());
  ASSERT_THAT(peer, IsOk());
  auth::KeySource fetch = (*peer)->KeySource();
  std::unique_ptr<AuthRuntime> remote = OpenRemoteAuth(
      [&]() -> absl::StatusOr<auth::Jwks> {
        if (!identity_up) return absl::UnavailableError("not yet");
        return fetch();
      },
      &clock_, logger_, absl::ZeroDuration());
  identity_up = true;
  EXPECT_THAT(remote->authenticator->Authenticate(token), IsOk());
}

TEST_F(SplitIdentityTest, AProcessWithoutIdentityNeedsItsAddressAndAccount) {
  ServeConfig config = PeerConfig("client", "secret");
  config.peer_targets.erase("identity");
  EXPECT_THAT(
      OpenIdentityPeer(config, &clock_, grpc::InsecureChannelCredentials()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--identity-target")));
  config = PeerConfig("", "secret");
  EXPECT_THAT(
      OpenIdentityPeer(config, &clock_, grpc::InsecureChannelCredentials()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--service-account")));
  config = PeerConfig("client", "");
  EXPECT_THAT(
      OpenIdentityPeer(config, &clock_, grpc::InsecureChannelCredentials()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--service-account-secret-file")));
  config = PeerConfig("client", "secret");
  config.service_account_secret_file = dir_ + "/secret";
  EXPECT_THAT(
      OpenIdentityPeer(config, &clock_, grpc::InsecureChannelCredentials()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not both")));
}

TEST_F(SplitIdentityTest, ReadsTheSecretFromAFile) {
  const auto [client_id, secret] = CreateServiceAccount();
  const std::string path = dir_ + "/sa-secret";
  std::ofstream(path) << secret << "\n";
  ServeConfig config = PeerConfig(client_id, "");
  config.service_account_secret_file = path;
  absl::StatusOr<std::unique_ptr<IdentityPeer>> peer =
      OpenIdentityPeer(config, &clock_, grpc::InsecureChannelCredentials());
  ASSERT_THAT(peer, IsOk());
  EXPECT_THAT((*peer)->revocations()->ListAfter(0, 10), IsOk());
  config.service_account_secret_file = dir_ + "/missing";
  EXPECT_THAT(
      OpenIdentityPeer(config, &clock_, grpc::InsecureChannelCredentials()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("service_account_secret_file")));
}

}  // namespace
}  // namespace masar
