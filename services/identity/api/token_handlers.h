#ifndef MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_
#define MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/principal.h"
#include "common/auth/revocation.h"
#include "common/auth/revocation_list.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_verifier.h"
#include "common/cache/cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/idempotency/idempotency.h"
#include "common/net/trusted_proxies.h"
#include "common/idempotency/recorded_call.h"
#include "common/sql/database.h"
#include "google/protobuf/message.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "services/identity/api/refresh_tokens.h"
#include "services/identity/credentials/national_id_cipher.h"
#include "services/identity/credentials/password_hasher.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "services/identity/credentials/totp.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/session_store.h"

namespace masar::identity {

// What TokenHandlers works through; none is owned, all must outlive it.
struct TokenHandlersDeps {
  // The identity store: the directory's ports run over it (sql::SqlUnitOfWork),
  // and it holds the revocation (auth::RevocationMigrations),
  // throttle and session tables.
  sql::Database* db = nullptr;
  IdentityDirectory* directory = nullptr;
  UnitOfWork* unit_of_work = nullptr;
  UserRepository* users = nullptr;
  ServiceAccountRepository* service_accounts = nullptr;
  SessionStore* sessions = nullptr;
  PasswordHasher* hasher = nullptr;
  // Per (email, source) and per email, for sign-in and the wrong-password
  // check of ChangePassword; per (user, source) and per user
  // (MfaThrottleAccount) for every TOTP code checked (VerifyMfaChallenge,
  // ConfirmMfaEnrollment, DisableMfa); per (session, source) and per
  // session for RefreshToken (RefreshThrottleAccount).
  SignInThrottle* sign_in_throttle = nullptr;
  // Per source for sign-up, checked as Check("sign-up", source): give it a
  // pair_limit of sign-ups per source and a very high account_limit.
  SignInThrottle* sign_up_throttle = nullptr;
  // Optional: without it a sign-up carrying a national_id is refused.
  const NationalIdCipher* national_ids = nullptr;
  // Seals the users' TOTP secrets at rest (`<data-dir>/keys/totp.key`).
  const TotpSecretCipher* totp_secrets = nullptr;
  // Over `db` (idempotency::IdempotencyMigrations applied): the request-id
  // records of sign-up, ChangePassword and the MFA methods, written in the
  // transaction of the change. The one DirectoryHandlers uses will do.
  idempotency::IdempotentRunner* idempotency = nullptr;
  const auth::SigningKeySet* keys = nullptr;
  // Verifies access tokens presented to RevokeToken and IntrospectToken.
  auth::TokenVerifier* verifier = nullptr;
  // This process's revocation list (IntrospectToken).
  const auth::RevocationList* revocations = nullptr;
  // IdentityPolicy() over the process's Authenticator.
  const auth::CallAuthorizer* authorizer = nullptr;
  // Where revocations are published after commit (PublishRevocation).
  cache::Cache* cache = nullptr;
  // Runs SQL and cache work; never Argon2, which runs on the hasher's own
  // thread and hands back here.
  BoundedExecutor* executor = nullptr;
  const Clock* clock = nullptr;
  // Whose `x-forwarded-for` names the client (the throttles' source); null
  // or empty: nobody's, the peer's address is the source.
  const net::TrustedProxies* trusted_proxies = nullptr;
};

// The identity RPCs of sign-up, sign-in (password, MFA, client credentials),
// refresh, revocation, introspection, JWKS, password change and MFA
// enrolment. Every call is authorized first (public methods read no token);
// blocking work runs on the executor, password hashing on the hasher's
// thread through its callback API, so no executor thread waits on Argon2.
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
  using Principal = std::shared_ptr<const auth::Principal>;
  // A step of a call on the executor: a status finishes the call, nullopt
  // means the step handed the call on (to the hasher) and will finish later.
  using Step = absl::AnyInvocable<std::optional<absl::Status>() &&>;

  // Authorizes the call, then runs `step` on the executor; a full executor
  // is RESOURCE_EXHAUSTED with a retry delay.
  grpc::ServerUnaryReactor* Start(
      grpc::CallbackServerContext* context, absl::string_view method,
      absl::AnyInvocable<std::optional<absl::Status>(
          Principal, grpc::ServerUnaryReactor*) &&> step);
  void Schedule(grpc::ServerUnaryReactor* reactor, Step step);
  // A hasher callback's continuation, back on the executor.
  template <typename T>
  void AfterHashing(grpc::ServerUnaryReactor* reactor,
                    absl::AnyInvocable<std::optional<absl::Status>(
                        absl::StatusOr<T>) &&> next,
                    absl::StatusOr<T> result);

