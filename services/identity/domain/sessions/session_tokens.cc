#include "services/identity/domain/sessions/session_tokens.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "common/auth/base64url.h"
#include "common/auth/claims.h"
#include "common/auth/token_signer.h"
#include "common/crypto/digest.h"
#include "common/crypto/random.h"
#include "common/ids/ids.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/role_binding.h"

namespace masar::identity {

std::string NewOpaqueToken() {
  return auth::Base64UrlEncode(crypto::RandomBytes(32));
}

std::string OpaqueTokenDigest(absl::string_view token) {
  return crypto::Sha256Hex(token);
}

SessionTokens::SessionTokens(TokenPolicy policy,
                             const auth::SigningKeySet* keys,
                             SessionStore* sessions,
                             IdentityDirectory* directory, const Clock* clock)
    : policy_(std::move(policy)),
      keys_(keys),
      sessions_(sessions),
      directory_(directory),
      clock_(clock) {}

absl::Time SessionTokens::Now() const {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(clock_->Now()));
}

absl::StatusOr<std::vector<std::string>> SessionTokens::RolesFor(
    Transaction& tx, const std::string& subject,
    const std::vector<std::string>& amr, bool is_user) {
  ASSIGN_OR_RETURN(std::vector<RoleBinding> bindings,
                   directory_->RolesOf(tx, subject));
  const bool otp = std::find(amr.begin(), amr.end(), "otp") != amr.end();
  std::vector<std::string> roles;
  for (const RoleBinding& binding : bindings) {
    if (is_user && binding.role == Role::kPlatformAdmin && !otp) continue;
    roles.push_back(binding.ScopedRole());
  }
  return roles;
}

absl::Status SessionTokens::SignAccessToken(IssuedTokens& tokens,
                                            absl::Time now) {
  auth::Claims claims;
  claims.issuer = policy_.issuer;
  claims.audience = {policy_.audience};
  claims.subject = tokens.subject;
  claims.roles = tokens.roles;
  claims.amr = tokens.amr;
  claims.session_id = tokens.session_id;
  claims.token_id = NewUuid();
  claims.issued_at = auth::TokenTime(now);
  claims.not_before = claims.issued_at;
  claims.expires_at =
      claims.issued_at +
      std::min(policy_.access_token_lifetime, auth::kMaxTokenLifetime);
  ASSIGN_OR_RETURN(tokens.access_token, auth::TokenSigner(keys_).Sign(claims));
  tokens.token_id = claims.token_id;
  tokens.issued_at = claims.issued_at;
  tokens.expires_at = claims.expires_at;
  return absl::OkStatus();
}

absl::Status SessionTokens::AddRefreshToken(Transaction& tx,
                                            const Session& session,
                                            IssuedTokens& tokens,
                                            absl::Time now) {
  tokens.refresh_token = NewOpaqueToken();
  tokens.refresh_expire_time =
      std::min(now + policy_.refresh_token_lifetime, session.expire_time);
  RefreshTokenRecord record;
  record.token_hash = OpaqueTokenDigest(tokens.refresh_token);
  record.session_id = session.id;
  record.issue_time = now;
  record.expire_time = tokens.refresh_expire_time;
  return sessions_->AddRefreshToken(tx, record);
}

absl::StatusOr<IssuedTokens> SessionTokens::StartSession(
    Transaction& tx, const std::string& subject, std::vector<std::string> amr) {
  const absl::Time now = Now();
  Session session;
  session.id = NewUuid();
  session.subject = subject;
  session.amr = std::move(amr);
  session.create_time = now;
  session.expire_time = now + policy_.session_lifetime;
  RETURN_IF_ERROR(sessions_->CreateSession(tx, session));
  return ContinueSession(tx, session);
}

absl::StatusOr<IssuedTokens> SessionTokens::ContinueSession(
    Transaction& tx, const Session& session) {
  const absl::Time now = Now();
  IssuedTokens tokens;
  tokens.subject = session.subject;
  tokens.session_id = session.id;
  tokens.amr = session.amr;
  ASSIGN_OR_RETURN(tokens.roles,
                   RolesFor(tx, session.subject, session.amr, /*is_user=*/true));
  RETURN_IF_ERROR(AddRefreshToken(tx, session, tokens, now));
  RETURN_IF_ERROR(SignAccessToken(tokens, now));
  return tokens;
}

absl::StatusOr<IssuedTokens> SessionTokens::AccessTokenOnly(
    Transaction& tx, const std::string& subject) {
  IssuedTokens tokens;
  tokens.subject = subject;
  ASSIGN_OR_RETURN(tokens.roles, RolesFor(tx, subject, {}, /*is_user=*/false));
  RETURN_IF_ERROR(SignAccessToken(tokens, Now()));
  return tokens;
}

}  // namespace masar::identity
