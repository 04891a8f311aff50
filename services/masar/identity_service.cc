#include "services/masar/identity_service.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/audit/audit_log.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/revocation_store.h"
#include "common/auth/revocation_sync.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/keys/key_directory.h"
#include "common/net/trusted_proxies.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/api/bootstrap_admin.h"
#include "services/identity/api/directory_handlers.h"
#include "services/identity/api/identity_grpc_service.h"
#include "services/identity/api/identity_policy.h"
#include "services/identity/api/token_handlers.h"
#include "services/identity/credentials/argon2id.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "services/identity/credentials/national_id_cipher.h"
#include "services/identity/credentials/password_hasher.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "services/identity/credentials/sql_throttle_counters.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/store/identity_store_migrations.h"
#include "services/identity/store/identity_store_purger.h"
#include "services/identity/store/sql_identity_store.h"

namespace masar {
namespace {

using namespace identity;  // NOLINT: this file wires identity's parts

// Owns every part, in construction order; handlers last.
class IdentityService final : public HostedService {
 public:
  IdentityService(const ServiceContext& c, IdentityOptions options)
      : context_(c),
        options_(std::move(options)),
        store_(c.db, c.cache, c.clock),
        directory_(store_.ports()),
        cache_counters_(*c.cache),
        sql_counters_(*c.db, *c.clock),
        sign_in_throttle_(cache_counters_, sql_counters_),
        sign_up_throttle_(cache_counters_, sql_counters_, SignUpLimits()),
        runner_(c.executor),
        idempotency_(c.db, c.clock),
        revocation_store_(c.db) {}

  absl::Status Init() {
    ASSIGN_OR_RETURN(hasher_, PasswordHasher::Create(argon2_));
    RETURN_IF_ERROR(OpenCiphers());
    ASSIGN_OR_RETURN(trusted_proxies_,
                     net::TrustedProxies::Parse(options_.trusted_proxies));
    ASSIGN_OR_RETURN(auth::PolicyTable policy, IdentityPolicy());
    policy_ = std::make_unique<auth::PolicyTable>(std::move(policy));
    authorizer_ = std::make_unique<auth::CallAuthorizer>(
        policy_.get(), context_.auth->authenticator.get());
    // Revocations this process's tokens must honour, from identity's own
    // store: caught up at start, pushed by pub/sub, polled as a safety net.
    revocation_sync_ = std::make_unique<auth::RevocationSync>(
        &revocation_store_, context_.cache, &context_.auth->revocations,
        context_.clock);
    if (absl::Status s = revocation_sync_->Start(); !s.ok()) {
      context_.logger->Warning("revocation sync degraded",
                               {{"error", std::string(s.message())}});
    }
    BuildHandlers();
    // Expired sessions, MFA tickets, throttle counters, request-id records
    // and revocations; stopped by its destructor.
    purger_ = std::make_unique<IdentityStorePurger>(context_.db, context_.clock,
                                                    context_.logger);
    purger_->Start();
    return Bootstrap();
  }

  absl::Status OpenCiphers() {
    std::optional<keys::KeySet> generated;
    const keys::KeySet* held = context_.keys;
    if (held == nullptr) {
      ASSIGN_OR_RETURN(generated,
                       keys::DataDirKeys(context_.data_dir,
                                         {keys::KeyKind::kTotp,
                                          keys::KeyKind::kNationalId,
                                          keys::KeyKind::kNationalIdLookup}));
      held = &*generated;
    }
    ASSIGN_OR_RETURN(const keys::KeyRing* sealing,
                     held->Get(keys::KeyKind::kNationalId));
    ASSIGN_OR_RETURN(const keys::KeyRing* lookup,
                     held->Get(keys::KeyKind::kNationalIdLookup));
    ASSIGN_OR_RETURN(const keys::KeyRing* totp,
                     held->Get(keys::KeyKind::kTotp));
    ASSIGN_OR_RETURN(national_ids_, NationalIdCipher::Create(*sealing, *lookup));
    ASSIGN_OR_RETURN(totp_secrets_, TotpSecretCipher::Create(*totp));
    return absl::OkStatus();
  }

  absl::string_view service_name() const override {
    return grpc_service_->service_name();
  }
  grpc::Service* grpc_service() override {
    return grpc_service_->grpc_service();
  }

 private:
  static SignInThrottleOptions SignUpLimits() {
    SignInThrottleOptions options;
    options.pair_limit = 100;         // sign-ups per source per window
    options.account_limit = 1 << 30;  // one shared "account": no global cap
    return options;
  }

