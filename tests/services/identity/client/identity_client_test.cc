// The identity client, the service-account token on its calls and the
// revocation feed as a RevocationSource, against a fake identity served
// in-process on a free port.
#include "services/identity/client/identity_client.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth/base64url.h"
#include "common/auth/bearer_call_credentials.h"
#include "common/auth/revocation_list.h"
#include "common/auth/revocation_sync.h"
#include "common/auth/service_token_source.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/crypto/ed25519.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/server.h"
#include "common/log/logger.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/revocation_mapping.h"
#include "services/identity/client/identity_revocation_source.h"
#include "tests/testing/grpc_probe.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

auth::Revocation MakeRevocation(int64_t sequence, auth::RevocationKind kind,
                                std::string value) {
  const absl::Time t = absl::FromUnixMicros(1700000000123456);
  return auth::Revocation{sequence, kind, std::move(value), t,
                          t + absl::Minutes(15)};
}

// What the fake answers, and what it saw.
class FakeIdentity final : public HostedService,
                           private v1::IdentityService::Service {
 public:
  absl::string_view service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

  std::vector<auth::Revocation> revocations;
  std::string public_key = crypto::Ed25519KeyPair::Generate().public_key();
  absl::Duration delay;

  std::vector<std::string> authorizations() {
    absl::MutexLock lock(&mu_);
    return authorizations_;
  }
  int sign_ins() {
    absl::MutexLock lock(&mu_);
    return sign_ins_;
  }

 private:
  grpc::Status GetJwks(grpc::ServerContext*, const v1::GetJwksRequest*,
                       v1::GetJwksResponse* response) override {
    v1::Jwk* ec = response->add_keys();  // a type this verifier skips
    ec->set_kty("EC");
    ec->set_crv("P-256");
    ec->set_kid("ec-1");
    v1::Jwk* ed = response->add_keys();
    ed->set_kty("OKP");
    ed->set_crv("Ed25519");
    ed->set_x(auth::Base64UrlEncode(public_key));
    ed->set_kid("ed-1");
    ed->set_alg("EdDSA");
    ed->set_use("sig");
    return grpc::Status::OK;
  }

  grpc::Status AuthenticateServiceAccount(
      grpc::ServerContext*, const v1::AuthenticateServiceAccountRequest* request,
      v1::AuthenticateServiceAccountResponse* response) override {
    if (request->client_id() != "onboarding-client" ||
        request->client_secret() != "s3cret") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "wrong client credentials");
    }
    int n;
    {
      absl::MutexLock lock(&mu_);
      n = ++sign_ins_;
    }
    response->mutable_token()->set_access_token("sa-token-" +
                                                std::to_string(n));
    response->mutable_token()->mutable_expires_in()->set_seconds(900);
    return grpc::Status::OK;
  }

  grpc::Status ListRevocations(grpc::ServerContext* context,
                               const v1::ListRevocationsRequest* request,
                               v1::ListRevocationsResponse* response) override {
    absl::SleepFor(delay);
    {
      absl::MutexLock lock(&mu_);
      auto it = context->client_metadata().find("authorization");
      authorizations_.push_back(
          it == context->client_metadata().end()
              ? ""
              : std::string(it->second.data(), it->second.size()));
    }
    for (const auth::Revocation& r : revocations) {
      if (r.sequence <= request->after_sequence()) continue;
      if (response->revocations_size() == request->page_size()) break;
      *response->add_revocations() = RevocationToProto(r);
    }
    return grpc::Status::OK;
  }

  absl::Mutex mu_;
  std::vector<std::string> authorizations_ ABSL_GUARDED_BY(mu_);
  int sign_ins_ ABSL_GUARDED_BY(mu_) = 0;
};

class IdentityClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.revocations = {
        MakeRevocation(1, auth::RevocationKind::kToken, "jti-1"),
        MakeRevocation(2, auth::RevocationKind::kSession, "sid-1"),
        MakeRevocation(3, auth::RevocationKind::kSubject, "users/u1")};
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {&fake_}, &logger_);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  // A client whose authenticated calls carry the service account's token.
  std::unique_ptr<IdentityClient> Client(std::string secret = "s3cret") {
    auto plain = std::make_shared<IdentityClient>(
        ::masar::testing::LocalChannel(server_->port()));
    tokens_ = std::make_shared<auth::ServiceTokenSource>(
        [plain, secret] {
          return plain->AuthenticateServiceAccount("onboarding-client",
                                                   secret);
        },
        &clock_);
    IdentityClientOptions options;
    options.deadline = absl::Milliseconds(500);
    options.credentials = auth::BearerCallCredentials(tokens_);
    return std::make_unique<IdentityClient>(
        ::masar::testing::LocalChannel(server_->port()), options);
  }

  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  FakeIdentity fake_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<auth::ServiceTokenSource> tokens_;
};

TEST_F(IdentityClientTest, GetJwksKeepsTheEd25519Keys) {
  absl::StatusOr<auth::Jwks> jwks = Client()->GetJwks();
  ASSERT_THAT(jwks, IsOk());
  ASSERT_EQ(jwks->keys().size(), 1u);
  EXPECT_EQ(jwks->keys()[0].kid, "ed-1");
  EXPECT_EQ(jwks->keys()[0].public_key, fake_.public_key);
}

TEST_F(IdentityClientTest, ListRevocationsCarriesTheServiceAccountToken) {
  std::unique_ptr<IdentityClient> client = Client();
  IdentityRevocationSource source(client.get());
  absl::StatusOr<std::vector<auth::Revocation>> page = source.ListAfter(1, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(*page, ElementsAre(fake_.revocations[1], fake_.revocations[2]));
  ASSERT_THAT(source.ListAfter(0, 1), IsOk());
  // One sign-in, its token on every call.
  EXPECT_THAT(fake_.authorizations(),
              ElementsAre("Bearer sa-token-1", "Bearer sa-token-1"));
  EXPECT_EQ(fake_.sign_ins(), 1);
}

TEST_F(IdentityClientTest, WrongCredentialsFailTheCallBeforeItIsSent) {
  std::unique_ptr<IdentityClient> client = Client("wrong");
  // gRPC reports any failure of call credentials as UNAVAILABLE; the
  // message keeps identity's reason.
  EXPECT_THAT(client->ListRevocations(0, 10),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("sign-in failed: wrong client credentials")));
  EXPECT_THAT(fake_.authorizations(), ::testing::IsEmpty());
}

TEST_F(IdentityClientTest, RevocationSyncCatchesUpThroughTheClient) {
  std::unique_ptr<IdentityClient> client = Client();
  IdentityRevocationSource source(client.get());
  cache::MemoryCache cache(clock_);
  auth::RevocationList list;
  auth::RevocationSyncOptions options;
  options.page_size = 2;  // two pages
  auth::RevocationSync sync(&source, &cache, &list, &clock_, options);
  ASSERT_THAT(sync.Start(), IsOk());
  EXPECT_EQ(list.last_sequence(), 3);
  EXPECT_EQ(list.size(), 3u);
}

TEST_F(IdentityClientTest, AHungIdentityIsUnavailableAtTheDeadline) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations(0, 1), IsOk());  // signed in
  fake_.delay = absl::Seconds(2);
  const absl::Time start = absl::Now();
  EXPECT_THAT(client->ListRevocations(0, 1),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("ListRevocations")));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));
}

TEST_F(IdentityClientTest, AStoppedIdentityIsUnavailable) {
  std::unique_ptr<IdentityClient> client = Client();
  server_.reset();
  const absl::Time start = absl::Now();
  EXPECT_THAT(client->GetJwks(), StatusIs(absl::StatusCode::kUnavailable,
                                          HasSubstr("GetJwks")));
  EXPECT_THAT(client->ListRevocations(0, 1),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

}  // namespace
}  // namespace masar::identity
