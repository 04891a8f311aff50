#include "services/identity/api/token_handlers.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/base64url.h"
#include "common/auth/grpc_authorization.h"
#include "common/auth/policy_table.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/proto_mapping.h"

namespace masar::identity {
namespace {

// How long a verifier may keep the JWKS: a new key is published well before
// it signs (see SigningKeySet), and an unknown kid triggers a fetch anyway.

std::string Method(absl::string_view name) {
  return auth::GrpcMethodName(v1::IdentityService::service_full_name(), name);
}

absl::Status Busy() {
  return WithRetryDelay(
      absl::ResourceExhaustedError("the server is busy; retry later"),
      absl::Milliseconds(100));
}

google::protobuf::Duration ToProtoDuration(absl::Duration d) {
  google::protobuf::Duration out;
  out.set_seconds(absl::ToInt64Seconds(d));
  return out;
}

}  // namespace

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

TokenHandlers::TokenHandlers(TokenPolicy policy, TokenHandlersDeps deps)
    : deps_(deps),
      tokens_(std::move(policy), deps.keys, deps.sessions, deps.directory,
              deps.clock),
      totp_(*deps.clock) {}

grpc::ServerUnaryReactor* TokenHandlers::Start(
    grpc::CallbackServerContext* context, absl::string_view method,
    absl::AnyInvocable<std::optional<absl::Status>(
        Principal, grpc::ServerUnaryReactor*) &&> step) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Principal> caller =
      auth::AuthorizeGrpcCall(*context, Method(method), *deps_.authorizer);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  Schedule(reactor, [reactor, caller = *std::move(caller),
                     step = std::move(step)]() mutable {
    return std::move(step)(std::move(caller), reactor);
  });
  return reactor;
}

void TokenHandlers::Schedule(grpc::ServerUnaryReactor* reactor, Step step) {
  const bool scheduled =
      deps_.executor->TrySchedule([reactor, step = std::move(step)]() mutable {
        std::optional<absl::Status> done = std::move(step)();
        if (done.has_value()) reactor->Finish(ToGrpcStatus(*done));
      });
  if (!scheduled) reactor->Finish(ToGrpcStatus(Busy()));
}

template <typename T>
void TokenHandlers::AfterHashing(
    grpc::ServerUnaryReactor* reactor,
    absl::AnyInvocable<std::optional<absl::Status>(absl::StatusOr<T>) &&> next,
    absl::StatusOr<T> result) {
  // On the hasher's thread: hand over at once. When the executor is full
  // the attempt keeps its throttle reservation (counted as a failure): the
  // caller is told to retry, and releasing would need a blocking call here.
  Schedule(reactor, [next = std::move(next),
                     result = std::move(result)]() mutable {
    return std::move(next)(std::move(result));
  });
}

// The continuations sign_in.cc and account_security.cc use.
template void TokenHandlers::AfterHashing<bool>(
    grpc::ServerUnaryReactor*,
    absl::AnyInvocable<std::optional<absl::Status>(absl::StatusOr<bool>) &&>,
    absl::StatusOr<bool>);
template void TokenHandlers::AfterHashing<std::string>(
    grpc::ServerUnaryReactor*,
    absl::AnyInvocable<std::optional<absl::Status>(
        absl::StatusOr<std::string>) &&>,
    absl::StatusOr<std::string>);

void TokenHandlers::FillGrant(const IssuedTokens& tokens,
                              v1::TokenGrant* grant) const {
  grant->set_access_token(tokens.access_token);
  grant->set_token_type("Bearer");
  *grant->mutable_expires_in() =
      ToProtoDuration(tokens.expires_at - tokens.issued_at);
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

idempotency::RecordedCall TokenHandlers::RecordedCallOf(
    absl::string_view principal, absl::string_view method,
    const google::protobuf::Message& request,
    std::initializer_list<absl::string_view> undigested) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  std::string request_id =
      field == nullptr
          ? std::string()
          : request.GetReflection()->GetString(request, field);
  return idempotency::RecordedCall{.key = {.principal = std::string(principal),
                              .method = Method(method),
                              .request_id = std::move(request_id)},
                      .request_digest = idempotency::RequestDigest(request, undigested),
                      .options = {}};
}

std::string TokenHandlers::MfaThrottleAccount(absl::string_view user_id) {
  return absl::StrCat("mfa:", user_id);
}

std::string TokenHandlers::RefreshThrottleAccount(
    absl::string_view session_id) {
  return absl::StrCat("refresh:", session_id);
}

bool TokenHandlers::NoVerdict(const absl::Status& status) {
  return absl::IsResourceExhausted(status) || absl::IsUnavailable(status);
}

std::string TokenHandlers::UnknownCredentialAccount(absl::string_view kind,
                                                    absl::string_view source) {
  return absl::StrCat("unknown-", kind, ":", source);
}

