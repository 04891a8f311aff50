// Every non-public RPC of every service, called through a real server:
// without a token it is UNAUTHENTICATED, with a token lacking the roles its
// policy names it is PERMISSION_DENIED, and with a bad token (expired,
// tampered, wrong audience or issuer, unknown key) it is UNAUTHENTICATED.
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>

#include <condition_variable>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/jwks.h"
#include "common/auth/policy_table.h"
#include "common/auth/revocation.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/grpc/server.h"
#include "common/ids/ids.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "masar/mentoring/v1/mentoring_service.grpc.pb.h"
#include "common/auth/service_token_source.h"
#include "services/masar/auth_setup.h"
#include "services/masar/peers_impl.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"
#include "common/cache/memory_cache.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar {
namespace {

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<AuthRuntime>> runtime = OpenAuth(dir_, &clock_);
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    auth_ = *std::move(runtime);
    ServeConfig config;
    config.data_dir = dir_;
    const std::vector<std::string> names = KnownServiceNames();
    // The peers as `masar serve` gives them: every service is hosted here,
    // so they are reached through the server's in-process channel.
    PeersOptions peers;
    peers.hosted = names;
    auto tokens = std::make_shared<auth::ServiceTokenSource>(
        SelfIssuedServiceTokens(&auth_->keys, &clock_), &clock_);
    peers.token = [tokens] { return tokens->Token(); };
    peers_ = std::make_unique<PeersImpl>(std::move(peers));
    ServiceContext context;
    context.auth = auth_.get();
    context.cache = &cache_;
    context.executor = &executor_;
    context.clock = &clock_;
    context.logger = &logger_;
    context.peers = peers_.get();
    context.data_dir = dir_;
    std::vector<HostedService*> hosted;
    for (const std::string& name : names) {
      absl::StatusOr<std::unique_ptr<sql::Database>> db =
          OpenServiceStore(config, name);
      ASSERT_TRUE(db.ok()) << db.status();
      ASSERT_TRUE(PrepareServiceStore(**db, name, true, logger_).ok());
      context.db = db->get();
      dbs_.push_back(*std::move(db));
      absl::StatusOr<std::unique_ptr<HostedService>> service =
          MakeService(name, context);
      ASSERT_TRUE(service.ok()) << service.status();
      hosted.push_back(service->get());
      services_.push_back(*std::move(service));
    }
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, hosted, &logger_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    peers_->Attach(server_.get());
    channel_ = testing::LocalChannel(server_->port());
  }

  void TearDown() override {
    server_.reset();
    services_.clear();
  }

  auth::Claims ValidClaims(std::vector<std::string> roles) {
    auth::Claims claims;
    claims.issuer = kTokenIssuer;
    claims.audience = {kTokenAudience};
    claims.subject = "users/" + NewUuid();
    claims.roles = std::move(roles);
    claims.amr = {"pwd"};
    claims.token_id = NewUuid();
    claims.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
    claims.expires_at = claims.issued_at + absl::Minutes(10);
    return claims;
  }

  std::string Sign(const auth::Claims& claims,
                   const auth::SigningKeySet* keys = nullptr) {
    absl::StatusOr<std::string> token =
        auth::TokenSigner(keys ? keys : &auth_->keys).Sign(claims);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }

  // The status of `method` (full name) called with an empty request and, if
  // given, the bearer `token`.
  grpc::StatusCode Call(const google::protobuf::MethodDescriptor& method,
                        const std::string& token) {
    const std::string name =
        absl::StrCat("/", method.service()->full_name(), "/", method.name());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    if (method.server_streaming()) return CallStreaming(name, context);
    grpc::GenericStub stub(channel_);
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    std::mutex mu;
    std::condition_variable done_cv;
    bool done = false;
    grpc::Status status;
    stub.UnaryCall(&context, name, grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) {
                     std::lock_guard<std::mutex> lock(mu);
                     status = std::move(s);
                     done = true;
                     done_cv.notify_all();
                   });
    std::unique_lock<std::mutex> lock(mu);
    done_cv.wait(lock, [&] { return done; });
    return status.error_code();
  }

  grpc::StatusCode CallStreaming(const std::string& name,
                                 grpc::ClientContext& context) {
    // The one server-streaming method of the API.
    EXPECT_EQ(name, "/masar.mentoring.v1.MentoringService/WatchMatchingRun");
    auto stub = mentoring::v1::MentoringService::NewStub(channel_);
    auto reader = stub->WatchMatchingRun(
        &context, mentoring::v1::WatchMatchingRunRequest());
    mentoring::v1::WatchMatchingRunResponse response;
    while (reader->Read(&response)) {
    }
    return reader->Finish().error_code();
  }

  template <typename F>
  void ForEveryMethod(F f) {
    for (const auto& service : services_) {
      const google::protobuf::ServiceDescriptor* descriptor =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
              std::string(service->service_name()));
      ASSERT_NE(descriptor, nullptr);
      for (int i = 0; i < descriptor->method_count(); ++i) {
        f(*descriptor->method(i));
      }
    }
  }

  static bool IsPublic(const google::protobuf::MethodDescriptor& m) {
    static const auto* const kPublic = new std::set<std::string>{
        "CreateUser", "Authenticate", "VerifyMfaChallenge",
        "AuthenticateServiceAccount", "RefreshToken", "GetJwks"};
    return m.service()->name() == "IdentityService" &&
           kPublic->count(m.name()) > 0;
  }

  ::masar::testing::ScopedTempDir temp_{"masar-access-test"};
  const std::string dir_ = temp_.path();
  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  std::unique_ptr<AuthRuntime> auth_;
  cache::MemoryCache cache_{clock_};
  BoundedExecutor executor_{4, 256};
  // Destroyed after the services that use them.
  std::vector<std::unique_ptr<sql::Database>> dbs_;
  std::unique_ptr<PeersImpl> peers_;
  std::vector<std::unique_ptr<HostedService>> services_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AccessTest, WithoutATokenEveryNonPublicMethodIsUnauthenticated) {
  int checked = 0;
  ForEveryMethod([&](const google::protobuf::MethodDescriptor& m) {
    const grpc::StatusCode code = Call(m, "");
    if (IsPublic(m)) {
      EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED) << m.full_name();
      EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED) << m.full_name();
    } else {
      EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED) << m.full_name();
      ++checked;
    }
  });
  EXPECT_GT(checked, 100) << "every service's methods were called";
}

