#include "services/identity/client/grpc_identity_client.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/events/domain_event_proto.h"
#include "common/status/status_macros.h"
#include "services/identity/api/revocation_mapping.h"

namespace masar::identity {

GrpcIdentityClient::GrpcIdentityClient(std::shared_ptr<grpc::Channel> channel,
                                       PeerCallOptions options)
    : stub_(v1::IdentityService::NewStub(std::move(channel))),
      options_(std::move(options)) {}

absl::StatusOr<auth::Jwks> GrpcIdentityClient::GetJwks(
    const CallMetadata& call) {
  ASSIGN_OR_RETURN(std::unique_ptr<PeerCall> peer_call,
                   StartPeerCall(options_, "GetJwks", call,
                                 /*authenticated=*/false));
  v1::GetJwksResponse response;
  const grpc::Status status =
      stub_->GetJwks(peer_call->context(), v1::GetJwksRequest(), &response);
  if (!status.ok()) return FromPeerStatus(status, options_, "GetJwks");
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

absl::StatusOr<auth::FetchedToken>
GrpcIdentityClient::AuthenticateServiceAccount(
    const CallMetadata& call, absl::string_view client_id,
    absl::string_view client_secret) {
  ASSIGN_OR_RETURN(std::unique_ptr<PeerCall> peer_call,
                   StartPeerCall(options_, "AuthenticateServiceAccount", call,
                                 /*authenticated=*/false));
  v1::AuthenticateServiceAccountRequest request;
  request.set_client_id(std::string(client_id));
  request.set_client_secret(std::string(client_secret));
  v1::AuthenticateServiceAccountResponse response;
  const grpc::Status status = stub_->AuthenticateServiceAccount(
      peer_call->context(), request, &response);
  if (!status.ok()) {
    return FromPeerStatus(status, options_, "AuthenticateServiceAccount");
  }
  auth::FetchedToken token;
  token.access_token = response.token().access_token();
  token.lifetime = absl::Seconds(
      google::protobuf::util::TimeUtil::DurationToSeconds(
          response.token().expires_in()));
  return token;
}

absl::StatusOr<std::vector<auth::Revocation>>
GrpcIdentityClient::ListRevocations(const CallMetadata& call,
                                    int64_t after_sequence, int page_size) {
  ASSIGN_OR_RETURN(std::unique_ptr<PeerCall> peer_call,
                   StartPeerCall(options_, "ListRevocations", call,
                                 /*authenticated=*/true));
  v1::ListRevocationsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_page_size(page_size);
  v1::ListRevocationsResponse response;
  const grpc::Status status =
      stub_->ListRevocations(peer_call->context(), request, &response);
  if (!status.ok()) return FromPeerStatus(status, options_, "ListRevocations");
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

absl::StatusOr<events::EventPage> GrpcIdentityClient::ListDomainEvents(
    const CallMetadata& call, int64_t after_sequence, int page_size) {
  ASSIGN_OR_RETURN(std::unique_ptr<PeerCall> peer_call,
                   StartPeerCall(options_, "ListDomainEvents", call,
                                 /*authenticated=*/true));
  v1::ListDomainEventsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_page_size(page_size);
  v1::ListDomainEventsResponse response;
  const grpc::Status status =
      stub_->ListDomainEvents(peer_call->context(), request, &response);
  if (!status.ok()) return FromPeerStatus(status, options_, "ListDomainEvents");
  return events::EventPageFromProto(response);
}

}  // namespace masar::identity
