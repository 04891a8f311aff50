#include "services/identity/api/token_handlers.h"

#include <utility>
#include <variant>
#include <vector>

#include "common/auth/base64url.h"
#include "common/auth/jwks.h"
#include "common/grpc/status.h"
#include "common/status/status_macros.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/proto_mapping.h"

namespace masar::identity {
namespace {

TokenPorts PortsOf(const TokenHandlersDeps& deps) {
  return TokenPorts{.unit_of_work = deps.unit_of_work,
                    .users = deps.users,
                    .service_accounts = deps.service_accounts,
                    .sessions = deps.sessions,
                    .revocations = deps.revocation_log,
                    .throttle = deps.sign_in_throttle,
                    .totp_secrets = deps.totp_secrets,
                    .clock = deps.clock};
}

void FillGrant(const IssuedTokens& tokens, v1::TokenGrant* grant) {
  grant->set_access_token(tokens.access_token);
  grant->set_token_type("Bearer");
  *grant->mutable_expires_in() =
      ToProtoDuration(absl::Trunc(tokens.expires_at - tokens.issued_at,
                                  absl::Seconds(1)));
  *grant->mutable_expire_time() = ToProtoTimestamp(tokens.expires_at);
  if (!tokens.refresh_token.empty()) {
    grant->set_refresh_token(tokens.refresh_token);
    *grant->mutable_refresh_token_expire_time() =
        ToProtoTimestamp(tokens.refresh_expire_time);
  }
  grant->set_sub(tokens.subject);
  for (const std::string& role : tokens.roles) grant->add_roles(role);
  for (const std::string& method : tokens.amr) grant->add_amr(method);
}

void ToProto(const Introspection& in, v1::IntrospectTokenResponse* out) {
  if (!in.active) return;
  out->set_active(true);
  out->set_token_type(in.kind == Introspection::Kind::kAccessToken
                          ? v1::TOKEN_TYPE_ACCESS_TOKEN
                          : v1::TOKEN_TYPE_REFRESH_TOKEN);
  out->set_sub(in.subject);
  for (const std::string& role : in.roles) out->add_roles(role);
  for (const std::string& method : in.amr) out->add_amr(method);
  out->set_iss(in.issuer);
  out->set_aud(in.audience);
  out->set_jti(in.token_id);
  out->set_sid(in.session_id);
  out->set_client_id(in.client_id);
  *out->mutable_issue_time() = ToProtoTimestamp(in.issue_time);
  *out->mutable_expire_time() = ToProtoTimestamp(in.expire_time);
}

}  // namespace

TokenHandlers::TokenHandlers(TokenPolicy policy, TokenHandlersDeps deps)
    : deps_(deps),
      scaffold_({.service = v1::IdentityService::service_full_name(),
                 .authorizer = deps.authorizer,
                 .runner = deps.runner,
                 .recorder = deps.idempotency}),
      tokens_(std::move(policy), deps.keys, deps.sessions, deps.directory,
              deps.clock),
      sign_in_(PortsOf(deps), &tokens_),
      sessions_(PortsOf(deps), &tokens_, deps.verifier, deps.revocations),
      account_security_(PortsOf(deps), deps.directory, &sessions_) {}

std::string TokenHandlers::SourceOf(
    const grpc::ServerContextBase& context) const {
  std::vector<std::string> forwarded_for;
  if (deps_.trusted_proxies != nullptr && !deps_.trusted_proxies->empty()) {
    auto [begin, end] = context.client_metadata().equal_range("x-forwarded-for");
    for (auto it = begin; it != end; ++it) {
      forwarded_for.emplace_back(it->second.data(), it->second.size());
    }
  }
  static const net::TrustedProxies kNone;
  const net::TrustedProxies& proxies =
      deps_.trusted_proxies != nullptr ? *deps_.trusted_proxies : kNone;
  return proxies.ClientOf(context.peer(), forwarded_for);
}

// Sign-in.

grpc::ServerUnaryReactor* TokenHandlers::Authenticate(
    grpc::CallbackServerContext* context,
    const v1::AuthenticateRequest* request,
    v1::AuthenticateResponse* response) {
  return scaffold_.ServeContinued(
      context, "Authenticate",
      [this, context, request, response](const auth::Caller&,
                                         PendingCall call) {
        absl::StatusOr<PasswordAttempt> attempt = sign_in_.BeginPassword(
            request->email(), request->password(), request->device_token(),
            SourceOf(*context));
        if (!attempt.ok()) return std::move(call).Finish(attempt.status());
        const std::string hash = SignIn::PasswordHashOf(*attempt);
        auto done = OnExecutor<bool>(
            std::move(call),
            [this, attempt = *std::move(attempt), response](
                absl::StatusOr<bool> verdict, PendingCall resumed) {
              std::move(resumed).Finish(
                  FinishPasswordSignIn(attempt, std::move(verdict), response));
            });
        if (hash.empty()) {
          // The same work as a wrong password, so timing tells nothing.
          deps_.hasher->VerifyAgainstDummy(request->password(),
                                           std::move(done));
        } else {
          deps_.hasher->Verify(hash, request->password(), std::move(done));
        }
      });
}

absl::Status TokenHandlers::FinishPasswordSignIn(
    const PasswordAttempt& attempt, absl::StatusOr<bool> verdict,
    v1::AuthenticateResponse* response) {
  ASSIGN_OR_RETURN(PasswordSignIn outcome,
                   sign_in_.FinishPassword(attempt, std::move(verdict)));
  if (const auto* challenge = std::get_if<MfaChallenge>(&outcome)) {
    v1::MfaChallenge* out = response->mutable_mfa_challenge();
    out->set_mfa_ticket(challenge->ticket);
    *out->mutable_expire_time() = ToProtoTimestamp(challenge->expire_time);
    return absl::OkStatus();
  }
  const SignedIn& signed_in = std::get<SignedIn>(outcome);
  FillGrant(signed_in.tokens, response->mutable_token());
  response->set_device_token(signed_in.device_token);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* TokenHandlers::VerifyMfaChallenge(
    grpc::CallbackServerContext* context,
    const v1::VerifyMfaChallengeRequest* request,
    v1::VerifyMfaChallengeResponse* response) {
  return scaffold_.ServeRead(
      context, "VerifyMfaChallenge",
      [this, context, request, response](const auth::Caller&) -> absl::Status {
        ASSIGN_OR_RETURN(
            SignedIn signed_in,
            sign_in_.VerifyMfaChallenge(request->mfa_ticket(), request->code(),
                                        request->device_token(),
                                        SourceOf(*context)));
        FillGrant(signed_in.tokens, response->mutable_token());
        response->set_device_token(signed_in.device_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TokenHandlers::AuthenticateServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::AuthenticateServiceAccountRequest* request,
    v1::AuthenticateServiceAccountResponse* response) {
  return scaffold_.ServeRead(
      context, "AuthenticateServiceAccount",
      [this, context, request, response](const auth::Caller&) -> absl::Status {
        ASSIGN_OR_RETURN(IssuedTokens tokens,
                         sign_in_.SignInServiceAccount(request->client_id(),
                                                       request->client_secret(),
                                                       SourceOf(*context)));
        FillGrant(tokens, response->mutable_token());
        return absl::OkStatus();
      });
}

// Sessions.

grpc::ServerUnaryReactor* TokenHandlers::RefreshToken(
    grpc::CallbackServerContext* context,
    const v1::RefreshTokenRequest* request,
    v1::RefreshTokenResponse* response) {
  return scaffold_.ServeRead(
      context, "RefreshToken",
      [this, context, request, response](const auth::Caller&) -> absl::Status {
        ASSIGN_OR_RETURN(IssuedTokens tokens,
                         sessions_.Refresh(request->refresh_token(),
                                           SourceOf(*context)));
        FillGrant(tokens, response->mutable_token());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TokenHandlers::RevokeToken(
    grpc::CallbackServerContext* context, const v1::RevokeTokenRequest* request,
    v1::RevokeTokenResponse* /*response*/) {
  return scaffold_.ServeRead(
      context, "RevokeToken", [this, request](const auth::Caller& caller) {
        return sessions_.Revoke(caller, request->token());
      });
}

grpc::ServerUnaryReactor* TokenHandlers::IntrospectToken(
    grpc::CallbackServerContext* context,
    const v1::IntrospectTokenRequest* request,
    v1::IntrospectTokenResponse* response) {
  return scaffold_.ServeRead(
      context, "IntrospectToken",
      [this, request, response](const auth::Caller&) -> absl::Status {
        ASSIGN_OR_RETURN(Introspection introspection,
                         sessions_.Introspect(request->token()));
        ToProto(introspection, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TokenHandlers::GetJwks(
    grpc::CallbackServerContext* context, const v1::GetJwksRequest* /*request*/,
    v1::GetJwksResponse* response) {
  // In memory: answered on gRPC's thread.
  return deps_.runner->Inline(context, [&](const CallContext&) {
    RETURN_IF_ERROR(scaffold_.Authorize(*context, "GetJwks").status());
    const auth::Jwks jwks = deps_.keys->PublicJwks();
    for (const auth::Jwk& key : jwks.keys()) {
      v1::Jwk* jwk = response->add_keys();
      jwk->set_kty("OKP");
      jwk->set_crv("Ed25519");
      jwk->set_x(auth::Base64UrlEncode(key.public_key));
      jwk->set_kid(key.kid);
      jwk->set_alg("EdDSA");
      jwk->set_use("sig");
    }
    *response->mutable_cache_max_age() =
        ToProtoDuration(auth::kJwksCacheMaxAge);
    return absl::OkStatus();
  });
}

}  // namespace masar::identity
