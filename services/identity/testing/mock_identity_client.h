#ifndef MASAR_SERVICES_IDENTITY_TESTING_MOCK_IDENTITY_CLIENT_H_
#define MASAR_SERVICES_IDENTITY_TESTING_MOCK_IDENTITY_CLIENT_H_

#include "gmock/gmock.h"
#include "services/identity/client/identity_client.h"

namespace masar::identity {

// Identity as a service under test sees it through Peers::identity().
class MockIdentityClient : public IdentityClient {
 public:
  MOCK_METHOD(absl::StatusOr<auth::Jwks>, GetJwks, (const CallMetadata& call),
              (override));
  MOCK_METHOD(absl::StatusOr<auth::FetchedToken>, AuthenticateServiceAccount,
              (const CallMetadata& call, absl::string_view client_id,
               absl::string_view client_secret),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<auth::Revocation>>, ListRevocations,
              (const CallMetadata& call, int64_t after_sequence, int page_size),
              (override));
  MOCK_METHOD(absl::StatusOr<events::EventPage>, ListDomainEvents,
              (const CallMetadata& call, int64_t after_sequence, int page_size),
              (override));
  MOCK_METHOD(absl::StatusOr<OrganizationStanding>, GetOrganization,
              (const CallMetadata& call, absl::string_view organization_id),
              (override));
  MOCK_METHOD(absl::StatusOr<Membership>, GetMember,
              (const CallMetadata& call, absl::string_view organization_id,
               absl::string_view user_id),
              (override));
  MOCK_METHOD(absl::StatusOr<UserStanding>, GetUser,
              (const CallMetadata& call, absl::string_view user_id),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<Membership>>, ListMemberships,
              (const CallMetadata& call, absl::string_view user_id),
              (override));
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_TESTING_MOCK_IDENTITY_CLIENT_H_
