#include "services/identity/client/identity_client.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/status.h"
#include "services/identity/api/revocation_mapping.h"

namespace masar::identity {
namespace {

// Identity's answer as an absl::Status. A peer that cannot be reached or
// did not answer in time is UNAVAILABLE for the caller, whatever gRPC's
// code: the caller cannot tell the two apart and retries both.
absl::Status FromIdentity(const grpc::Status& status,
                          absl::string_view method) {
  absl::Status translated = FromGrpcStatus(status);
  if (translated.code() == absl::StatusCode::kUnavailable ||
      translated.code() == absl::StatusCode::kDeadlineExceeded) {
    return absl::UnavailableError(absl::StrCat(
        "identity did not answer ", method, ": ", translated.message()));
  }
  return translated;
}

}  // namespace

IdentityClient::IdentityClient(std::shared_ptr<grpc::Channel> channel,
                               IdentityClientOptions options)
    : stub_(v1::IdentityService::NewStub(std::move(channel))),
      options_(std::move(options)) {}

std::unique_ptr<grpc::ClientContext> IdentityClient::NewContext(
    bool authenticated) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + options_.deadline));
  if (authenticated && options_.credentials != nullptr) {
    context->set_credentials(options_.credentials);
  }
  return context;
}

absl::StatusOr<auth::Jwks> IdentityClient::GetJwks() {
  std::unique_ptr<grpc::ClientContext> context = NewContext(false);
  v1::GetJwksResponse response;
  const grpc::Status status =
      stub_->GetJwks(context.get(), v1::GetJwksRequest(), &response);
  if (!status.ok()) return FromIdentity(status, "GetJwks");
  // The proto's fields are the JWK members, so its JSON form is the JWK Set
  // and one parser (with its refusals) serves every source of keys.
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(response, &json,
                                                   json_options)
           .ok()) {
    return absl::InternalError("GetJwks answer cannot be rendered as JSON");
  }
  return auth::Jwks::FromJson(json);
}

absl::StatusOr<auth::FetchedToken> IdentityClient::AuthenticateServiceAccount(
    absl::string_view client_id, absl::string_view client_secret) {
  std::unique_ptr<grpc::ClientContext> context = NewContext(false);
  v1::AuthenticateServiceAccountRequest request;
  request.set_client_id(std::string(client_id));
  request.set_client_secret(std::string(client_secret));
  v1::AuthenticateServiceAccountResponse response;
  const grpc::Status status =
      stub_->AuthenticateServiceAccount(context.get(), request, &response);
  if (!status.ok()) return FromIdentity(status, "AuthenticateServiceAccount");
  auth::FetchedToken token;
  token.access_token = response.token().access_token();
  token.lifetime = absl::Seconds(
      google::protobuf::util::TimeUtil::DurationToSeconds(
          response.token().expires_in()));
  return token;
}

absl::StatusOr<std::vector<auth::Revocation>> IdentityClient::ListRevocations(
    int64_t after_sequence, int page_size) {
  std::unique_ptr<grpc::ClientContext> context = NewContext(true);
  v1::ListRevocationsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_page_size(page_size);
  v1::ListRevocationsResponse response;
  const grpc::Status status =
      stub_->ListRevocations(context.get(), request, &response);
  if (!status.ok()) return FromIdentity(status, "ListRevocations");
  std::vector<auth::Revocation> revocations;
  revocations.reserve(response.revocations_size());
  for (const v1::Revocation& proto : response.revocations()) {
    absl::StatusOr<auth::Revocation> revocation = RevocationFromProto(proto);
    // Not the caller's mistake: the sync stops at it (never skips a
    // revocation) and retries, and the error says why.
    if (!revocation.ok()) {
      return absl::InternalError(
          absl::StrCat("identity answered a revocation this replica cannot "
                       "read: ",
                       revocation.status().message()));
    }
    revocations.push_back(*std::move(revocation));
  }
  return revocations;
}

std::shared_ptr<grpc::Channel> NewIdentityChannel(const std::string& target) {
  grpc::ChannelArguments arguments;
  arguments.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   arguments);
}

}  // namespace masar::identity
