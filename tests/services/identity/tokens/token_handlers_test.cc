// TokenHandlers through a real in-process server on SQLite, with a
// MemoryCache for throttling and revocation pub/sub, and a fake clock that
// the TOTP codes are computed at.
#include "services/identity/api/token_handlers.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/audit/audit_log.h"
#include "common/auth/authenticator.h"
#include "common/auth/base64url.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/jwks.h"
#include "common/auth/policy_table.h"
#include "common/auth/revocation_list.h"
#include "common/auth/revocation_store.h"
#include "common/auth/revocation_sync.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/server.h"
#include "common/grpc/status.h"
#include "common/log/logger.h"
#include "common/sql/migrations.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/identity_policy.h"
#include "services/identity/credentials/argon2id.h"
#include "services/identity/credentials/base32.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "services/identity/credentials/sql_throttle_counters.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/store/identity_store_migrations.h"
#include "services/identity/store/sql_audit_trail.h"
#include "services/identity/store/sql_member_repository.h"
#include "services/identity/store/sql_organization_repository.h"
#include "services/identity/store/sql_role_binding_repository.h"
#include "services/identity/store/sql_service_account_repository.h"
#include "services/identity/store/sql_session_store.h"
#include "services/identity/store/sql_unit_of_work.h"
#include "services/identity/store/sql_user_repository.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/sql/test_database.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kIssuer[] = "masar-identity";
constexpr char kAudience[] = "masar";
constexpr char kPassword[] = "correct horse battery";

// Argon2id at test strength, counting the verifications that reach it.
class CountingHash final : public PasswordHashFunction {
 public:
  absl::StatusOr<std::string> Hash(absl::string_view password) override {
    return inner_.Hash(password);
  }
  absl::StatusOr<bool> Verify(absl::string_view encoded,
                              absl::string_view password) override {
    ++verifications;
    return inner_.Verify(encoded, password);
  }
  bool NeedsRehash(absl::string_view encoded) const override {
    return inner_.NeedsRehash(encoded);
  }
  std::atomic<int> verifications{0};

 private:
  Argon2id inner_{1, size_t{1} << 16};
};

// Hosts TokenHandlers alone: the directory handlers are another module.
class TokenOnlyService final : public HostedService,
                               private v1::IdentityService::CallbackService {
 public:
  explicit TokenOnlyService(TokenHandlers* handlers) : handlers_(handlers) {}
  absl::string_view service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

 private:
#define MASAR_FORWARD(Method)                                              \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context,    \
                                   const v1::Method##Request* request,      \
                                   v1::Method##Response* response) override { \
    return handlers_->Method(context, request, response);                   \
  }
  MASAR_FORWARD(CreateUser)
  MASAR_FORWARD(ChangePassword)
  MASAR_FORWARD(BeginMfaEnrollment)
  MASAR_FORWARD(ConfirmMfaEnrollment)
  MASAR_FORWARD(DisableMfa)
  MASAR_FORWARD(Authenticate)
  MASAR_FORWARD(VerifyMfaChallenge)
  MASAR_FORWARD(AuthenticateServiceAccount)
  MASAR_FORWARD(RefreshToken)
  MASAR_FORWARD(RevokeToken)
  MASAR_FORWARD(IntrospectToken)
  MASAR_FORWARD(GetJwks)
#undef MASAR_FORWARD

  TokenHandlers* handlers_;
};

class TokenHandlersTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    for (auto migrations :
         {audit::AuditMigrations(), IdentityStoreMigrations(),
          auth::RevocationMigrations(), ThrottleMigrations()}) {
      ASSERT_THAT(migrations, IsOk());
      ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    }
    unit_of_work_ = std::make_unique<SqlUnitOfWork>(&db());
    directory_ = std::make_unique<IdentityDirectory>(IdentityPorts{
        unit_of_work_.get(), &users_, &organizations_, &members_,
        &role_bindings_, &service_accounts_, &audit_trail_, &clock_});
    absl::StatusOr<std::unique_ptr<PasswordHasher>> hasher =
        PasswordHasher::Create(hash_function_, {.queue_capacity = 32});
    ASSERT_THAT(hasher, IsOk());
    hasher_ = *std::move(hasher);
    sql_counters_ = std::make_unique<SqlThrottleCounters>(db(), clock_);
    sign_in_throttle_ =
        std::make_unique<SignInThrottle>(cache_counters_, *sql_counters_);
    sign_up_throttle_ = std::make_unique<SignInThrottle>(
        cache_counters_, *sql_counters_,
        SignInThrottleOptions{.pair_limit = 100, .account_limit = 1000000});

    ASSERT_THAT(keys_.Add(auth::SigningKey{
                    "k1", crypto::Ed25519KeyPair::Generate(), absl::UnixEpoch()}),
                IsOk());
    auth::TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    verifier_ = std::make_unique<auth::TokenVerifier>(
        options, keys_.PublicJwks(), &clock_);
    token_cache_ = std::make_unique<auth::VerifiedTokenCache>(&clock_);
    authenticator_ = std::make_unique<auth::Authenticator>(
        verifier_.get(), token_cache_.get(), &revocations_);
    absl::StatusOr<auth::PolicyTable> policy = IdentityPolicy();
    ASSERT_THAT(policy, IsOk());
    policy_ = std::make_unique<auth::PolicyTable>(*std::move(policy));
    authorizer_ = std::make_unique<auth::CallAuthorizer>(policy_.get(),
                                                         authenticator_.get());
    revocation_store_ = std::make_unique<auth::RevocationStore>(&db());
    sync_ = std::make_unique<auth::RevocationSync>(
        revocation_store_.get(), &cache_, &revocations_, &clock_);
    ASSERT_THAT(sync_->Start(), IsOk());

    TokenPolicy token_policy;
    token_policy.issuer = kIssuer;
    token_policy.audience = kAudience;
    handlers_ = std::make_unique<TokenHandlers>(
        token_policy,
        TokenHandlersDeps{.db = &db(),
                          .directory = directory_.get(),
                          .unit_of_work = unit_of_work_.get(),
                          .users = &users_,
                          .service_accounts = &service_accounts_,
                          .sessions = &sessions_,
                          .hasher = hasher_.get(),
                          .sign_in_throttle = sign_in_throttle_.get(),
                          .sign_up_throttle = sign_up_throttle_.get(),
                          .national_ids = nullptr,
                          .keys = &keys_,
                          .verifier = verifier_.get(),
                          .revocations = &revocations_,
                          .authorizer = authorizer_.get(),
                          .cache = &cache_,
                          .executor = &executor_,
                          .clock = &clock_});
    service_ = std::make_unique<TokenOnlyService>(handlers_.get());
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {service_.get()}, &logger_);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::IdentityService::NewStub(
        ::masar::testing::LocalChannel(server_->port()));
  }

  void TearDown() override {
    server_.reset();
    sync_.reset();
    DatabaseTest::TearDown();
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    if (!token.empty()) {
      context->AddMetadata("authorization", "Bearer " + token);
    }
    return context;
  }

  std::string SignUp(const std::string& email) {
    v1::CreateUserRequest request;
    request.mutable_user()->set_display_name("Amina");
    request.mutable_user()->set_email(email);
    request.mutable_user()->set_preferred_language(common::v1::LANGUAGE_FR);
    request.set_password(kPassword);
    v1::CreateUserResponse response;
    grpc::Status status = stub_->CreateUser(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.user().name();
  }

  grpc::Status SignIn(const std::string& email, const std::string& password,
                      v1::AuthenticateResponse* response) {
    v1::AuthenticateRequest request;
    request.set_email(email);
    request.set_password(password);
    return stub_->Authenticate(Context().get(), request, response);
  }

  v1::TokenGrant SignInOk(const std::string& email,
                          const std::string& password = kPassword) {
    v1::AuthenticateResponse response;
    grpc::Status status = SignIn(email, password, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.has_token());
    return response.token();
  }

  grpc::Status Refresh(const std::string& refresh_token,
                       v1::RefreshTokenResponse* response) {
    v1::RefreshTokenRequest request;
    request.set_refresh_token(refresh_token);
    return stub_->RefreshToken(Context().get(), request, response);
  }

  // Whether the process's authenticator refuses `token` within 5 s (the
  // revocation travels by pub/sub through the cache).
  bool RefusedSoon(const std::string& token) {
    for (int i = 0; i < 100; ++i) {
      if (!authenticator_->Authenticate(token).ok()) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  FakeClock clock_{absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()))};
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  audit::AuditLog audit_log_{&clock_};
  SqlUserRepository users_;
  SqlOrganizationRepository organizations_;
  SqlMemberRepository members_;
  SqlRoleBindingRepository role_bindings_;
  SqlServiceAccountRepository service_accounts_;
  SqlAuditTrail audit_trail_{&audit_log_};
  SqlSessionStore sessions_;
  std::unique_ptr<SqlUnitOfWork> unit_of_work_;
  std::unique_ptr<IdentityDirectory> directory_;
  CountingHash hash_function_;
  std::unique_ptr<PasswordHasher> hasher_;
  cache::MemoryCache cache_{clock_};
  CacheThrottleCounters cache_counters_{cache_};
  std::unique_ptr<SqlThrottleCounters> sql_counters_;
  std::unique_ptr<SignInThrottle> sign_in_throttle_;
  std::unique_ptr<SignInThrottle> sign_up_throttle_;
  auth::SigningKeySet keys_;
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<auth::VerifiedTokenCache> token_cache_;
  auth::RevocationList revocations_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<auth::PolicyTable> policy_;
  std::unique_ptr<auth::CallAuthorizer> authorizer_;
  std::unique_ptr<auth::RevocationStore> revocation_store_;
  std::unique_ptr<auth::RevocationSync> sync_;
  BoundedExecutor executor_{4, 64};
  std::unique_ptr<TokenHandlers> handlers_;
  std::unique_ptr<TokenOnlyService> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

TEST_P(TokenHandlersTest, SignUpThenSignInGivesATokenEveryVerifierAccepts) {
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant grant = SignInOk("AMINA@example.ma");
  EXPECT_EQ(grant.sub(), name);
  EXPECT_THAT(grant.amr(), ElementsAre("pwd"));
  EXPECT_THAT(grant.roles(), IsEmpty());
  EXPECT_FALSE(grant.refresh_token().empty());
  EXPECT_LE(grant.expires_in().seconds(), 15 * 60);

  absl::StatusOr<std::shared_ptr<const auth::Principal>> principal =
      authenticator_->Authenticate(grant.access_token());
  ASSERT_THAT(principal, IsOk());
  EXPECT_EQ((*principal)->subject(), name);
  EXPECT_FALSE((*principal)->session_id().empty());
  EXPECT_FALSE((*principal)->token_id().empty());

  // GetJwks alone is enough to verify it.
  v1::GetJwksResponse jwks;
  ASSERT_TRUE(stub_->GetJwks(Context().get(), {}, &jwks).ok());
  ASSERT_EQ(jwks.keys_size(), 1);
  EXPECT_EQ(jwks.keys(0).alg(), "EdDSA");
  absl::StatusOr<std::string> x = auth::Base64UrlDecode(jwks.keys(0).x());
  ASSERT_THAT(x, IsOk());
  auth::Jwks published;
  ASSERT_THAT(published.Add(auth::Jwk{jwks.keys(0).kid(), *x}), IsOk());
  auth::TokenVerifierOptions options;
  options.issuer = kIssuer;
  options.audience = kAudience;
  auth::TokenVerifier verifier(options, published, &clock_);
  absl::StatusOr<auth::Claims> claims = verifier.Verify(grant.access_token());
  ASSERT_THAT(claims, IsOk());
  EXPECT_EQ(claims->subject, name);
}

TEST_P(TokenHandlersTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  SignUp("amina@example.ma");
  const int before = hash_function_.verifications.load();
  v1::AuthenticateResponse response;
  grpc::Status wrong =
      SignIn("amina@example.ma", "not the password at all", &response);
  grpc::Status unknown = SignIn("nobody@example.ma", kPassword, &response);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.error_code(), wrong.error_code());
  EXPECT_EQ(unknown.error_message(), wrong.error_message());
  // Both ran one verification.
  EXPECT_EQ(hash_function_.verifications.load() - before, 2);
}