  // The request-id record of `method` (short name) called by `principal`;
  // `undigested` as for idempotency::RequestDigest.
  static idempotency::RecordedCall RecordedCallOf(
      absl::string_view principal, absl::string_view method,
      const google::protobuf::Message& request,
      std::initializer_list<absl::string_view> undigested = {});
  // The throttle's account for TOTP codes checked for one user, and for
  // refreshes of one session.
  static std::string MfaThrottleAccount(absl::string_view user_id);
  static std::string RefreshThrottleAccount(absl::string_view session_id);
  // The throttle's account for a refresh token or MFA ticket that names no
  // session or user: the source's own, so that one source sending garbage
  // is held back without a shared budget others could exhaust.
  static std::string UnknownCredentialAccount(absl::string_view kind,
                                              absl::string_view source);
  // Whether a throttle reservation should be given back: the attempt got no
  // verdict (the hasher was full or stopping).
  static bool NoVerdict(const absl::Status& status);

  // Runs `attempt` (a code or refresh-token check) under the throttle's
  // reservation for (account, source), taken first so parallel attempts
  // cannot pass the limit: tokens clear the pair's failures, a refusal
  // (nullopt) keeps the reservation as a failure, an error gives it back.
  absl::StatusOr<std::optional<IssuedTokens>> Throttled(
      const std::string& account, const std::string& source,
      absl::FunctionRef<absl::StatusOr<std::optional<IssuedTokens>>()>
          attempt);

  // Sign-in (sign_in.cc).
  // One password attempt as the throttle counts it: `device` is the digest
  // of `device_token` when that is a valid device token of `account`, else
  // empty (an unknown client).
  struct SignInAttempt {
    std::string account;  // the normalised email
    std::string source;
    std::string device;
    std::string device_token;  // as presented, to rotate on success
  };
  std::optional<absl::Status> PasswordStep(
      grpc::ServerUnaryReactor* reactor, const v1::AuthenticateRequest& request,
      std::string source, v1::AuthenticateResponse* response);
  absl::Status FinishPasswordSignIn(const std::optional<User>& user,
                                    const SignInAttempt& attempt,
                                    absl::StatusOr<bool> verdict,
                                    v1::AuthenticateResponse* response);
  // The digest of `device_token` when it is an unexpired device token of
  // the active user whose normalised email is `account`; empty otherwise,
  // whatever the reason, so that the answer is the same as without one.
  absl::StatusOr<std::string> KnownDevice(const std::string& account,
                                          const std::string& device_token);
  // A new device token for `user_id`, stored in `tx`; `presented` (may be
  // empty or invalid) stops working if it was one of that user's.
  absl::StatusOr<std::string> RotateDeviceToken(Transaction& tx,
                                                const std::string& user_id,
                                                const std::string& presented);
  absl::Status VerifyChallenge(const v1::VerifyMfaChallengeRequest& request,
                               const std::string& source,
                               v1::VerifyMfaChallengeResponse* response);
  // The user an unused, unexpired ticket was issued to, or empty.
  absl::StatusOr<std::string> TicketHolder(const std::string& ticket_digest);
  // Checks `code` against `digest`'s ticket inside one transaction: the
  // tokens when it matched (and the rotated `device_token`), nullopt for a
  // refusal (counted on the ticket).
  absl::StatusOr<std::optional<IssuedTokens>> RedeemTicket(
      const std::string& digest, absl::string_view code,
      const std::string& presented_device_token, std::string& device_token);
  absl::Status SignInServiceAccount(
      const v1::AuthenticateServiceAccountRequest& request,
      const std::string& source,
      v1::AuthenticateServiceAccountResponse* response);