TEST_F(AccessTest, ATokenWithoutTheRolesIsDeniedWhereARoleIsRequired) {
  const std::string no_roles = Sign(ValidClaims({}));
  const std::string admin = Sign(ValidClaims({"PLATFORM_ADMIN@*"}));
  int denied = 0, allowed = 0;
  ForEveryMethod([&](const google::protobuf::MethodDescriptor& m) {
    if (IsPublic(m)) return;
    const grpc::StatusCode code = Call(m, no_roles);
    EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED) << m.full_name();
    if (code == grpc::StatusCode::PERMISSION_DENIED) {
      ++denied;
    } else {
      ++allowed;  // open to any signed-in principal; the domain decides
    }
  });
  EXPECT_GT(denied, 30);
  EXPECT_GT(allowed, 10);
  // A platform administrator passes the table everywhere but where only a
  // role it lacks is named (a reviewer's own review, a signatory).
  int admin_denied = 0;
  ForEveryMethod([&](const google::protobuf::MethodDescriptor& m) {
    if (Call(m, admin) == grpc::StatusCode::PERMISSION_DENIED) ++admin_denied;
  });
  EXPECT_LT(admin_denied, denied);
}

TEST_F(AccessTest, BadTokensAreUnauthenticated) {
  auth::Claims expired = ValidClaims({"PLATFORM_ADMIN@*"});
  expired.issued_at -= absl::Minutes(20);
  expired.expires_at = expired.issued_at + absl::Minutes(10);
  auth::Claims future = ValidClaims({"PLATFORM_ADMIN@*"});
  future.issued_at += absl::Minutes(10);
  future.not_before = future.issued_at;
  future.expires_at = future.issued_at + absl::Minutes(10);
  auth::Claims wrong_audience = ValidClaims({"PLATFORM_ADMIN@*"});
  wrong_audience.audience = {"someone-else"};
  auth::Claims wrong_issuer = ValidClaims({"PLATFORM_ADMIN@*"});
  wrong_issuer.issuer = "https://elsewhere";
  auth::SigningKeySet stranger;
  crypto::Ed25519KeyPair stranger_pair = crypto::Ed25519KeyPair::Generate();
  ASSERT_TRUE(stranger
                  .Add(auth::SigningKey{
                      auth::JwkThumbprint(stranger_pair.public_key()),
                      stranger_pair, absl::Now()})
                  .ok());
  std::string tampered = Sign(ValidClaims({}));
  tampered[tampered.find('.') + 5] ^= 1;

  const std::vector<std::pair<std::string, std::string>> tokens = {
      {"expired", Sign(expired)},
      {"not yet valid", Sign(future)},
      {"wrong audience", Sign(wrong_audience)},
      {"wrong issuer", Sign(wrong_issuer)},
      {"unknown key", Sign(ValidClaims({"PLATFORM_ADMIN@*"}), &stranger)},
      {"tampered", tampered},
      {"not a token", "abc.def.ghi"}};
  const google::protobuf::MethodDescriptor* list_users =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          "masar.identity.v1.IdentityService.ListUsers");
  ASSERT_NE(list_users, nullptr);
  for (const auto& [what, token] : tokens) {
    EXPECT_EQ(Call(*list_users, token), grpc::StatusCode::UNAUTHENTICATED)
        << what;
  }
  EXPECT_NE(Call(*list_users, Sign(ValidClaims({"PLATFORM_ADMIN@*"}))),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessTest, ARevokedTokenStopsWorking) {
  auth::Claims claims = ValidClaims({"PLATFORM_ADMIN@*"});
  const std::string token = Sign(claims);
  const google::protobuf::MethodDescriptor* list_users =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          "masar.identity.v1.IdentityService.ListUsers");
  ASSERT_NE(Call(*list_users, token), grpc::StatusCode::UNAUTHENTICATED);
  auth::Revocation revocation;
  revocation.sequence = 1;
  revocation.kind = auth::RevocationKind::kToken;
  revocation.value = claims.token_id;
  revocation.time = absl::Now();
  revocation.expire_time = claims.expires_at;
  ASSERT_TRUE(auth_->revocations.Apply(revocation));
  EXPECT_EQ(Call(*list_users, token), grpc::StatusCode::UNAUTHENTICATED)
      << "revoked after it was cached as verified";
}

