#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SESSIONS_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SESSIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/revocation_list.h"
#include "common/auth/token_verifier.h"
#include "services/identity/domain/sessions/session_tokens.h"
#include "services/identity/domain/sessions/token_ports.h"

namespace masar::identity {

// What IntrospectToken tells of a token (RFC 7662): nothing but
// `active = false` for a token that is unknown, expired, revoked or whose
// subject may no longer sign in.
struct Introspection {
  enum class Kind { kAccessToken, kRefreshToken };
  bool active = false;
  Kind kind = Kind::kAccessToken;
  std::string subject;
  std::vector<std::string> roles;
  std::vector<std::string> amr;
  std::string issuer;
  std::string audience;
  std::string token_id;   // access tokens
  std::string session_id;
  std::string client_id;  // service accounts' access tokens
  absl::Time issue_time;
  absl::Time expire_time;
};

// Sessions after sign-in: a session is a refresh-token family. A refresh
// rotates the token; presenting a used one again is a reuse (the token was
// stolen, or its owner's copy was), which ends the whole family. Ending a
// session records its revocation (RevocationLog) in the same transaction,
// so its access tokens stop working in every process. Thread-safe.
class Sessions {
 public:
  // All must outlive this object; `revocations` may be null (introspection
  // then consults the store alone).
  Sessions(TokenPorts ports, SessionTokens* tokens,
           auth::TokenVerifier* verifier,
           const auth::RevocationList* revocations);

  // The next tokens of the refresh token's session; InvalidRefreshToken for
  // an unknown, used, expired or ended one. Throttled per (session, source).
  absl::StatusOr<IssuedTokens> Refresh(const std::string& refresh_token,
                                       const std::string& source);

  // RFC 7009: revokes an access token (its jti) or a refresh token (its
  // whole session) of the caller's, any when the caller is a
  // PLATFORM_ADMIN. Unknown, expired or someone else's: OK, nothing
  // changes.
  absl::Status Revoke(const auth::Caller& caller, const std::string& token);

  absl::StatusOr<Introspection> Introspect(const std::string& token);

  // Ends `session_id` in `tx`: marks it revoked and records its revocation.
  absl::Status EndSession(Transaction& tx, const std::string& session_id);
  // Ends every active session of `subject` but `keep` (may be empty).
  absl::Status EndOtherSessions(Transaction& tx, const std::string& subject,
                                const std::string& keep);

 private:
  // The session (family) of the refresh token `digest`, or empty.
  absl::StatusOr<std::string> FamilyOf(const std::string& digest);
  // Rotates the refresh token `digest` in one transaction: the next tokens,
  // or nullopt for a refusal (a reuse ends the family, and commits).
  absl::StatusOr<std::optional<IssuedTokens>> Rotate(
      const std::string& digest);
  absl::Status RevokeAccessToken(const auth::Caller& caller,
                                 const std::string& token);
  absl::Status RevokeRefreshToken(const auth::Caller& caller,
                                  const std::string& token);
  absl::StatusOr<Introspection> IntrospectAccessToken(
      const std::string& token);
  absl::StatusOr<Introspection> IntrospectRefreshToken(
      const std::string& token);
  absl::Time Now() const { return ports_.clock->Now(); }

  TokenPorts ports_;
  SessionTokens* tokens_;
  auth::TokenVerifier* verifier_;
  const auth::RevocationList* revocations_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SESSIONS_H_
