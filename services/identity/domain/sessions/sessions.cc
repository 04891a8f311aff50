#include "services/identity/domain/sessions/sessions.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/strip.h"
#include "common/auth/role.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/sessions/throttled.h"

namespace masar::identity {
namespace {

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

bool MayRevoke(const auth::Caller& caller, absl::string_view subject) {
  return subject == caller.subject() ||
         caller.HasRole(auth::Role::kPlatformAdmin, "*");
}

}  // namespace

Sessions::Sessions(TokenPorts ports, SessionTokens* tokens,
                   auth::TokenVerifier* verifier,
                   const auth::RevocationList* revocations)
    : ports_(ports),
      tokens_(tokens),
      verifier_(verifier),
      revocations_(revocations) {}

absl::Status Sessions::EndSession(Transaction& tx,
                                  const std::string& session_id) {
  const absl::Time now = Now();
  RETURN_IF_ERROR(ports_.sessions->RevokeSession(tx, session_id, now));
  return ports_.revocations->Append(tx, SessionRevocation(session_id, now));
}

absl::Status Sessions::EndOtherSessions(Transaction& tx,
                                        const std::string& subject,
                                        const std::string& keep) {
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   ports_.sessions->ActiveSessionsOf(tx, subject, Now()));
  for (const Session& session : sessions) {
    if (session.id == keep) continue;
    RETURN_IF_ERROR(EndSession(tx, session.id));
  }
  return absl::OkStatus();
}

absl::StatusOr<IssuedTokens> Sessions::Refresh(
    const std::string& refresh_token, const std::string& source) {
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
  ASSIGN_OR_RETURN(std::optional<IssuedTokens> tokens,
                   Throttled<IssuedTokens>(*ports_.throttle, account, source,
                                           [&] { return Rotate(digest); }));
  if (!tokens.has_value()) return InvalidRefreshToken();
  return *std::move(tokens);
}

absl::StatusOr<std::string> Sessions::FamilyOf(const std::string& digest) {
  std::string family;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                     ports_.sessions->FindRefreshToken(tx, digest));
    family = record.has_value() ? record->session_id : "";
    return absl::OkStatus();
  }));
  return family;
}

absl::StatusOr<std::optional<IssuedTokens>> Sessions::Rotate(
    const std::string& digest) {
  std::optional<IssuedTokens> tokens;
  RETURN_IF_ERROR(ports_.unit_of_work->Run([&](Transaction& tx) {
    tokens.reset();  // the body may run more than once
    const absl::Time now = Now();
    ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                     ports_.sessions->FindRefreshToken(tx, digest));
    if (!record.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<Session> session,
                     ports_.sessions->GetSession(tx, record->session_id));
    if (!session.has_value()) return absl::OkStatus();
    if (record->use_time.has_value()) {
      // Reuse: the token was stolen, or its owner's copy was. End the
      // family; the refusal commits with it.
      if (session->revoke_time.has_value()) return absl::OkStatus();
      return EndSession(tx, session->id);
    }
    if (!session->ActiveAt(now) || now >= record->expire_time) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(User user,
                     ports_.users->Get(tx, UserIdOf(session->subject)));
    if (user.state != UserState::kActive) return absl::OkStatus();
    if (user.sessions_not_before.has_value() &&
        *user.sessions_not_before > session->create_time) {
      return absl::OkStatus();  // every session of the user was ended
    }
    ASSIGN_OR_RETURN(bool consumed,
                     ports_.sessions->MarkRefreshTokenUsed(tx, digest, now));
    if (!consumed) return EndSession(tx, session->id);
    ASSIGN_OR_RETURN(tokens, tokens_->ContinueSession(tx, *session));
    return absl::OkStatus();
  }));
  return tokens;
}

absl::Status Sessions::Revoke(const auth::Caller& caller,
                              const std::string& token) {
  if (token.empty()) return InvalidArgumentError("token", "required");
  return LooksLikeJwt(token) ? RevokeAccessToken(caller, token)
                             : RevokeRefreshToken(caller, token);
}

absl::Status Sessions::RevokeAccessToken(const auth::Caller& caller,
                                         const std::string& token) {
  absl::StatusOr<auth::Claims> claims = verifier_->Verify(token);
  if (!claims.ok() || !MayRevoke(caller, claims->subject)) {
    return absl::OkStatus();
  }
  return ports_.unit_of_work->Run([&](Transaction& tx) {
    return ports_.revocations->Append(
        tx, TokenRevocation(claims->token_id, Now(), claims->expires_at));
  });
}

