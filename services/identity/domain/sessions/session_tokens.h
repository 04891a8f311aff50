#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SESSION_TOKENS_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SESSION_TOKENS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/signing_key_set.h"
#include "common/clock/clock.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/session_store.h"

namespace masar::identity {

struct TokenPolicy {
  // The `iss` and `aud` of every access token.
  std::string issuer;
  std::string audience;
  // At most auth::kMaxTokenLifetime.
  absl::Duration access_token_lifetime = absl::Minutes(15);
  // How long an unused refresh token is accepted.
  absl::Duration refresh_token_lifetime = absl::Hours(24 * 7);
  // The absolute limit of a session from sign-in, whatever the refreshes.
  absl::Duration session_lifetime = absl::Hours(24 * 30);
  // How long a device token (see SignInThrottle) is accepted unused; every
  // sign-in that presents it replaces it with a new one of this lifetime.
  absl::Duration device_token_lifetime = absl::Hours(24 * 90);
};

// What a sign-in or refresh hands out, before it becomes a TokenGrant.
struct IssuedTokens {
  std::string access_token;
  std::string token_id;    // jti
  std::string session_id;  // sid; empty for service accounts
  std::string subject;
  std::vector<std::string> roles;
  std::vector<std::string> amr;
  absl::Time issued_at;
  absl::Time expires_at;
  std::string refresh_token;  // empty for service accounts
  absl::Time refresh_expire_time;
};

// A random opaque token (32 bytes, base64url): refresh tokens, MFA tickets,
// device tokens.
std::string NewOpaqueToken();
// What the store keeps of an opaque token: its SHA-256, hex.
std::string OpaqueTokenDigest(absl::string_view token);

// Issues access tokens and the sessions' refresh tokens, inside the caller's
// transaction (the rows commit with the change that signs in). The access
// token's `roles` are the principal's current bindings; PLATFORM_ADMIN is
// left out of a user's token unless its sign-in verified a TOTP code
// ("otp" in `amr`): MFA is required for it, so a password-only session
// (the bootstrap admin's first one) can do what any user can, enrolment in
// MFA included, and nothing more. Thread-safe.
class SessionTokens {
 public:
  // All must outlive this object.
  SessionTokens(TokenPolicy policy, const auth::SigningKeySet* keys,
                SessionStore* sessions, IdentityDirectory* directory,
                const Clock* clock);

  // A new session for a user: the session row, its first refresh token and
  // an access token.
  absl::StatusOr<IssuedTokens> StartSession(Transaction& tx,
                                            const std::string& subject,
                                            std::vector<std::string> amr);

  // The next tokens of `session` (whose presented refresh token the caller
  // consumed): a new refresh token in the same family and an access token.
  absl::StatusOr<IssuedTokens> ContinueSession(Transaction& tx,
                                               const Session& session);

  // An access token only (service accounts): no session, no amr.
  absl::StatusOr<IssuedTokens> AccessTokenOnly(Transaction& tx,
                                               const std::string& subject);

  // The roles a token for `subject` would carry now.
  absl::StatusOr<std::vector<std::string>> RolesFor(
      Transaction& tx, const std::string& subject,
      const std::vector<std::string>& amr, bool is_user);

  const TokenPolicy& policy() const { return policy_; }

 private:
  absl::Status SignAccessToken(IssuedTokens& tokens, absl::Time now);
  absl::Status AddRefreshToken(Transaction& tx, const Session& session,
                               IssuedTokens& tokens, absl::Time now);
  // Now in whole seconds, as the token's NumericDates carry it.
  absl::Time Now() const;

  const TokenPolicy policy_;
  const auth::SigningKeySet* keys_;
  SessionStore* sessions_;
  IdentityDirectory* directory_;
  const Clock* clock_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SESSION_TOKENS_H_
