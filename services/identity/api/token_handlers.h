#ifndef MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_
#define MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <string>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/caller.h"
#include "common/auth/revocation_list.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_verifier.h"
#include "common/clock/clock.h"
#include "common/grpc/rpc_scaffold.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/idempotency/recorded_call.h"
#include "common/net/trusted_proxies.h"
#include "google/protobuf/message.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "services/identity/credentials/national_id_cipher.h"
#include "services/identity/credentials/password_hasher.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/revocation_log.h"
#include "services/identity/domain/session_store.h"
#include "services/identity/domain/sessions/account_security.h"
#include "services/identity/domain/sessions/session_tokens.h"
#include "services/identity/domain/sessions/sessions.h"
#include "services/identity/domain/sessions/sign_in.h"

namespace masar::identity {

// What TokenHandlers works through; none is owned, all must outlive it.
struct TokenHandlersDeps {
  IdentityDirectory* directory = nullptr;
  // The token side's ports (see TokenPorts).
  UnitOfWork* unit_of_work = nullptr;
  UserRepository* users = nullptr;
  ServiceAccountRepository* service_accounts = nullptr;
  SessionStore* sessions = nullptr;
  RevocationLog* revocation_log = nullptr;
  PasswordHasher* hasher = nullptr;
  // See TokenPorts::throttle.
  SignInThrottle* sign_in_throttle = nullptr;
  // Per source for sign-up, checked as Check("sign-up", source): give it a
  // pair_limit of sign-ups per source and a very high account_limit.
  SignInThrottle* sign_up_throttle = nullptr;
  // Optional: without it a sign-up carrying a national_id is refused.
  const NationalIdCipher* national_ids = nullptr;
  // Seals the users' TOTP secrets at rest (`<data-dir>/keys/totp.key`).
  const TotpSecretCipher* totp_secrets = nullptr;
  // Over the identity database (idempotency::IdempotencyMigrations
  // applied): the request-id records of sign-up, ChangePassword and the MFA
  // methods, written in the transaction of the change.
  idempotency::IdempotentRunner* idempotency = nullptr;
  const auth::SigningKeySet* keys = nullptr;
  // Verifies access tokens presented to RevokeToken and IntrospectToken.
  auth::TokenVerifier* verifier = nullptr;
  // This process's revocation list (IntrospectToken).
  const auth::RevocationList* revocations = nullptr;
  // IdentityPolicy() over the process's Authenticator.
  const auth::CallAuthorizer* authorizer = nullptr;
  // Runs SQL and cache work on the service's executor; never Argon2, which
  // runs on the hasher's own thread and continues the call here.
  UnaryCallRunner* runner = nullptr;
  const Clock* clock = nullptr;
  // Whose `x-forwarded-for` names the client (the throttles' source); null
  // or empty: nobody's, the peer's address is the source.
  const net::TrustedProxies* trusted_proxies = nullptr;
};

// The identity RPCs of sign-up, sign-in (password, MFA, client credentials),
// refresh, revocation, introspection, JWKS, password change and MFA
// enrolment: proto <-> domain over SignIn, Sessions and AccountSecurity
// (services/identity/domain/sessions). Every call goes through the
// RpcScaffold; password hashing runs on the hasher's thread through its
// callback API and continues the call on the executor
// (UnaryCallRunner::PendingCall), so no executor thread waits on Argon2.
class TokenHandlers {
 public:
  TokenHandlers(TokenPolicy policy, TokenHandlersDeps deps);