absl::Status Sessions::RevokeRefreshToken(const auth::Caller& caller,
                                          const std::string& token) {
  const std::string digest = OpaqueTokenDigest(token);
  return ports_.unit_of_work->Run([&](Transaction& tx) {
    ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                     ports_.sessions->FindRefreshToken(tx, digest));
    if (!record.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<Session> session,
                     ports_.sessions->GetSession(tx, record->session_id));
    if (!session.has_value() || session->revoke_time.has_value() ||
        !MayRevoke(caller, session->subject)) {
      return absl::OkStatus();
    }
    return EndSession(tx, session->id);
  });
}

absl::StatusOr<Introspection> Sessions::Introspect(const std::string& token) {
  if (token.empty()) return InvalidArgumentError("token", "required");
  return LooksLikeJwt(token) ? IntrospectAccessToken(token)
                             : IntrospectRefreshToken(token);
}

absl::StatusOr<Introspection> Sessions::IntrospectAccessToken(
    const std::string& token) {
  Introspection out;
  absl::StatusOr<auth::Claims> claims = verifier_->Verify(token);
  if (!claims.ok()) return out;
  absl::StatusOr<auth::Principal> principal =
      auth::Principal::FromClaims(*claims);
  if (!principal.ok()) return out;
  if (revocations_ != nullptr && revocations_->IsRevoked(*principal)) {
    return out;
  }
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    out.active = false;
    if (principal->IsUser()) {
      ASSIGN_OR_RETURN(User user,
                       ports_.users->Get(tx, UserIdOf(claims->subject)));
      if (user.state != UserState::kActive) return absl::OkStatus();
      if (user.sessions_not_before.has_value() &&
          claims->issued_at <= *user.sessions_not_before) {
        return absl::OkStatus();
      }
      if (!claims->session_id.empty()) {
        ASSIGN_OR_RETURN(std::optional<Session> session,
                         ports_.sessions->GetSession(tx, claims->session_id));
        if (session.has_value() && session->revoke_time.has_value()) {
          return absl::OkStatus();
        }
      }
    } else {
      ASSIGN_OR_RETURN(std::string id,
                       ParseServiceAccountName("token", claims->subject));
      ASSIGN_OR_RETURN(ServiceAccount sa,
                       ports_.service_accounts->Get(tx, id));
      if (sa.deleted() || sa.state != ServiceAccountState::kActive) {
        return absl::OkStatus();
      }
      if (sa.tokens_not_before.has_value() &&
          claims->issued_at <= *sa.tokens_not_before) {
        return absl::OkStatus();
      }
      out.client_id = sa.client_id;
    }
    out.active = true;
    return absl::OkStatus();
  }));
  if (!out.active) return Introspection();
  out.kind = Introspection::Kind::kAccessToken;
  out.subject = claims->subject;
  out.roles = claims->roles;
  out.amr = claims->amr;
  out.issuer = claims->issuer;
  if (!claims->audience.empty()) out.audience = claims->audience.front();
  out.token_id = claims->token_id;
  out.session_id = claims->session_id;
  out.issue_time = claims->issued_at;
  out.expire_time = claims->expires_at;
  return out;
}

absl::StatusOr<Introspection> Sessions::IntrospectRefreshToken(
    const std::string& token) {
  const std::string digest = OpaqueTokenDigest(token);
  const absl::Time now = Now();
  Introspection out;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    out = Introspection();
    ASSIGN_OR_RETURN(std::optional<RefreshTokenRecord> record,
                     ports_.sessions->FindRefreshToken(tx, digest));
    if (!record.has_value() || record->use_time.has_value() ||
        now >= record->expire_time) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::optional<Session> session,
                     ports_.sessions->GetSession(tx, record->session_id));
    if (!session.has_value() || !session->ActiveAt(now)) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(User user,
                     ports_.users->Get(tx, UserIdOf(session->subject)));
    if (user.state != UserState::kActive) return absl::OkStatus();
    ASSIGN_OR_RETURN(out.roles,
                     tokens_->RolesFor(tx, session->subject, session->amr,
                                       /*is_user=*/true));
    out.kind = Introspection::Kind::kRefreshToken;
    out.subject = session->subject;
    out.amr = session->amr;
    out.issuer = tokens_->policy().issuer;
    out.audience = tokens_->policy().audience;
    out.session_id = session->id;
    out.issue_time = record->issue_time;
    out.expire_time = record->expire_time;
    out.active = true;
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace masar::identity
