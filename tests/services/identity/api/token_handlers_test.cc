// TokenHandlers through a real in-process server on SQLite and PostgreSQL,
// with a MemoryCache for throttling and revocation pub/sub, and a fake clock that
// the TOTP codes are computed at.
#include "services/identity/api/token_handlers.h"

#include <arpa/inet.h>
#include <grpcpp/create_channel_posix.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
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
#include "common/auth/token_signer.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/crypto/random.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/server.h"
#include "common/grpc/status.h"
#include "common/idempotency/idempotency.h"
#include "common/ids/ids.h"
#include "common/log/logger.h"
#include "common/net/trusted_proxies.h"
#include "common/status/status_macros.h"
#include "common/sql/migrations.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/bootstrap_admin.h"
#include "services/identity/api/directory_handlers.h"
#include "services/identity/api/identity_policy.h"
#include "services/identity/credentials/argon2id.h"
#include "services/identity/credentials/client_secret.h"
#include "services/identity/credentials/base32.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "services/identity/credentials/sql_throttle_counters.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/store/identity_store_migrations.h"
#include "common/audit/sql_audit_trail.h"
#include "services/identity/store/sql_member_repository.h"
#include "services/identity/store/sql_organization_repository.h"
#include "services/identity/store/sql_role_binding_repository.h"
#include "services/identity/store/sql_service_account_repository.h"
#include "services/identity/store/sql_identity_store.h"
#include "services/identity/store/sql_revocation_log.h"
#include "services/identity/store/sql_session_store.h"
#include "services/identity/store/sql_user_repository.h"
#include "tests/services/identity/store/migrated_identity_store.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/sql/test_database.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kIssuer[] = "masar-identity";
constexpr char kAudience[] = "masar";
constexpr char kPassword[] = "correct horse battery";
// The one trusted proxy of the fixture's server.
constexpr char kProxy[] = "127.0.0.10";

// Argon2id at test strength, counting the verifications that reach it.
class CountingHash final : public PasswordHashFunction {
 public:
  absl::StatusOr<std::string> Hash(absl::string_view password) override {
    ++hashes;
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
  std::atomic<int> hashes{0};

 private:
  Argon2id inner_{1, size_t{1} << 16};
};

// How 16 parallel calls ended: refused as wrong (UNAUTHENTICATED), or
// throttled (RESOURCE_EXHAUSTED), and how many of those carried a delay.
struct Tally {
  int wrong = 0;
  int throttled = 0;
  int with_delay = 0;
};

Tally InParallel(const std::function<grpc::Status(int)>& call) {
  std::atomic<int> wrong{0}, throttled{0}, with_delay{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 16; ++i) {
    callers.emplace_back([&, i] {
      grpc::Status status = call(i);
      if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
        ++wrong;
      } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        ++throttled;
        if (RetryDelay(FromGrpcStatus(status)).has_value()) ++with_delay;
      }
    });
  }
  for (std::thread& t : callers) t.join();
  return Tally{wrong.load(), throttled.load(), with_delay.load()};
}

