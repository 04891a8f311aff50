#ifndef MASAR_SERVICES_IDENTITY_CLIENT_GRPC_IDENTITY_CLIENT_H_
#define MASAR_SERVICES_IDENTITY_CLIENT_GRPC_IDENTITY_CLIENT_H_

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "common/grpc/peer_call.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/client/identity_client.h"

namespace masar::identity {

// IdentityClient over a gRPC channel: the server's in-process channel when
// this process hosts identity, otherwise one to `--identity-target`
// (NewPeerChannel). `options.token` goes on the calls that need a caller
// (all but GetJwks and AuthenticateServiceAccount).
class GrpcIdentityClient final : public IdentityClient {
 public:
  GrpcIdentityClient(std::shared_ptr<grpc::Channel> channel,
                     PeerCallOptions options);

  absl::StatusOr<auth::Jwks> GetJwks(const CallMetadata& call) override;
  absl::StatusOr<auth::FetchedToken> AuthenticateServiceAccount(
      const CallMetadata& call, absl::string_view client_id,
      absl::string_view client_secret) override;
  absl::StatusOr<std::vector<auth::Revocation>> ListRevocations(
      const CallMetadata& call, int64_t after_sequence,
      int page_size) override;
  absl::StatusOr<events::EventPage> ListDomainEvents(
      const CallMetadata& call, int64_t after_sequence,
      int page_size) override;
  absl::StatusOr<OrganizationStanding> GetOrganization(
      const CallMetadata& call, absl::string_view organization_id) override;
  absl::StatusOr<Membership> GetMember(const CallMetadata& call,
                                       absl::string_view organization_id,
                                       absl::string_view user_id) override;
  absl::StatusOr<UserStanding> GetUser(const CallMetadata& call,
                                       absl::string_view user_id) override;
  absl::StatusOr<std::vector<Membership>> ListMemberships(
      const CallMetadata& call, absl::string_view user_id) override;

 private:
  const std::unique_ptr<v1::IdentityService::StubInterface> stub_;
  const PeerCallOptions options_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CLIENT_GRPC_IDENTITY_CLIENT_H_
