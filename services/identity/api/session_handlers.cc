// Sessions after sign-in: RefreshToken (rotation, reuse detection),
// RevokeToken and IntrospectToken, and the ending of sessions they and the
// password and MFA changes share.
#include <string>
#include <utility>
#include <vector>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/auth/revocation_store.h"
#include "common/auth/revocation_sync.h"
#include "common/auth/role.h"
#include "common/auth/token_signer.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/api/proto_mapping.h"
#include "services/identity/api/token_handlers.h"
#include "services/identity/domain/resource_names.h"

namespace masar::identity {
namespace {

// How long a session revocation must be remembered: past the last access
// token the session can hold, with verifiers' clock leeway.
const absl::Duration kRevocationMemory =
    auth::kMaxTokenLifetime + absl::Seconds(60);

absl::Status InvalidRefreshToken() {
  return absl::UnauthenticatedError(
      "the refresh token is not valid; sign in again");
}

// A JWS compact token has three dot-separated parts; opaque tokens have
// none. More reliable than the client's hint, which RFC 7009 lets be wrong.
bool LooksLikeJwt(absl::string_view token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

// "users/{id}" -> "{id}", or empty for another kind of subject.
std::string UserIdOf(absl::string_view subject) {
  if (!absl::ConsumePrefix(&subject, kUsersCollection)) return "";
  return std::string(subject);
}

}  // namespace

absl::Status TokenHandlers::EndSession(Transaction& tx,
                                       const std::string& session_id,
                                       std::vector<auth::Revocation>& revoked) {
  const absl::Time now = Now();
  RETURN_IF_ERROR(deps_.sessions->RevokeSession(tx, session_id, now));
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  auth::Revocation revocation;
  revocation.kind = auth::RevocationKind::kSession;
  revocation.value = session_id;
  revocation.time = now;
  revocation.expire_time = now + kRevocationMemory;
  ASSIGN_OR_RETURN(revocation, auth::RevocationStore::Append(*sql, revocation));
  revoked.push_back(std::move(revocation));
  return absl::OkStatus();
}

absl::Status TokenHandlers::EndOtherSessions(
    Transaction& tx, const std::string& subject, const std::string& keep,
    std::vector<auth::Revocation>& revoked) {
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   deps_.sessions->ActiveSessionsOf(tx, subject, Now()));
  for (const Session& session : sessions) {
    if (session.id == keep) continue;
    RETURN_IF_ERROR(EndSession(tx, session.id, revoked));
  }
  return absl::OkStatus();
}

void TokenHandlers::Publish(const std::vector<auth::Revocation>& revoked) {
  if (deps_.cache == nullptr) return;
  for (const auth::Revocation& revocation : revoked) {
    // A failure only delays it until the replicas' next poll of the store.
    auth::PublishRevocation(*deps_.cache, revocation).IgnoreError();
  }
}

absl::Status TokenHandlers::Refresh(const std::string& refresh_token,
                                    const std::string& source,
                                    v1::RefreshTokenResponse* response) {
  if (refresh_token.empty()) {
    return InvalidArgumentError("refresh_token", "required");
  }
  const std::string digest = OpaqueTokenDigest(refresh_token);
  ASSIGN_OR_RETURN(const std::string family, FamilyOf(digest));
  // Refresh tokens are too long to guess; what is held back is a client
  // presenting dead or reused tokens over and over (each costs a write
  // transaction), per session and source as sign-in is per account and
  // source.
  const std::string account =
      family.empty() ? UnknownCredentialAccount("refresh-token", source)
                     : RefreshThrottleAccount(family);
  std::vector<auth::Revocation> revoked;
  ASSIGN_OR_RETURN(
      std::optional<IssuedTokens> tokens,
      Throttled(account, source, [&] { return Rotate(digest, revoked); }));
  Publish(revoked);
  if (!tokens.has_value()) return InvalidRefreshToken();
  FillGrant(*tokens, response->mutable_token());
  return absl::OkStatus();
}

absl::StatusOr<std::string> TokenHandlers::FamilyOf(const std::string& digest) {
  std::string family;
  RETURN_IF_ERROR(deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                     deps_.sessions->FindRefreshToken(tx, digest));
    family = record.has_value() ? record->session_id : "";
    return absl::OkStatus();
  }));
  return family;
}