  grpc::ServerUnaryReactor* CreateUser(grpc::CallbackServerContext* context,
      const v1::CreateUserRequest* request, v1::CreateUserResponse* response);
  grpc::ServerUnaryReactor* ChangePassword(grpc::CallbackServerContext* context,
      const v1::ChangePasswordRequest* request, v1::ChangePasswordResponse* response);
  grpc::ServerUnaryReactor* BeginMfaEnrollment(grpc::CallbackServerContext* context,
      const v1::BeginMfaEnrollmentRequest* request, v1::BeginMfaEnrollmentResponse* response);
  grpc::ServerUnaryReactor* ConfirmMfaEnrollment(grpc::CallbackServerContext* context,
      const v1::ConfirmMfaEnrollmentRequest* request, v1::ConfirmMfaEnrollmentResponse* response);
  grpc::ServerUnaryReactor* DisableMfa(grpc::CallbackServerContext* context,
      const v1::DisableMfaRequest* request, v1::DisableMfaResponse* response);
  grpc::ServerUnaryReactor* Authenticate(grpc::CallbackServerContext* context,
      const v1::AuthenticateRequest* request, v1::AuthenticateResponse* response);
  grpc::ServerUnaryReactor* VerifyMfaChallenge(grpc::CallbackServerContext* context,
      const v1::VerifyMfaChallengeRequest* request, v1::VerifyMfaChallengeResponse* response);
  grpc::ServerUnaryReactor* AuthenticateServiceAccount(grpc::CallbackServerContext* context,
      const v1::AuthenticateServiceAccountRequest* request, v1::AuthenticateServiceAccountResponse* response);
  grpc::ServerUnaryReactor* RefreshToken(grpc::CallbackServerContext* context,
      const v1::RefreshTokenRequest* request, v1::RefreshTokenResponse* response);
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
      const v1::RevokeTokenRequest* request, v1::RevokeTokenResponse* response);
  grpc::ServerUnaryReactor* IntrospectToken(grpc::CallbackServerContext* context,
      const v1::IntrospectTokenRequest* request, v1::IntrospectTokenResponse* response);
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
      const v1::GetJwksRequest* request, v1::GetJwksResponse* response);

 private:
  using PendingCall = UnaryCallRunner::PendingCall;

  // The hasher's callback for `call`: hands the result back to the
  // executor at once (it runs on the hasher's thread), where `next` goes
  // on. When the executor is full the call is refused with a retry delay,
  // and an attempt keeps its throttle reservation (counted as a failure):
  // releasing it would need a blocking call on the hasher's thread.
  template <typename T>
  static absl::AnyInvocable<void(absl::StatusOr<T>)> OnExecutor(
      PendingCall call,
      absl::AnyInvocable<void(absl::StatusOr<T>, PendingCall) &&> next) {
    return [pending = std::move(call),
            next = std::move(next)](absl::StatusOr<T> result) mutable {
      std::move(pending).Continue([next = std::move(next),
                                   result = std::move(result)](
                                      PendingCall resumed) mutable {
        std::move(next)(std::move(result), std::move(resumed));
      });
    };
  }

  // Password sign-in, after the hasher's verdict.
  absl::Status FinishPasswordSignIn(const PasswordAttempt& attempt,
                                    absl::StatusOr<bool> verdict,
                                    v1::AuthenticateResponse* response);

  // Password and MFA (account_security.cc). A record is the call's
  // request-id record, which the scaffold keys and digests without the
  // request's secrets.
  using Record = RpcScaffold::Record;
  void SignUp(const v1::CreateUserRequest& request, Record record,
              const std::string& source, PendingCall call);
  absl::Status FinishSignUp(const v1::CreateUserRequest& request,
                            const Record& record,
                            absl::StatusOr<std::string> password_hash);
  void CheckCurrentPassword(const auth::Caller& caller,
                            const v1::ChangePasswordRequest& request,
                            Record record, const std::string& source,
                            PendingCall call);
  void StoreNewPassword(const auth::Caller& caller,
                        const v1::ChangePasswordRequest& request,
                        Record record, absl::StatusOr<bool> verdict,
                        const std::string& account, const std::string& source,
                        PendingCall call);
  absl::Status ReplacePassword(const auth::Caller& caller,
                               const v1::ChangePasswordRequest& request,
                               const Record& record,
                               absl::StatusOr<std::string> hash);
  absl::StatusOr<idempotency::Outcome> BeginMfa(
      Transaction& tx, const auth::Caller& caller,
      const v1::BeginMfaEnrollmentRequest& request);
  absl::Status ConfirmMfa(const auth::Caller& caller,
                          const v1::ConfirmMfaEnrollmentRequest& request,
                          const std::string& source, const Record& record);
  absl::Status TurnOffMfa(const auth::Caller& caller,
                          const v1::DisableMfaRequest& request,
                          const std::string& source, const Record& record);

  // The caller's address without its port ("ipv4:10.0.0.7:51234" ->
  // "ipv4:10.0.0.7"), the throttles' source: one client opening many
  // connections is still one source. Behind a trusted proxy, the client it
  // names in `x-forwarded-for` (net::TrustedProxies::ClientOf). The
  // throttles keep only its digest.
  std::string SourceOf(const grpc::ServerContextBase& context) const;

  TokenHandlersDeps deps_;
  RpcScaffold scaffold_;
  SessionTokens tokens_;
  SignIn sign_in_;
  Sessions sessions_;
  AccountSecurity account_security_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_