TEST_P(TokenHandlersTest, ParallelGuessesCannotPassTheThrottle) {
  SignUp("amina@example.ma");
  const int before = hash_function_.verifications.load();
  std::atomic<int> unauthenticated{0}, throttled{0}, with_delay{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 16; ++i) {
    guessers.emplace_back([&, i] {
      v1::AuthenticateResponse response;
      grpc::Status status = SignIn("amina@example.ma",
                                   absl::StrCat("guess number ", i), &response);
      if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
        ++unauthenticated;
      } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        ++throttled;
        if (RetryDelay(FromGrpcStatus(status)).has_value()) ++with_delay;
      }
    });
  }
  for (std::thread& t : guessers) t.join();
  EXPECT_LE(unauthenticated.load(), 5);
  EXPECT_EQ(unauthenticated.load() + throttled.load(), 16);
  EXPECT_EQ(with_delay.load(), throttled.load());
  EXPECT_LE(hash_function_.verifications.load() - before, 5);
  // Even the right password waits for the window now.
  v1::AuthenticateResponse response;
  EXPECT_EQ(SignIn("amina@example.ma", kPassword, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_P(TokenHandlersTest, MfaEnrolmentThenChallenge) {
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant first = SignInOk("amina@example.ma");

  v1::BeginMfaEnrollmentRequest begin;
  begin.set_name(name);
  v1::BeginMfaEnrollmentResponse pending;
  ASSERT_TRUE(stub_->BeginMfaEnrollment(Context(first.access_token()).get(),
                                        begin, &pending)
                  .ok());
  absl::StatusOr<std::string> secret = Base32Decode(pending.secret());
  ASSERT_THAT(secret, IsOk());
  EXPECT_TRUE(absl::StartsWith(pending.otpauth_uri(), "otpauth://totp/"));

  Totp totp(clock_);
  v1::ConfirmMfaEnrollmentRequest confirm;
  confirm.set_name(name);
  confirm.set_code(totp.CodeAt(*secret, clock_.Now()));
  v1::ConfirmMfaEnrollmentResponse enabled;
  grpc::Status status = stub_->ConfirmMfaEnrollment(
      Context(first.access_token()).get(), confirm, &enabled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(enabled.user().mfa_enabled());

  v1::AuthenticateResponse challenge;
  ASSERT_TRUE(SignIn("amina@example.ma", kPassword, &challenge).ok());
  ASSERT_TRUE(challenge.has_mfa_challenge());
  EXPECT_FALSE(challenge.has_token());

  // The code just used to enrol is a replay.
  v1::VerifyMfaChallengeRequest verify;
  verify.set_mfa_ticket(challenge.mfa_challenge().mfa_ticket());
  verify.set_code(confirm.code());
  v1::VerifyMfaChallengeResponse signed_in;
  EXPECT_EQ(stub_->VerifyMfaChallenge(Context().get(), verify, &signed_in)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  clock_.Advance(absl::Seconds(30));
  verify.set_code(totp.CodeAt(*secret, clock_.Now()));
  status = stub_->VerifyMfaChallenge(Context().get(), verify, &signed_in);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(signed_in.token().amr(), ElementsAre("pwd", "otp"));
  ASSERT_THAT(authenticator_->Authenticate(signed_in.token().access_token()),
              IsOk());

  // The ticket is single-use.
  clock_.Advance(absl::Seconds(30));
  verify.set_code(totp.CodeAt(*secret, clock_.Now()));
  EXPECT_EQ(stub_->VerifyMfaChallenge(Context().get(), verify, &signed_in)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(TokenHandlersTest, RefreshRotatesAndReuseRevokesTheFamily) {
  SignUp("amina@example.ma");
  v1::TokenGrant first = SignInOk("amina@example.ma");

  v1::RefreshTokenResponse second;
  ASSERT_TRUE(Refresh(first.refresh_token(), &second).ok());
  EXPECT_NE(second.token().refresh_token(), first.refresh_token());
  EXPECT_THAT(second.token().amr(), ElementsAre("pwd"));
  ASSERT_THAT(authenticator_->Authenticate(second.token().access_token()),
              IsOk());

  // The first token again: reuse. The whole session ends.
  v1::RefreshTokenResponse ignored;
  EXPECT_EQ(Refresh(first.refresh_token(), &ignored).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Refresh(second.token().refresh_token(), &ignored).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(RefusedSoon(second.token().access_token()));
  EXPECT_TRUE(RefusedSoon(first.access_token()));
}

TEST_P(TokenHandlersTest, RevokedAccessTokenIsRefused) {
  SignUp("amina@example.ma");
  v1::TokenGrant grant = SignInOk("amina@example.ma");
  ASSERT_THAT(authenticator_->Authenticate(grant.access_token()), IsOk());

  v1::RevokeTokenRequest revoke;
  revoke.set_token(grant.access_token());
  v1::RevokeTokenResponse revoked;
  ASSERT_TRUE(
      stub_->RevokeToken(Context(grant.access_token()).get(), revoke, &revoked)
          .ok());
  EXPECT_TRUE(RefusedSoon(grant.access_token()));
  // The session itself goes on.
  v1::RefreshTokenResponse next;
  EXPECT_TRUE(Refresh(grant.refresh_token(), &next).ok());
}

TEST_P(TokenHandlersTest, ChangePasswordEndsOtherSessions) {
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant mine = SignInOk("amina@example.ma");
  v1::TokenGrant other = SignInOk("amina@example.ma");

  v1::ChangePasswordRequest change;
  change.set_name(name);
  change.set_current_password(kPassword);
  change.set_new_password("a brand new passphrase");
  v1::ChangePasswordResponse changed;
  grpc::Status status = stub_->ChangePassword(
      Context(mine.access_token()).get(), change, &changed);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_TRUE(RefusedSoon(other.access_token()));
  v1::RefreshTokenResponse next;
  EXPECT_EQ(Refresh(other.refresh_token(), &next).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(authenticator_->Authenticate(mine.access_token()), IsOk());
  EXPECT_TRUE(Refresh(mine.refresh_token(), &next).ok());

  v1::AuthenticateResponse response;
  EXPECT_EQ(SignIn("amina@example.ma", kPassword, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  SignInOk("amina@example.ma", "a brand new passphrase");
}

INSTANTIATE_TEST_SUITE_P(, TokenHandlersTest,
                         ::testing::Values(sql::Dialect::kSqlite),
                         ::masar::testing::DialectName);

}  // namespace
}  // namespace masar::identity
