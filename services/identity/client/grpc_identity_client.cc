#include "services/identity/client/grpc_identity_client.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/events/domain_event_proto.h"
#include "common/status/status_macros.h"
#include "services/identity/api/revocation_mapping.h"

namespace masar::identity {
namespace {

using Stub = v1::IdentityService::StubInterface;

// How many pages of one user's memberships ListMemberships reads at most:
// far beyond any real user, a bound on a peer that keeps answering tokens.
constexpr int kMaxMembershipPages = 100;
constexpr int kMembershipPageSize = 500;

// One authenticated unary call of `rpc` under `call`'s deadline.
template <typename Request, typename Response>
absl::Status CallIdentity(Stub& stub, const PeerCallOptions& options,
                          absl::string_view method, const CallMetadata& call,
                          grpc::Status (Stub::*rpc)(grpc::ClientContext*,
                                                    const Request&, Response*),
                          const Request& request, Response* response) {
  ASSIGN_OR_RETURN(std::unique_ptr<PeerCall> peer_call,
                   StartPeerCall(options, method, call,
                                 /*authenticated=*/true));
  const grpc::Status status =
      (stub.*rpc)(peer_call->context(), request, response);
  if (!status.ok()) return FromPeerStatus(status, options, method);
  return absl::OkStatus();
}

// An id as the last segment of a resource name: not empty, no '/'.
absl::Status CheckId(absl::string_view what, absl::string_view id) {
  if (id.empty() || absl::StrContains(id, '/')) {
    return absl::InvalidArgumentError(
        absl::StrCat("identity: malformed ", what, " id"));
  }
  return absl::OkStatus();
}

}  // namespace

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

absl::StatusOr<OrganizationStanding> GrpcIdentityClient::GetOrganization(
    const CallMetadata& call, absl::string_view organization_id) {
  RETURN_IF_ERROR(CheckId("organization", organization_id));
  v1::GetOrganizationRequest request;
  request.set_name(absl::StrCat("organizations/", organization_id));
  v1::GetOrganizationResponse response;
  RETURN_IF_ERROR(CallIdentity(*stub_, options_, "GetOrganization", call,
                               &Stub::GetOrganization, request, &response));
  return response.organization().has_delete_time()
             ? OrganizationStanding::kDeleted
             : OrganizationStanding::kActive;
}

absl::StatusOr<Membership> GrpcIdentityClient::GetMember(
    const CallMetadata& call, absl::string_view organization_id,
    absl::string_view user_id) {
  RETURN_IF_ERROR(CheckId("organization", organization_id));
  RETURN_IF_ERROR(CheckId("user", user_id));
  v1::GetMemberRequest request;
  request.set_name(
      absl::StrCat("organizations/", organization_id, "/members/", user_id));
  v1::GetMemberResponse response;
  RETURN_IF_ERROR(CallIdentity(*stub_, options_, "GetMember", call,
                               &Stub::GetMember, request, &response));
  return Membership{.organization_id = std::string(organization_id),
                    .title = response.member().title()};
}

absl::StatusOr<UserStanding> GrpcIdentityClient::GetUser(
    const CallMetadata& call, absl::string_view user_id) {
  RETURN_IF_ERROR(CheckId("user", user_id));
  v1::GetUserRequest request;
  request.set_name(absl::StrCat("users/", user_id));
  v1::GetUserResponse response;
  RETURN_IF_ERROR(CallIdentity(*stub_, options_, "GetUser", call,
                               &Stub::GetUser, request, &response));
  // Only the state leaves this function: the rest of the user is personal.
  switch (response.user().state()) {
    case v1::User::STATE_ACTIVE:
      return UserStanding::kActive;
    case v1::User::STATE_DISABLED:
      return UserStanding::kDisabled;
    case v1::User::STATE_ERASED:
      return UserStanding::kErased;
    default:
      return absl::InternalError("identity answered a user without a state");
  }
}

absl::StatusOr<std::vector<Membership>> GrpcIdentityClient::ListMemberships(
    const CallMetadata& call, absl::string_view user_id) {
  RETURN_IF_ERROR(CheckId("user", user_id));
  // Every page within the one deadline the first call would have had.
  CallMetadata pages = call;
  pages.deadline = std::min(call.deadline, absl::Now() + options_.deadline);
  v1::ListMembersRequest request;
  request.set_parent("organizations/-");
  request.set_user(absl::StrCat("users/", user_id));
  request.set_page_size(kMembershipPageSize);
  std::vector<Membership> memberships;
  for (int page = 0; page < kMaxMembershipPages; ++page) {
    v1::ListMembersResponse response;
    RETURN_IF_ERROR(CallIdentity(*stub_, options_, "ListMembers", pages,
                                 &Stub::ListMembers, request, &response));
    for (const v1::Member& member : response.members()) {
      // "organizations/{organization}/members/{user}"
      const std::vector<absl::string_view> parts =
          absl::StrSplit(member.name(), '/');
      if (parts.size() != 4 || parts[0] != "organizations" ||
          parts[1].empty()) {
        return absl::InternalError("identity answered a malformed member name");
      }
      memberships.push_back(Membership{.organization_id = std::string(parts[1]),
                                       .title = member.title()});
    }
    if (response.next_page_token().empty()) return memberships;
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError("identity kept answering pages of memberships");
}

}  // namespace masar::identity