absl::StatusOr<std::optional<IssuedTokens>> TokenHandlers::Throttled(
    const std::string& account, const std::string& source,
    absl::FunctionRef<absl::StatusOr<std::optional<IssuedTokens>>()>
        attempt) {
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(account, source));
  absl::StatusOr<std::optional<IssuedTokens>> tokens = attempt();
  if (!tokens.ok()) {
    deps_.sign_in_throttle->Release(account, source).IgnoreError();
  } else if (tokens->has_value()) {
    deps_.sign_in_throttle->RecordSuccess(account, source).IgnoreError();
  }
  return tokens;
}

grpc::ServerUnaryReactor* TokenHandlers::CreateUser(
    grpc::CallbackServerContext* context, const v1::CreateUserRequest* request,
    v1::CreateUserResponse* response) {
  return Start(context, "CreateUser",
               [this, request, response, source = SourceOf(*context)](
                   Principal, grpc::ServerUnaryReactor* reactor) {
                 return SignUpStep(reactor, request, source, response);
               });
}

grpc::ServerUnaryReactor* TokenHandlers::ChangePassword(
    grpc::CallbackServerContext* context,
    const v1::ChangePasswordRequest* request,
    v1::ChangePasswordResponse* response) {
  return Start(context, "ChangePassword",
               [this, request, response, source = SourceOf(*context)](
                   Principal caller, grpc::ServerUnaryReactor* reactor) {
                 return ChangePasswordStep(reactor, std::move(caller), request,
                                           response, source);
               });
}

grpc::ServerUnaryReactor* TokenHandlers::BeginMfaEnrollment(
    grpc::CallbackServerContext* context,
    const v1::BeginMfaEnrollmentRequest* request,
    v1::BeginMfaEnrollmentResponse* response) {
  return Start(context, "BeginMfaEnrollment",
               [this, request, response](Principal caller, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     BeginMfa(*caller, *request, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::ConfirmMfaEnrollment(
    grpc::CallbackServerContext* context,
    const v1::ConfirmMfaEnrollmentRequest* request,
    v1::ConfirmMfaEnrollmentResponse* response) {
  return Start(context, "ConfirmMfaEnrollment",
               [this, request, response,
                source = SourceOf(*context)](Principal caller, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     ConfirmMfa(*caller, *request, source, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::DisableMfa(
    grpc::CallbackServerContext* context, const v1::DisableMfaRequest* request,
    v1::DisableMfaResponse* response) {
  return Start(context, "DisableMfa",
               [this, request, response,
                source = SourceOf(*context)](Principal caller, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     TurnOffMfa(*caller, *request, source, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::Authenticate(
    grpc::CallbackServerContext* context,
    const v1::AuthenticateRequest* request,
    v1::AuthenticateResponse* response) {
  return Start(context, "Authenticate",
               [this, request, response, source = SourceOf(*context)](
                   Principal, grpc::ServerUnaryReactor* reactor) mutable {
                 return PasswordStep(reactor, *request, std::move(source),
                                     response);
               });
}

grpc::ServerUnaryReactor* TokenHandlers::VerifyMfaChallenge(
    grpc::CallbackServerContext* context,
    const v1::VerifyMfaChallengeRequest* request,
    v1::VerifyMfaChallengeResponse* response) {
  return Start(context, "VerifyMfaChallenge",
               [this, request, response, source = SourceOf(*context)](
                   Principal, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     VerifyChallenge(*request, source, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::AuthenticateServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::AuthenticateServiceAccountRequest* request,
    v1::AuthenticateServiceAccountResponse* response) {
  return Start(context, "AuthenticateServiceAccount",
               [this, request, response,
                source = SourceOf(*context)](Principal, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     SignInServiceAccount(*request, source, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::RefreshToken(
    grpc::CallbackServerContext* context,
    const v1::RefreshTokenRequest* request,
    v1::RefreshTokenResponse* response) {
  return Start(context, "RefreshToken",
               [this, request, response, source = SourceOf(*context)](
                   Principal, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     Refresh(request->refresh_token(), source, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::RevokeToken(
    grpc::CallbackServerContext* context, const v1::RevokeTokenRequest* request,
    v1::RevokeTokenResponse* /*response*/) {
  return Start(context, "RevokeToken", [this, request](Principal caller, grpc::ServerUnaryReactor*) {
    return std::optional<absl::Status>(Revoke(*caller, *request));
  });
}

grpc::ServerUnaryReactor* TokenHandlers::IntrospectToken(
    grpc::CallbackServerContext* context,
    const v1::IntrospectTokenRequest* request,
    v1::IntrospectTokenResponse* response) {
  return Start(context, "IntrospectToken",
               [this, request, response](Principal, grpc::ServerUnaryReactor*) {
                 return std::optional<absl::Status>(
                     Introspect(*request, response));
               });
}

grpc::ServerUnaryReactor* TokenHandlers::GetJwks(
    grpc::CallbackServerContext* context, const v1::GetJwksRequest* /*request*/,
    v1::GetJwksResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Principal> caller = auth::AuthorizeGrpcCall(
      *context, Method("GetJwks"), *deps_.authorizer);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  // In memory: answered on gRPC's thread.
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
  *response->mutable_cache_max_age() = ToProtoDuration(auth::kJwksCacheMaxAge);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace masar::identity
