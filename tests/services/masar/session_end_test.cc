// Ending sessions ends every token issued up to that moment, including one
// issued earlier in the same second: the real identity service, on a fake
// clock that only the test moves, signs a user in and ends the session a
// few hundred milliseconds later (DisableUser, DeleteUser, ChangePassword,
// and the reuse of a rotated refresh token).
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/auth/claims.h"
#include "common/auth/token_signer.h"
#include "common/cache/memory_cache.h"
#include "common/grpc/server.h"
#include "common/ids/ids.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/masar/auth_setup.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar {
namespace {

namespace v1 = ::masar::identity::v1;

constexpr char kPassword[] = "a long enough passphrase";
constexpr char kNewPassword[] = "another long passphrase";

class SessionEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<AuthRuntime>> runtime =
        OpenAuth(dir_, &clock_);
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    auth_ = *std::move(runtime);
    ServeConfig config;
    config.data_dir = dir_;
    absl::StatusOr<std::unique_ptr<sql::Database>> db =
        OpenServiceStore(config, "identity");
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    ASSERT_TRUE(PrepareServiceStore(*db_, "identity", true, logger_).ok());
    ServiceContext context;
    context.auth = auth_.get();
    context.db = db_.get();
    context.cache = &cache_;
    context.executor = &executor_;
    context.clock = &clock_;
    context.logger = &logger_;
    context.data_dir = dir_;
    absl::StatusOr<std::unique_ptr<HostedService>> service =
        MakeService("identity", context);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {service_.get()}, &logger_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::IdentityService::NewStub(testing::LocalChannel(server_->port()));
  }

  void TearDown() override {
    server_.reset();
    service_.reset();
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    if (!token.empty()) {
      context->AddMetadata("authorization", "Bearer " + token);
    }
    return context;
  }

  std::string AdminToken() {
    auth::Claims claims;
    claims.issuer = kTokenIssuer;
    claims.audience = {kTokenAudience};
    claims.subject = "users/" + NewUuid();
    claims.roles = {"PLATFORM_ADMIN@*"};
    claims.amr = {"pwd", "otp"};
    claims.token_id = NewUuid();
    claims.issued_at = auth::TokenTime(clock_.Now());
    claims.expires_at = claims.issued_at + absl::Minutes(10);
    absl::StatusOr<std::string> token = auth::TokenSigner(&auth_->keys).Sign(claims);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

  // Signs up `email`; the user's name.
  std::string SignUp(const std::string& email) {
    v1::CreateUserRequest request;
    request.mutable_user()->set_display_name("Amina");
    request.mutable_user()->set_email(email);
    request.mutable_user()->set_preferred_language(
        masar::common::v1::LANGUAGE_FR);
    request.set_password(kPassword);
    v1::CreateUserResponse response;
    grpc::Status status = stub_->CreateUser(As("").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.user().name();
  }

  v1::TokenGrant SignIn(const std::string& email) {
    v1::AuthenticateRequest request;
    request.set_email(email);
    request.set_password(kPassword);
    v1::AuthenticateResponse response;
    grpc::Status status = stub_->Authenticate(As("").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.token();
  }

  grpc::StatusCode GetUser(const std::string& name, const std::string& token) {
    v1::GetUserRequest request;
    request.set_name(name);
    v1::GetUserResponse response;
    return stub_->GetUser(As(token).get(), request, &response).error_code();
  }

  // Whether `token` is refused within a generous bound: the revocation
  // reaches the process's list by pub/sub (the poll is the safety net).
  // Before the fix a same-second token was never refused.
  bool RefusedSoon(const std::string& name, const std::string& token) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (absl::Now() < give_up) {
      if (GetUser(name, token) == grpc::StatusCode::UNAUTHENTICATED) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  ::masar::testing::ScopedTempDir temp_{"masar-session-end-test"};
  const std::string dir_ = temp_.path();
  // On a whole second, so that every step below happens within it.
  FakeClock clock_{absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()))};
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  std::unique_ptr<AuthRuntime> auth_;
  cache::MemoryCache cache_{clock_};
  BoundedExecutor executor_{4, 256};
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<HostedService> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

TEST_F(SessionEndTest, DisableUserEndsATokenIssuedEarlierInTheSameSecond) {
  const std::string user = SignUp("amina@example.ma");
  const std::string token = SignIn("amina@example.ma").access_token();
  ASSERT_EQ(GetUser(user, token), grpc::StatusCode::OK);
  clock_.Advance(absl::Milliseconds(300));
  v1::DisableUserRequest request;
  request.set_name(user);
  v1::DisableUserResponse response;
  grpc::Status status =
      stub_->DisableUser(As(AdminToken()).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(RefusedSoon(user, token));
}

TEST_F(SessionEndTest, DeleteUserEndsATokenIssuedEarlierInTheSameSecond) {
  const std::string user = SignUp("amina@example.ma");
  const std::string token = SignIn("amina@example.ma").access_token();
  ASSERT_EQ(GetUser(user, token), grpc::StatusCode::OK);
  clock_.Advance(absl::Milliseconds(300));
  v1::DeleteUserRequest request;
  request.set_name(user);
  v1::DeleteUserResponse response;
  grpc::Status status =
      stub_->DeleteUser(As(AdminToken()).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(RefusedSoon(user, token));
}

TEST_F(SessionEndTest, ChangePasswordEndsOtherSessionsOfTheSameSecond) {
  const std::string user = SignUp("amina@example.ma");
  const std::string kept = SignIn("amina@example.ma").access_token();
  const std::string other = SignIn("amina@example.ma").access_token();
  clock_.Advance(absl::Milliseconds(300));
  v1::ChangePasswordRequest request;
  request.set_name(user);
  request.set_current_password(kPassword);
  request.set_new_password(kNewPassword);
  v1::ChangePasswordResponse response;
  grpc::Status status = stub_->ChangePassword(As(kept).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(RefusedSoon(user, other));
  EXPECT_EQ(GetUser(user, kept), grpc::StatusCode::OK);
}

TEST_F(SessionEndTest, RefreshTokenReuseEndsTheFamilyWithinTheSecond) {
  const std::string user = SignUp("amina@example.ma");
  const v1::TokenGrant first = SignIn("amina@example.ma");
  clock_.Advance(absl::Milliseconds(100));
  v1::RefreshTokenRequest refresh;
  refresh.set_refresh_token(first.refresh_token());
  v1::RefreshTokenResponse rotated;
  grpc::Status status = stub_->RefreshToken(As("").get(), refresh, &rotated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(GetUser(user, rotated.token().access_token()),
            grpc::StatusCode::OK);
  clock_.Advance(absl::Milliseconds(100));
  v1::RefreshTokenResponse reused;
  EXPECT_FALSE(stub_->RefreshToken(As("").get(), refresh, &reused).ok());
  EXPECT_TRUE(RefusedSoon(user, rotated.token().access_token()));
  EXPECT_EQ(GetUser(user, first.access_token()),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace masar