absl::StatusOr<std::optional<IssuedTokens>> TokenHandlers::Rotate(
    const std::string& digest, std::vector<auth::Revocation>& revoked) {
  std::optional<IssuedTokens> tokens;
  RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
    tokens.reset();  // the body may run more than once
    revoked.clear();
    const absl::Time now = Now();
    ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                     deps_.sessions->FindRefreshToken(tx, digest));
    if (!record.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<Session> session,
                     deps_.sessions->GetSession(tx, record->session_id));
    if (!session.has_value()) return absl::OkStatus();
    if (record->use_time.has_value()) {
      // Reuse: the token was stolen, or its owner's copy was. End the
      // family; the refusal commits with it.
      if (session->revoke_time.has_value()) return absl::OkStatus();
      return EndSession(tx, session->id, revoked);
    }
    if (!session->ActiveAt(now) || now >= record->expire_time) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, UserIdOf(session->subject)));
    if (user.state != UserState::kActive) return absl::OkStatus();
    if (user.sessions_not_before.has_value() &&
        *user.sessions_not_before > session->create_time) {
      return absl::OkStatus();  // every session of the user was ended
    }
    ASSIGN_OR_RETURN(bool consumed,
                     deps_.sessions->MarkRefreshTokenUsed(tx, digest, now));
    if (!consumed) return EndSession(tx, session->id, revoked);
    ASSIGN_OR_RETURN(tokens, tokens_.ContinueSession(tx, *session));
    return absl::OkStatus();
  }));
  return tokens;
}

absl::Status TokenHandlers::Revoke(const auth::Principal& caller,
                                   const v1::RevokeTokenRequest& request) {
  if (request.token().empty()) return InvalidArgumentError("token", "required");
  const bool admin = caller.HasRole(auth::Role::kPlatformAdmin, "*");
  std::vector<auth::Revocation> revoked;
  if (LooksLikeJwt(request.token())) {
    absl::StatusOr<auth::Claims> claims = deps_.verifier->Verify(request.token());
    // Unknown, expired or someone else's: OK, nothing changes (RFC 7009).
    if (!claims.ok()) return absl::OkStatus();
    if (claims->subject != caller.subject() && !admin) return absl::OkStatus();
    RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
      revoked.clear();
      ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
      auth::Revocation revocation;
      revocation.kind = auth::RevocationKind::kToken;
      revocation.value = claims->token_id;
      revocation.time = Now();
      revocation.expire_time = claims->expires_at;
      ASSIGN_OR_RETURN(revocation,
                       auth::RevocationStore::Append(*sql, revocation));
      revoked.push_back(std::move(revocation));
      return absl::OkStatus();
    }));
  } else {
    const std::string digest = OpaqueTokenDigest(request.token());
    RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
      revoked.clear();
      ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                       deps_.sessions->FindRefreshToken(tx, digest));
      if (!record.has_value()) return absl::OkStatus();
      ASSIGN_OR_RETURN(std::optional<Session> session,
                       deps_.sessions->GetSession(tx, record->session_id));
      if (!session.has_value() || session->revoke_time.has_value()) {
        return absl::OkStatus();
      }
      if (session->subject != caller.subject() && !admin) {
        return absl::OkStatus();
      }
      return EndSession(tx, session->id, revoked);
    }));
  }
  Publish(revoked);
  return absl::OkStatus();
}