// A channel whose one connection to 127.0.0.1:`port` comes from `source`
// (127.0.0.2, ...): gRPC 1.51 cannot choose a client's local address, so
// the socket is bound and connected here and handed over.
std::shared_ptr<grpc::Channel> ChannelFrom(const std::string& source,
                                           int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof(server)) != 0) {
    ADD_FAILURE() << "cannot connect from " << source;
    if (fd >= 0) close(fd);
    return nullptr;
  }
  return grpc::CreateInsecureChannelFromFd(source, fd);
}

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
    ASSERT_THAT(MigrateIdentityStore(db()), IsOk());
    store_ = std::make_unique<SqlIdentityStore>(&db(), &cache_, &clock_);
    directory_ = std::make_unique<IdentityDirectory>(store_->ports());
    absl::StatusOr<std::unique_ptr<PasswordHasher>> hasher =
        PasswordHasher::Create(hash_function_, {.queue_capacity = 32});
    ASSERT_THAT(hasher, IsOk());
    hasher_ = *std::move(hasher);
    sql_counters_ = std::make_unique<SqlThrottleCounters>(db(), clock_);
    idempotency_ =
        std::make_unique<idempotency::IdempotentRunner>(&db(), &clock_);
    absl::StatusOr<std::unique_ptr<TotpSecretCipher>> totp_secrets =
        TotpSecretCipher::Create(crypto::RandomBytes(32));
    ASSERT_THAT(totp_secrets, IsOk());
    totp_secrets_ = *std::move(totp_secrets);
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

    absl::StatusOr<net::TrustedProxies> proxies =
        net::TrustedProxies::Parse({kProxy});
    ASSERT_THAT(proxies, IsOk());
    trusted_proxies_ = *std::move(proxies);
    TokenPolicy token_policy;
    token_policy.issuer = kIssuer;
    token_policy.audience = kAudience;
    handlers_ = std::make_unique<TokenHandlers>(
        token_policy,
        TokenHandlersDeps{.directory = directory_.get(),
                          .unit_of_work = &store_->unit_of_work(),
                          .users = &store_->users(),
                          .service_accounts = &store_->service_accounts(),
                          .sessions = &store_->sessions(),
                          .revocation_log = &store_->revocations(),
                          .hasher = hasher_.get(),
                          .sign_in_throttle = sign_in_throttle_.get(),
                          .sign_up_throttle = sign_up_throttle_.get(),
                          .national_ids = nullptr,
                          .totp_secrets = totp_secrets_.get(),
                          .idempotency = idempotency_.get(),
                          .keys = &keys_,
                          .verifier = verifier_.get(),
                          .revocations = &revocations_,
                          .authorizer = authorizer_.get(),
                          .runner = &runner_,
                          .clock = &clock_,
                          .trusted_proxies = &trusted_proxies_});
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
    // The users' cache's repair thread reads the database, which goes next.
    handlers_.reset();
    directory_.reset();
    store_.reset();
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

  static v1::CreateUserRequest SignUpRequest(const std::string& email) {
    v1::CreateUserRequest request;
    request.mutable_user()->set_display_name("Amina");
    request.mutable_user()->set_email(email);
    request.mutable_user()->set_preferred_language(common::v1::LANGUAGE_FR);
    request.set_password(kPassword);
    return request;
  }

  std::string SignUp(const std::string& email) {
    const v1::CreateUserRequest request = SignUpRequest(email);
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

  // Authenticate from the address `source`, presenting `device_token` (may
  // be empty) and, when not empty, `forwarded_for` as x-forwarded-for.
  grpc::Status SignInFrom(const std::string& source, const std::string& email,
                          const std::string& password,
                          const std::string& device_token,
                          v1::AuthenticateResponse* response,
                          const std::string& forwarded_for = "") {
    std::shared_ptr<grpc::Channel> channel =
        ChannelFrom(source, server_->port());
    if (channel == nullptr) return grpc::Status(grpc::StatusCode::INTERNAL, "");
    v1::AuthenticateRequest request;
    request.set_email(email);
    request.set_password(password);
    request.set_device_token(device_token);
    std::unique_ptr<grpc::ClientContext> context = Context();
    if (!forwarded_for.empty()) {
      context->AddMetadata("x-forwarded-for", forwarded_for);
    }
    return v1::IdentityService::NewStub(channel)->Authenticate(
        context.get(), request, response);
  }

  // The status codes of `n` wrong passwords from `source`.
  std::vector<grpc::StatusCode> WrongPasswordsFrom(
      const std::string& source, int n, const std::string& device_token = "",
      const std::string& forwarded_for = "") {
    std::vector<grpc::StatusCode> codes;
    for (int i = 0; i < n; ++i) {
      v1::AuthenticateResponse response;
      codes.push_back(SignInFrom(source, "amina@example.ma", "wrong guess",
                                 device_token, &response, forwarded_for)
                          .error_code());
    }
    return codes;
  }

  // Whether the store holds the device token `token`.
  bool DeviceTokenStored(const std::string& token) {
    bool found = false;
    EXPECT_THAT(store_->unit_of_work().RunReadOnly([&](Transaction& tx) {
      ASSIGN_OR_RETURN(std::optional<DeviceToken> device,
                       store_->sessions().FindDeviceToken(tx, OpaqueTokenDigest(token)));
      found = device.has_value();
      return absl::OkStatus();
    }),
                IsOk());
    return found;
  }

  grpc::Status Refresh(const std::string& refresh_token,
                       v1::RefreshTokenResponse* response) {
    v1::RefreshTokenRequest request;
    request.set_refresh_token(refresh_token);
    return stub_->RefreshToken(Context().get(), request, response);
  }

  // Enrols `name` (signed in as `token`) in MFA; the raw secret. The clock
  // then moves one step on, so the next code is not the enrolment's.
  std::string EnrollMfa(const std::string& name, const std::string& token) {
    v1::BeginMfaEnrollmentRequest begin;
    begin.set_name(name);
    v1::BeginMfaEnrollmentResponse pending;
    grpc::Status status =
        stub_->BeginMfaEnrollment(Context(token).get(), begin, &pending);
    EXPECT_TRUE(status.ok()) << status.error_message();
    absl::StatusOr<std::string> secret = Base32Decode(pending.secret());
    EXPECT_THAT(secret, IsOk());
    if (!secret.ok()) return "";
    v1::ConfirmMfaEnrollmentRequest confirm;
    confirm.set_name(name);
    confirm.set_code(Totp(clock_).CodeAt(*secret, clock_.Now()));
    v1::ConfirmMfaEnrollmentResponse enabled;
    status = stub_->ConfirmMfaEnrollment(Context(token).get(), confirm, &enabled);
    EXPECT_TRUE(status.ok()) << status.error_message();
    clock_.Advance(absl::Seconds(30));
    return *secret;
  }

  // A sign-in's MFA ticket (the password was right and MFA is on).
  std::string MfaTicket(const std::string& email) {
    v1::AuthenticateResponse response;
    grpc::Status status = SignIn(email, kPassword, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.has_mfa_challenge());
    return response.mfa_challenge().mfa_ticket();
  }

  grpc::Status VerifyCode(const std::string& ticket, const std::string& code,
                          v1::VerifyMfaChallengeResponse* response) {
    v1::VerifyMfaChallengeRequest verify;
    verify.set_mfa_ticket(ticket);
    verify.set_code(code);
    return stub_->VerifyMfaChallenge(Context().get(), verify, response);
  }

  // A 6-digit code that no step near now accepts for `secret`.
  std::string WrongCode(const std::string& secret, int seed) {
    Totp totp(clock_);
    for (int n = seed;; n += 7919) {
      std::string code = absl::StrCat(100000 + n % 900000);
      bool valid = false;
      for (int step = -2; step <= 2; ++step) {
        valid |= code ==
                 totp.CodeAt(secret, clock_.Now() + absl::Seconds(30 * step));
      }
      if (!valid) return code;
    }
  }

  // A PLATFORM_ADMIN for seeding through the domain.
  static Actor Administrator() {
    return Actor(auth::Principal("users/seeding-admin",
                                 {{auth::Role::kPlatformAdmin, "*"}}));
  }

  // A service account holding SERVICE at "*"; its client id and secret.
  std::pair<std::string, std::string> SeedServiceAccount(
      const std::string& id) {
    const std::string secret = NewClientSecret();
    absl::StatusOr<ServiceAccount> sa = RunInTransaction(
        store_->unit_of_work(), *directory_, &IdentityDirectory::CreateServiceAccount,
        Administrator(),
        NewServiceAccount{.service_account_id = id,
                          .display_name = "Onboarding",
                          .description = "",
                          .secret_hash = HashClientSecret(secret)});
    EXPECT_THAT(sa, IsOk());
    if (!sa.ok()) return {};
    EXPECT_THAT(
        RunInTransaction(store_->unit_of_work(), *directory_,
                         &IdentityDirectory::CreateRoleBinding, Administrator(),
                         NewRoleBinding{sa->name(), Role::kService, "*"}),
        IsOk());
    return {sa->client_id, secret};
  }

  grpc::Status SignInClient(const std::string& client_id,
                            const std::string& secret,
                            v1::AuthenticateServiceAccountResponse* response) {
    v1::AuthenticateServiceAccountRequest request;
    request.set_client_id(client_id);
    request.set_client_secret(secret);
    return stub_->AuthenticateServiceAccount(Context().get(), request,
                                             response);
  }

  // IntrospectToken of `token`, called by a fresh service account token.
  v1::IntrospectTokenResponse Introspect(const std::string& caller,
                                         const std::string& token) {
    v1::IntrospectTokenRequest request;
    request.set_token(token);
    v1::IntrospectTokenResponse response;
    grpc::Status status =
        stub_->IntrospectToken(Context(caller).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
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
  std::unique_ptr<IdentityDirectory> directory_;
  CountingHash hash_function_;
  std::unique_ptr<PasswordHasher> hasher_;
  cache::MemoryCache cache_{clock_};
  std::unique_ptr<SqlIdentityStore> store_;
  CacheThrottleCounters cache_counters_{cache_};
  std::unique_ptr<SqlThrottleCounters> sql_counters_;
  std::unique_ptr<idempotency::IdempotentRunner> idempotency_;
  std::unique_ptr<TotpSecretCipher> totp_secrets_;
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
  net::TrustedProxies trusted_proxies_;
  BoundedExecutor executor_{4, 64};
  UnaryCallRunner runner_{&executor_};
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
  const Tally tally = InParallel([&](int i) {
    v1::AuthenticateResponse response;
    return SignIn("amina@example.ma", absl::StrCat("guess number ", i),
                  &response);
  });
  EXPECT_LE(tally.wrong, 5);
  EXPECT_EQ(tally.wrong + tally.throttled, 16);
  EXPECT_EQ(tally.with_delay, tally.throttled);
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

// Device tokens (issue #8): the owner cannot be locked out by others.

TEST_P(TokenHandlersTest, OwnersKnownDeviceSignsInWhileOthersSpendTheBudget) {
  SignUp("amina@example.ma");
  v1::AuthenticateResponse first;
  ASSERT_TRUE(
      SignInFrom("127.0.0.2", "amina@example.ma", kPassword, "", &first).ok());
  const std::string device = first.device_token();
  ASSERT_FALSE(device.empty());
  // Four sources spend the account's budget of 20 wrong passwords.
  for (const std::string source :
       {"127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"}) {
    EXPECT_THAT(WrongPasswordsFrom(source, 5),
                Each(grpc::StatusCode::UNAUTHENTICATED));
  }
  // A new device, even with the right password, is throttled; so is one
  // presenting a token that is no device token (the same answer as none).
  v1::AuthenticateResponse response;
  EXPECT_EQ(SignInFrom("127.0.0.7", "amina@example.ma", kPassword, "", &response)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(SignInFrom("127.0.0.7", "amina@example.ma", kPassword,
                       NewOpaqueToken(), &response)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The owner's device signs in at once, and its token rotates.
  grpc::Status status =
      SignInFrom("127.0.0.2", "amina@example.ma", kPassword, device, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.has_token());
  const std::string rotated = response.device_token();
  EXPECT_FALSE(rotated.empty());
  EXPECT_NE(rotated, device);
  EXPECT_FALSE(DeviceTokenStored(device));
  EXPECT_EQ(SignInFrom("127.0.0.2", "amina@example.ma", kPassword, device,
                       &response)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The device token stolen and used from elsewhere meets the pair limit.
  EXPECT_THAT(WrongPasswordsFrom("127.0.0.8", 6, rotated),
              ElementsAre(grpc::StatusCode::UNAUTHENTICATED,
                          grpc::StatusCode::UNAUTHENTICATED,
                          grpc::StatusCode::UNAUTHENTICATED,
                          grpc::StatusCode::UNAUTHENTICATED,
                          grpc::StatusCode::UNAUTHENTICATED,
                          grpc::StatusCode::RESOURCE_EXHAUSTED));
}

TEST_P(TokenHandlersTest, AnotherAccountsDeviceTokenIsNoDeviceToken) {
  SignUp("amina@example.ma");
  SignUp("omar@example.ma");
  v1::AuthenticateResponse omar;
  ASSERT_TRUE(
      SignInFrom("127.0.0.2", "omar@example.ma", kPassword, "", &omar).ok());
  for (const std::string source :
       {"127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"}) {
    WrongPasswordsFrom(source, 5);
  }
  v1::AuthenticateResponse response;
  EXPECT_EQ(SignInFrom("127.0.0.2", "amina@example.ma", kPassword,
                       omar.device_token(), &response)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(DeviceTokenStored(omar.device_token()));
}

TEST_P(TokenHandlersTest, ChangePasswordEndsTheDeviceTokens) {
  const std::string name = SignUp("amina@example.ma");
  v1::AuthenticateResponse signed_in;
  ASSERT_TRUE(SignInFrom("127.0.0.2", "amina@example.ma", kPassword, "",
                         &signed_in)
                  .ok());
  ASSERT_TRUE(DeviceTokenStored(signed_in.device_token()));
  v1::ChangePasswordRequest change;
  change.set_name(name);
  change.set_current_password(kPassword);
  change.set_new_password("a brand new passphrase");
  v1::ChangePasswordResponse changed;
  grpc::Status status = stub_->ChangePassword(
      Context(signed_in.token().access_token()).get(), change, &changed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(DeviceTokenStored(signed_in.device_token()));
}

TEST_P(TokenHandlersTest, MfaSignInIssuesTheDeviceTokenWithTheTokens) {
  const std::string name = SignUp("amina@example.ma");
  v1::AuthenticateResponse first;
  ASSERT_TRUE(
      SignInFrom("127.0.0.2", "amina@example.ma", kPassword, "", &first).ok());
  const std::string secret = EnrollMfa(name, first.token().access_token());
  v1::AuthenticateResponse challenge;
  ASSERT_TRUE(SignInFrom("127.0.0.2", "amina@example.ma", kPassword,
                         first.device_token(), &challenge)
                  .ok());
  ASSERT_TRUE(challenge.has_mfa_challenge());
  EXPECT_EQ(challenge.device_token(), "");
  v1::VerifyMfaChallengeRequest verify;
  verify.set_mfa_ticket(challenge.mfa_challenge().mfa_ticket());
  verify.set_code(Totp(clock_).CodeAt(secret, clock_.Now()));
  verify.set_device_token(first.device_token());
  v1::VerifyMfaChallengeResponse verified;
  grpc::Status status =
      stub_->VerifyMfaChallenge(Context().get(), verify, &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(verified.device_token().empty());
  EXPECT_TRUE(DeviceTokenStored(verified.device_token()));
  EXPECT_FALSE(DeviceTokenStored(first.device_token()));
}

TEST_P(TokenHandlersTest, BehindATrustedProxyEachForwardedClientIsASource) {
  SignUp("amina@example.ma");
  // Through the proxy: the client it names is the source.
  EXPECT_THAT(WrongPasswordsFrom(kProxy, 6, "", "198.51.100.1"),
              Contains(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_THAT(WrongPasswordsFrom(kProxy, 5, "", "198.51.100.2"),
              Each(grpc::StatusCode::UNAUTHENTICATED));
  // Anyone else's x-forwarded-for is ignored: one source however it lies.
  std::vector<grpc::StatusCode> spoofed;
  for (int i = 0; i < 6; ++i) {
    std::vector<grpc::StatusCode> one = WrongPasswordsFrom(
        "127.0.0.3", 1, "", absl::StrCat("203.0.113.", i));
    spoofed.push_back(one.front());
  }
  EXPECT_EQ(spoofed.back(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// request_id (DESIGN section 3).

TEST_P(TokenHandlersTest, SignUpRepeatByRequestIdReturnsTheFirstUser) {
  v1::CreateUserRequest request = SignUpRequest("amina@example.ma");
  request.set_request_id(NewUuid());
  v1::CreateUserResponse first, repeat;
  ASSERT_TRUE(stub_->CreateUser(Context().get(), request, &first).ok());
  grpc::Status status = stub_->CreateUser(Context().get(), request, &repeat);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(repeat.user().name(), first.user().name());
  EXPECT_EQ(repeat.user().etag(), first.user().etag());

  request.mutable_user()->set_display_name("Someone else");
  status = stub_->CreateUser(Context().get(), request, &repeat);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));

  // Without a request id the same email is taken.
  v1::CreateUserRequest again = SignUpRequest("amina@example.ma");
  EXPECT_EQ(stub_->CreateUser(Context().get(), again, &repeat).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_P(TokenHandlersTest, SignUpRepeatWithAnotherPasswordIsAnsweredUnhashed) {
  v1::CreateUserRequest request = SignUpRequest("amina@example.ma");
  request.set_request_id(NewUuid());
  v1::CreateUserResponse first, repeat;
  ASSERT_TRUE(stub_->CreateUser(Context().get(), request, &first).ok());
  // The password is left out of the request's digest: a retry that
  // carries another one is the same request, answered from the record
  // before any hashing, and the first password stays.
  const int hashes = hash_function_.hashes.load();
  request.set_password("another good passphrase");
  grpc::Status status = stub_->CreateUser(Context().get(), request, &repeat);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(repeat.user().name(), first.user().name());
  EXPECT_EQ(hash_function_.hashes.load(), hashes);
  SignInOk("amina@example.ma");
  v1::AuthenticateResponse response;
  EXPECT_EQ(SignIn("amina@example.ma", "another good passphrase", &response)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(TokenHandlersTest, ChangePasswordRepeatChangesNothing) {
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant mine = SignInOk("amina@example.ma");
  v1::ChangePasswordRequest change;
  change.set_name(name);
  change.set_current_password(kPassword);
  change.set_new_password("a brand new passphrase");
  change.set_request_id(NewUuid());
  v1::ChangePasswordResponse changed;
  ASSERT_TRUE(
      stub_->ChangePassword(Context(mine.access_token()).get(), change, &changed)
          .ok());
  // The repeat presents the old password, which no longer matches: it
  // gets the first answer and changes nothing.
  const int verifications = hash_function_.verifications.load();
  grpc::Status status = stub_->ChangePassword(
      Context(mine.access_token()).get(), change, &changed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  change.set_new_password("yet another passphrase");
  ASSERT_TRUE(
      stub_->ChangePassword(Context(mine.access_token()).get(), change, &changed)
          .ok());
  EXPECT_EQ(hash_function_.verifications.load(), verifications);
  SignInOk("amina@example.ma", "a brand new passphrase");
  v1::AuthenticateResponse response;
  EXPECT_EQ(SignIn("amina@example.ma", "yet another passphrase", &response)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(TokenHandlersTest, ChangePasswordRecordsAreEachCallersOwn) {
  const std::string amina = SignUp("amina@example.ma");
  const std::string omar = SignUp("omar@example.ma");
  const std::string request_id = NewUuid();
  for (const auto& [name, email] :
       {std::pair{amina, "amina@example.ma"}, {omar, "omar@example.ma"}}) {
    v1::ChangePasswordRequest change;
    change.set_name(name);
    change.set_current_password(kPassword);
    change.set_new_password("a brand new passphrase");
    change.set_request_id(request_id);
    v1::ChangePasswordResponse changed;
    grpc::Status status = stub_->ChangePassword(
        Context(SignInOk(email).access_token()).get(), change, &changed);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // Omar's call with Amina's request id was his own change, not a repeat.
  SignInOk("amina@example.ma", "a brand new passphrase");
  SignInOk("omar@example.ma", "a brand new passphrase");
}

TEST_P(TokenHandlersTest, BeginMfaRepeatDoesNotShowTheSecretAgain) {
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant grant = SignInOk("amina@example.ma");
  v1::BeginMfaEnrollmentRequest begin;
  begin.set_name(name);
  begin.set_request_id(NewUuid());
  v1::BeginMfaEnrollmentResponse first, repeat;
  ASSERT_TRUE(stub_->BeginMfaEnrollment(Context(grant.access_token()).get(),
                                        begin, &first)
                  .ok());
  ASSERT_FALSE(first.secret().empty());
  ASSERT_TRUE(stub_->BeginMfaEnrollment(Context(grant.access_token()).get(),
                                        begin, &repeat)
                  .ok());
  EXPECT_TRUE(repeat.secret().empty());
  EXPECT_TRUE(repeat.otpauth_uri().empty());
  EXPECT_EQ(repeat.expire_time().seconds(), first.expire_time().seconds());

  // The repeat did not replace the pending secret: the first one confirms.
  absl::StatusOr<std::string> secret = Base32Decode(first.secret());
  ASSERT_THAT(secret, IsOk());
  v1::ConfirmMfaEnrollmentRequest confirm;
  confirm.set_name(name);
  confirm.set_code(Totp(clock_).CodeAt(*secret, clock_.Now()));
  confirm.set_request_id(NewUuid());
  v1::ConfirmMfaEnrollmentResponse enabled, enabled_again;
  ASSERT_TRUE(stub_->ConfirmMfaEnrollment(Context(grant.access_token()).get(),
                                          confirm, &enabled)
                  .ok());
  // A repeat of the confirmation answers the same, not "already enabled".
  grpc::Status status = stub_->ConfirmMfaEnrollment(
      Context(grant.access_token()).get(), confirm, &enabled_again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(enabled_again.user().mfa_enabled());
  EXPECT_EQ(enabled_again.user().etag(), enabled.user().etag());
}

// TOTP secrets at rest.

TEST_P(TokenHandlersTest, TotpSecretIsStoredSealedForItsUser) {
  const std::string name = SignUp("amina@example.ma");
  const std::string id = name.substr(std::string("users/").size());
  v1::TokenGrant grant = SignInOk("amina@example.ma");
  const std::string secret = EnrollMfa(name, grant.access_token());
  ASSERT_FALSE(secret.empty());

  User stored;
  ASSERT_THAT(store_->unit_of_work().RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(stored, store_->users().Get(tx, id));
    return absl::OkStatus();
  }),
              IsOk());
  EXPECT_NE(stored.totp_secret_ciphertext, secret);
  EXPECT_THAT(stored.totp_secret_ciphertext, Not(HasSubstr(secret)));
  EXPECT_THAT(totp_secrets_->Open(id, stored.totp_secret_ciphertext),
              IsOkAndHolds(secret));
  EXPECT_THAT(totp_secrets_->Open("another-user", stored.totp_secret_ciphertext),
              StatusIs(absl::StatusCode::kDataLoss));
}

// DisableMfa.

TEST_P(TokenHandlersTest, DisableMfaNeedsAValidCodeThenSignInAsksNoCode) {
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant grant = SignInOk("amina@example.ma");
  const std::string secret = EnrollMfa(name, grant.access_token());

  v1::DisableMfaRequest disable;
  disable.set_name(name);
  v1::DisableMfaResponse disabled;
  EXPECT_EQ(stub_->DisableMfa(Context(grant.access_token()).get(), disable,
                              &disabled)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  disable.set_code(WrongCode(secret, 1));
  grpc::Status status =
      stub_->DisableMfa(Context(grant.access_token()).get(), disable, &disabled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("code"));
  ASSERT_TRUE(MfaTicket("amina@example.ma").size() > 0);  // MFA still on

  disable.set_code(Totp(clock_).CodeAt(secret, clock_.Now()));
  disable.set_request_id(NewUuid());
  status =
      stub_->DisableMfa(Context(grant.access_token()).get(), disable, &disabled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(disabled.user().mfa_enabled());
  // Its repeat answers the same rather than "MFA is not enabled".
  v1::DisableMfaResponse repeat;
  status =
      stub_->DisableMfa(Context(grant.access_token()).get(), disable, &repeat);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(repeat.user().etag(), disabled.user().etag());

  v1::TokenGrant after = SignInOk("amina@example.ma");
  EXPECT_THAT(after.amr(), ElementsAre("pwd"));
}

// Throttles.

TEST_P(TokenHandlersTest, ParallelWrongMfaCodesCannotPassTheThrottle) {
  const std::string name = SignUp("amina@example.ma");
  const std::string secret =
      EnrollMfa(name, SignInOk("amina@example.ma").access_token());
  // Three tickets allow 15 codes between them; the user's budget is 5 per
  // source.
  const std::vector<std::string> tickets = {MfaTicket("amina@example.ma"),
                                            MfaTicket("amina@example.ma"),
                                            MfaTicket("amina@example.ma")};
  std::vector<std::string> codes;
  for (int i = 0; i < 16; ++i) codes.push_back(WrongCode(secret, i));
  const Tally tally = InParallel([&](int i) {
    v1::VerifyMfaChallengeResponse response;
    return VerifyCode(tickets[i % 3], codes[i], &response);
  });
  EXPECT_LE(tally.wrong, 5);
  EXPECT_EQ(tally.wrong + tally.throttled, 16);
  EXPECT_EQ(tally.with_delay, tally.throttled);

  // The right code waits too, on a fresh ticket as well, for a delay that
  // never passes the cap.
  v1::VerifyMfaChallengeResponse response;
  const std::string right = Totp(clock_).CodeAt(secret, clock_.Now());
  grpc::Status refused =
      VerifyCode(MfaTicket("amina@example.ma"), right, &response);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_LE(*RetryDelay(FromGrpcStatus(refused)), absl::Minutes(15));
}

TEST_P(TokenHandlersTest, ParallelBadRefreshTokensCannotPassTheThrottle) {
  SignUp("amina@example.ma");
  v1::TokenGrant grant = SignInOk("amina@example.ma");
  const Tally tally = InParallel([&](int i) {
    v1::RefreshTokenResponse response;
    return Refresh(absl::StrCat("made-up-token-", i), &response);
  });
  EXPECT_LE(tally.wrong, 5);
  EXPECT_EQ(tally.wrong + tally.throttled, 16);
  EXPECT_EQ(tally.with_delay, tally.throttled);
  // A session's own budget is not the garbage's: it still refreshes.
  v1::RefreshTokenResponse next;
  EXPECT_TRUE(Refresh(grant.refresh_token(), &next).ok());

  // Replaying a rotated token over and over is held back per session,
  // with a delay that grows.
  std::vector<absl::Duration> delays;
  for (int i = 0; i < 8; ++i) {
    v1::RefreshTokenResponse ignored;
    std::optional<absl::Duration> delay = RetryDelay(
        FromGrpcStatus(Refresh(grant.refresh_token(), &ignored)));
    if (delay.has_value()) delays.push_back(*delay);
  }
  EXPECT_THAT(delays, ElementsAre(absl::Seconds(1), absl::Seconds(2),
                                  absl::Seconds(4)));
}

// AuthenticateServiceAccount.

TEST_P(TokenHandlersTest, ServiceAccountSignsInWithItsSecret) {
  const auto [client_id, secret] = SeedServiceAccount("onboarding");
  v1::AuthenticateServiceAccountResponse response;
  grpc::Status status = SignInClient(client_id, secret, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.token().sub(), "serviceAccounts/onboarding");
  EXPECT_THAT(response.token().roles(), ElementsAre("SERVICE@*"));
  EXPECT_THAT(response.token().amr(), IsEmpty());
  EXPECT_TRUE(response.token().refresh_token().empty());
  absl::StatusOr<std::shared_ptr<const auth::Principal>> principal =
      authenticator_->Authenticate(response.token().access_token());
  ASSERT_THAT(principal, IsOk());
  EXPECT_TRUE((*principal)->IsServiceAccount());
  EXPECT_TRUE((*principal)->HasRole(auth::Role::kService, "*"));
}

TEST_P(TokenHandlersTest, ServiceAccountRefusalsAllLookTheSame) {
  const auto [client_id, secret] = SeedServiceAccount("onboarding");
  const auto [disabled_id, disabled_secret] = SeedServiceAccount("mentoring");
  const auto [deleted_id, deleted_secret] = SeedServiceAccount("partnerships");
  ASSERT_THAT(RunInTransaction(store_->unit_of_work(), *directory_,
                               &IdentityDirectory::DisableServiceAccount,
                               Administrator(),
                               NameAndEtag{"serviceAccounts/mentoring", ""}),
              IsOk());
  ASSERT_THAT(RunInTransaction(store_->unit_of_work(), *directory_,
                               &IdentityDirectory::DeleteServiceAccount,
                               Administrator(),
                               NameAndEtag{"serviceAccounts/partnerships", ""}),
              IsOk());
  std::string wrong = secret;
  wrong[0] = wrong[0] == '0' ? '1' : '0';

  v1::AuthenticateServiceAccountResponse response;
  const grpc::Status wrong_secret = SignInClient(client_id, wrong, &response);
  const grpc::Status disabled =
      SignInClient(disabled_id, disabled_secret, &response);
  const grpc::Status deleted =
      SignInClient(deleted_id, deleted_secret, &response);
  const grpc::Status unknown = SignInClient("no-such-client", secret, &response);
  for (const grpc::Status& status : {wrong_secret, disabled, deleted, unknown}) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(status.error_message(), wrong_secret.error_message());
  }
  EXPECT_FALSE(response.has_token());
}

// IntrospectToken.

TEST_P(TokenHandlersTest, IntrospectionTellsActiveTokensFromTheRest) {
  const auto [client_id, secret] = SeedServiceAccount("onboarding");
  auto caller = [&, client_id = client_id, secret = secret] {
    v1::AuthenticateServiceAccountResponse response;
    EXPECT_TRUE(SignInClient(client_id, secret, &response).ok());
    return response.token().access_token();
  };
  const std::string name = SignUp("amina@example.ma");
  v1::TokenGrant grant = SignInOk("amina@example.ma");

  v1::IntrospectTokenResponse active = Introspect(caller(), grant.access_token());
  EXPECT_TRUE(active.active());
  EXPECT_EQ(active.token_type(), v1::TOKEN_TYPE_ACCESS_TOKEN);
  EXPECT_EQ(active.sub(), name);
  EXPECT_THAT(active.amr(), ElementsAre("pwd"));
  EXPECT_EQ(active.iss(), kIssuer);
  EXPECT_TRUE(Introspect(caller(), grant.refresh_token()).active());

  for (const char* garbage : {"garbage", "not.a.token", "a.b"}) {
    v1::IntrospectTokenResponse answer = Introspect(caller(), garbage);
    EXPECT_FALSE(answer.active()) << garbage;
    EXPECT_TRUE(answer.sub().empty()) << garbage;
  }

  // Revoked.
  v1::TokenGrant other = SignInOk("amina@example.ma");
  v1::RevokeTokenRequest revoke;
  revoke.set_token(other.access_token());
  v1::RevokeTokenResponse revoked;
  ASSERT_TRUE(
      stub_->RevokeToken(Context(other.access_token()).get(), revoke, &revoked)
          .ok());
  ASSERT_TRUE(RefusedSoon(other.access_token()));
  EXPECT_FALSE(Introspect(caller(), other.access_token()).active());
  EXPECT_TRUE(Introspect(caller(), grant.access_token()).active());

  // Expired.
  clock_.Advance(absl::Minutes(16));
  EXPECT_FALSE(Introspect(caller(), grant.access_token()).active());
}

// PLATFORM_ADMIN needs MFA.

TEST_P(TokenHandlersTest, PlatformAdminRoleNeedsAnMfaSignIn) {
  absl::StatusOr<std::string> admin =
      BootstrapAdmin(*directory_, store_->unit_of_work(), store_->users(), *hasher_,
                     "admin@example.ma", kPassword);
  ASSERT_THAT(admin, IsOk());
  ASSERT_FALSE(admin->empty());

  // Password only: a token without the role, enough to enrol.
  v1::TokenGrant password_only = SignInOk("admin@example.ma");
  EXPECT_THAT(password_only.roles(), Not(Contains("PLATFORM_ADMIN@*")));
  absl::StatusOr<std::shared_ptr<const auth::Principal>> principal =
      authenticator_->Authenticate(password_only.access_token());
  ASSERT_THAT(principal, IsOk());
  EXPECT_FALSE((*principal)->HasRole(auth::Role::kPlatformAdmin, "*"));
  const std::string secret = EnrollMfa(*admin, password_only.access_token());
  // A refresh of the password-only session does not gain it either.
  v1::RefreshTokenResponse refreshed;
  ASSERT_TRUE(Refresh(password_only.refresh_token(), &refreshed).ok());
  EXPECT_THAT(refreshed.token().roles(), Not(Contains("PLATFORM_ADMIN@*")));

  // Now sign-in asks for the code, and the role comes with it.
  v1::AuthenticateResponse challenge;
  ASSERT_TRUE(SignIn("admin@example.ma", kPassword, &challenge).ok());
  ASSERT_TRUE(challenge.has_mfa_challenge());
  EXPECT_FALSE(challenge.has_token());
  v1::VerifyMfaChallengeResponse signed_in;
  ASSERT_TRUE(VerifyCode(challenge.mfa_challenge().mfa_ticket(),
                         Totp(clock_).CodeAt(secret, clock_.Now()), &signed_in)
                  .ok());
  EXPECT_THAT(signed_in.token().roles(), Contains("PLATFORM_ADMIN@*"));
  EXPECT_THAT(signed_in.token().amr(), ElementsAre("pwd", "otp"));

  // And MFA cannot be turned off while the role is held.
  v1::DisableMfaRequest disable;
  disable.set_name(*admin);
  disable.set_code(Totp(clock_).CodeAt(secret, clock_.Now() + absl::Seconds(30)));
  v1::DisableMfaResponse disabled;
  EXPECT_EQ(stub_->DisableMfa(Context(signed_in.token().access_token()).get(),
                              disable, &disabled)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

INSTANTIATE_DATABASE_TEST_SUITE_P(TokenHandlersTest);

}  // namespace
}  // namespace masar::identity