  // Sessions (session_handlers.cc).
  absl::Status Refresh(const std::string& refresh_token,
                       const std::string& source,
                       v1::RefreshTokenResponse* response);
  // The session (family) of the refresh token `digest`, or empty.
  absl::StatusOr<std::string> FamilyOf(const std::string& digest);
  // Rotates the refresh token `digest` inside one transaction: the next
  // tokens, or nullopt for a refusal (a reuse ends the family, whose
  // revocation is appended to `revoked`).
  absl::StatusOr<std::optional<IssuedTokens>> Rotate(
      const std::string& digest, std::vector<auth::Revocation>& revoked);
  absl::Status Revoke(const auth::Principal& caller,
                      const v1::RevokeTokenRequest& request);
  absl::Status Introspect(const v1::IntrospectTokenRequest& request,
                          v1::IntrospectTokenResponse* response);
  // Ends `session` inside `tx`: marks it revoked and records the revocation
  // of its sid, appended to `revoked` for publication after commit.
  absl::Status EndSession(Transaction& tx, const std::string& session_id,
                          std::vector<auth::Revocation>& revoked);
  // Ends every session of `subject` but `keep` (may be empty).
  absl::Status EndOtherSessions(Transaction& tx, const std::string& subject,
                                const std::string& keep,
                                std::vector<auth::Revocation>& revoked);
  void Publish(const std::vector<auth::Revocation>& revoked);

  // Password and MFA (account_security.cc).
  static idempotency::RecordedCall SignUpCall(const v1::CreateUserRequest& request);
  std::optional<absl::Status> SignUpStep(grpc::ServerUnaryReactor* reactor,
                                         const v1::CreateUserRequest* request,
                                         const std::string& source,
                                         v1::CreateUserResponse* response);
  absl::Status FinishSignUp(const v1::CreateUserRequest& request,
                            absl::StatusOr<std::string> password_hash,
                            v1::CreateUserResponse* response);
  static idempotency::RecordedCall ChangePasswordCall(
      const auth::Principal& caller, const v1::ChangePasswordRequest& request);
  std::optional<absl::Status> ChangePasswordStep(
      grpc::ServerUnaryReactor* reactor, Principal caller,
      const v1::ChangePasswordRequest* request,
      v1::ChangePasswordResponse* response, std::string source);
  std::optional<absl::Status> StoreNewPassword(
      grpc::ServerUnaryReactor* reactor, Principal caller,
      const v1::ChangePasswordRequest* request,
      v1::ChangePasswordResponse* response, absl::StatusOr<bool> verdict,
      const std::string& account, const std::string& source);
  absl::Status ReplacePassword(const auth::Principal& caller,
                               const v1::ChangePasswordRequest& request,
                               absl::StatusOr<std::string> hash,
                               v1::ChangePasswordResponse* response);
  // Settles the reservation Check(account, source) made before a TOTP code
  // was checked through idempotency::RunRecorded (`ran`): a verified code clears the
  // pair's failures, a repeat answered from its record gives the attempt
  // back, a failure keeps it.
  absl::Status SettleCodeCheck(const std::string& account,
                               const std::string& source,
                               const absl::StatusOr<bool>& ran);
  absl::Status BeginMfa(const auth::Principal& caller,
                        const v1::BeginMfaEnrollmentRequest& request,
                        v1::BeginMfaEnrollmentResponse* response);
  // A fresh pending secret for user `id`: the response shows it, the
  // recorded replay does not.
  absl::StatusOr<idempotency::Outcome> StartEnrollment(Transaction& tx,
                                                       const std::string& id,
                                                       absl::string_view name);
  absl::Status ConfirmMfa(const auth::Principal& caller,
                          const v1::ConfirmMfaEnrollmentRequest& request,
                          const std::string& source,
                          v1::ConfirmMfaEnrollmentResponse* response);
  absl::Status TurnOffMfa(const auth::Principal& caller,
                          const v1::DisableMfaRequest& request,
                          const std::string& source,
                          v1::DisableMfaResponse* response);
  // Clears user `id`'s MFA; the code is checked unless `admin`.
  absl::StatusOr<User> RemoveMfa(Transaction& tx, const std::string& id,
                                 const v1::DisableMfaRequest& request,
                                 bool admin);
  // The user the caller names, who must be the caller (NOT_FOUND otherwise,
  // as for anything the caller may not see).
  absl::StatusOr<std::string> OwnUserId(const auth::Principal& caller,
                                        absl::string_view name);

  // The caller's address without its port ("ipv4:10.0.0.7:51234" ->
  // "ipv4:10.0.0.7"), the throttles' source: one client opening many
  // connections is still one source. Behind a trusted proxy, the client it
  // names in `x-forwarded-for` (net::TrustedProxies::ClientOf). The
  // throttles keep only its digest.
  std::string SourceOf(const grpc::ServerContextBase& context) const;

  void FillGrant(const IssuedTokens& tokens, v1::TokenGrant* grant) const;
  absl::Time Now() const { return deps_.clock->Now(); }

  TokenHandlersDeps deps_;
  SessionTokens tokens_;
  Totp totp_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_