TEST_F(AccessTest, ADisabledUsersExistingTokensStopWorking) {
  auto stub = identity::v1::IdentityService::NewStub(channel_);
  identity::v1::CreateUserRequest create;
  create.mutable_user()->set_display_name("Amina");
  create.mutable_user()->set_email("amina@example.ma");
  create.mutable_user()->set_preferred_language(
      masar::common::v1::LANGUAGE_FR);
  create.set_password("a long enough passphrase");
  identity::v1::CreateUserResponse created;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->CreateUser(&context, create, &created).ok());
  }
  const std::string user = created.user().name();
  auth::Claims claims = ValidClaims({});
  claims.subject = user;
  claims.issued_at -= absl::Seconds(5);  // issued before the disabling
  const std::string user_token = Sign(claims);
  auto get_own = [&] {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + user_token);
    identity::v1::GetUserRequest request;
    request.set_name(user);
    identity::v1::GetUserResponse response;
    return stub->GetUser(&context, request, &response).error_code();
  };
  ASSERT_EQ(get_own(), grpc::StatusCode::OK);

  auth::Claims admin = ValidClaims({"PLATFORM_ADMIN@*"});
  admin.amr = {"pwd", "otp"};
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + Sign(admin));
  identity::v1::DisableUserRequest disable;
  disable.set_name(user);
  identity::v1::DisableUserResponse disabled;
  grpc::Status status = stub->DisableUser(&context, disable, &disabled);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The revocation reaches this process's list through the revocation sync
  // (its 1 s poll of the store): generous bound, the mechanism is the test.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  grpc::StatusCode code = get_own();
  while (code == grpc::StatusCode::OK && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(50));
    code = get_own();
  }
  EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace masar