  void BuildHandlers() {
    directory_handlers_ = std::make_unique<DirectoryHandlers>(
        DirectoryHandlersDeps{&directory_, authorizer_.get(), &runner_,
                              &idempotency_, context_.db, context_.clock,
                              national_ids_.get(),
                              context_.audit_checkpoint_file,
                              context_.audit_checkpoint_public_keys,
                              store_.users_cache()});
    TokenPolicy token_policy;
    token_policy.issuer = kTokenIssuer;
    token_policy.audience = kTokenAudience;
    TokenHandlersDeps deps;
    deps.directory = &directory_;
    deps.unit_of_work = &store_.unit_of_work();
    deps.users = &store_.users();
    deps.service_accounts = &store_.service_accounts();
    deps.sessions = &store_.sessions();
    deps.revocation_log = &store_.revocations();
    deps.hasher = hasher_.get();
    deps.sign_in_throttle = &sign_in_throttle_;
    deps.sign_up_throttle = &sign_up_throttle_;
    deps.national_ids = national_ids_.get();
    deps.keys = &context_.auth->keys;
    deps.verifier = context_.auth->verifier.get();
    deps.revocations = &context_.auth->revocations;
    deps.authorizer = authorizer_.get();
    deps.runner = &runner_;
    deps.idempotency = &idempotency_;
    deps.totp_secrets = totp_secrets_.get();
    deps.clock = context_.clock;
    deps.trusted_proxies = &trusted_proxies_;
    token_handlers_ =
        std::make_unique<TokenHandlers>(std::move(token_policy), deps);
    revocation_handlers_ = std::make_unique<RevocationHandlers>(
        RevocationHandlersDeps{authorizer_.get(), &runner_,
                               &revocation_store_, &store_.outbox()});
    grpc_service_ = std::make_unique<IdentityGrpcService>(
        directory_handlers_.get(), token_handlers_.get(),
        revocation_handlers_.get());
  }

  absl::Status Bootstrap() {
    if (options_.bootstrap_admin_email.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::string admin,
                     BootstrapAdmin(directory_, store_.unit_of_work(), store_.users(), *hasher_,
                                    options_.bootstrap_admin_email,
                                    options_.bootstrap_admin_password));
    if (!admin.empty()) {
      context_.logger->Info("bootstrap administrator created",
                            {{"user", admin}});
    }
    return absl::OkStatus();
  }

  const ServiceContext context_;
  const IdentityOptions options_;
  // Every SQL adapter of identity's ports, its outbox and the users' cache.
  SqlIdentityStore store_;
  IdentityDirectory directory_;
  Argon2id argon2_;
  std::unique_ptr<PasswordHasher> hasher_;
  CacheThrottleCounters cache_counters_;
  SqlThrottleCounters sql_counters_;
  SignInThrottle sign_in_throttle_;
  SignInThrottle sign_up_throttle_;
  std::unique_ptr<NationalIdCipher> national_ids_;
  std::unique_ptr<TotpSecretCipher> totp_secrets_;
  net::TrustedProxies trusted_proxies_;
  UnaryCallRunner runner_;
  idempotency::IdempotentRunner idempotency_;
  auth::RevocationStore revocation_store_;
  std::unique_ptr<auth::RevocationSync> revocation_sync_;
  std::unique_ptr<IdentityStorePurger> purger_;
  std::unique_ptr<auth::PolicyTable> policy_;
  std::unique_ptr<auth::CallAuthorizer> authorizer_;
  std::unique_ptr<DirectoryHandlers> directory_handlers_;
  std::unique_ptr<TokenHandlers> token_handlers_;
  std::unique_ptr<RevocationHandlers> revocation_handlers_;
  std::unique_ptr<IdentityGrpcService> grpc_service_;
};

}  // namespace

IdentityOptions IdentityOptionsFrom(const ServeConfig& config) {
  return IdentityOptions{
      .bootstrap_admin_email = config.bootstrap_admin_email,
      .bootstrap_admin_password = config.bootstrap_admin_password,
      .trusted_proxies = config.trusted_proxies};
}

absl::StatusOr<std::vector<sql::MigrationSet>> IdentityMigrations() {
  std::vector<sql::MigrationSet> sets;
  for (auto make : {&identity::IdentityStoreMigrations,
                    &identity::ThrottleMigrations,
                    &auth::RevocationMigrations}) {
    ASSIGN_OR_RETURN(sql::MigrationSet set, make());
    sets.push_back(std::move(set));
  }
  return sets;
}

absl::StatusOr<std::unique_ptr<HostedService>> MakeIdentityService(
    const ServiceContext& context, IdentityOptions options) {
  auto service =
      std::make_unique<IdentityService>(context, std::move(options));
  RETURN_IF_ERROR(service->Init());
  return std::unique_ptr<HostedService>(std::move(service));
}

}  // namespace masar