absl::Status TokenHandlers::Introspect(const v1::IntrospectTokenRequest& request,
                                       v1::IntrospectTokenResponse* response) {
  if (request.token().empty()) return InvalidArgumentError("token", "required");
  const absl::Time now = Now();
  v1::IntrospectTokenResponse out;
  bool active = false;
  if (LooksLikeJwt(request.token())) {
    absl::StatusOr<auth::Claims> claims = deps_.verifier->Verify(request.token());
    if (!claims.ok()) return absl::OkStatus();
    absl::StatusOr<auth::Principal> principal =
        auth::Principal::FromClaims(*claims);
    if (!principal.ok()) return absl::OkStatus();
    if (deps_.revocations != nullptr && deps_.revocations->IsRevoked(*principal)) {
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
      active = false;
      if (principal->IsUser()) {
        ASSIGN_OR_RETURN(User user,
                         deps_.users->Get(tx, UserIdOf(claims->subject)));
        if (user.state != UserState::kActive) return absl::OkStatus();
        if (user.sessions_not_before.has_value() &&
            claims->issued_at <= *user.sessions_not_before) {
          return absl::OkStatus();
        }
        if (!claims->session_id.empty()) {
          ASSIGN_OR_RETURN(std::optional<Session> session,
                           deps_.sessions->GetSession(tx, claims->session_id));
          if (session.has_value() && session->revoke_time.has_value()) {
            return absl::OkStatus();
          }
        }
      } else {
        ASSIGN_OR_RETURN(std::string id,
                         ParseServiceAccountName("token", claims->subject));
        ASSIGN_OR_RETURN(ServiceAccount sa, deps_.service_accounts->Get(tx, id));
        if (sa.deleted() || sa.state != ServiceAccountState::kActive) {
          return absl::OkStatus();
        }
        if (sa.tokens_not_before.has_value() &&
            claims->issued_at <= *sa.tokens_not_before) {
          return absl::OkStatus();
        }
        out.set_client_id(sa.client_id);
      }
      active = true;
      return absl::OkStatus();
    }));
    if (!active) return absl::OkStatus();
    out.set_token_type(v1::TOKEN_TYPE_ACCESS_TOKEN);
    out.set_sub(claims->subject);
    for (const std::string& role : claims->roles) out.add_roles(role);
    for (const std::string& method : claims->amr) out.add_amr(method);
    out.set_iss(claims->issuer);
    if (!claims->audience.empty()) out.set_aud(claims->audience.front());
    out.set_jti(claims->token_id);
    out.set_sid(claims->session_id);
    *out.mutable_issue_time() = ToProtoTimestamp(claims->issued_at);
    *out.mutable_expire_time() = ToProtoTimestamp(claims->expires_at);
  } else {
    const std::string digest = OpaqueTokenDigest(request.token());
    RETURN_IF_ERROR(deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
      active = false;
      out.Clear();
      ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                       deps_.sessions->FindRefreshToken(tx, digest));
      if (!record.has_value() || record->use_time.has_value() ||
          now >= record->expire_time) {
        return absl::OkStatus();
      }
      ASSIGN_OR_RETURN(std::optional<Session> session,
                       deps_.sessions->GetSession(tx, record->session_id));
      if (!session.has_value() || !session->ActiveAt(now)) {
        return absl::OkStatus();
      }
      ASSIGN_OR_RETURN(User user,
                       deps_.users->Get(tx, UserIdOf(session->subject)));
      if (user.state != UserState::kActive) return absl::OkStatus();
      ASSIGN_OR_RETURN(std::vector<std::string> roles,
                       tokens_.RolesFor(tx, session->subject, session->amr,
                                        /*is_user=*/true));
      out.set_token_type(v1::TOKEN_TYPE_REFRESH_TOKEN);
      out.set_sub(session->subject);
      for (const std::string& role : roles) out.add_roles(role);
      for (const std::string& method : session->amr) out.add_amr(method);
      out.set_iss(tokens_.policy().issuer);
      out.set_aud(tokens_.policy().audience);
      out.set_sid(session->id);
      *out.mutable_issue_time() = ToProtoTimestamp(record->issue_time);
      *out.mutable_expire_time() = ToProtoTimestamp(record->expire_time);
      active = true;
      return absl::OkStatus();
    }));
    if (!active) return absl::OkStatus();
  }
  out.set_active(true);
  *response = std::move(out);
  return absl::OkStatus();
}

}  // namespace masar::identity
