#ifndef MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_CLIENT_H_
#define MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_CLIENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/jwks.h"
#include "common/auth/revocation.h"
#include "common/events/event.h"
#include "common/auth/service_token_source.h"
#include "common/grpc/call_metadata.h"

namespace masar::identity {

// Whether an organization can still take part in anything: identity keeps a
// deleted one readable (AIP-164) so that references to it resolve.
enum class OrganizationStanding { kActive, kDeleted };

// A user's state, and nothing else of the user: callers never see, log or
// keep identity's personal fields.
enum class UserStanding { kActive, kDisabled, kErased };

// One membership of a user in an organization.
struct Membership {
  std::string organization_id;
  // The member's title in the organization ("Director General"); may be
  // empty.
  std::string title;

  friend bool operator==(const Membership&, const Membership&) = default;
};

// The identity service as the other services call it (the model of every
// peer client: services/<svc>/client/). Implementations give each call a
// deadline no later than `call.deadline`; identity unreachable, down or
// past the deadline is UNAVAILABLE naming the method, any other refusal is
// identity's own status. GrpcIdentityClient is the implementation; tests
// of callers use MockIdentityClient (services/identity/testing/).
// Thread-safe.
class IdentityClient {
 public:
  virtual ~IdentityClient() = default;

  // The public keys that verify access tokens (GetJwks), by the rules of
  // auth::Jwks::FromJson: keys of other types are skipped, a malformed
  // Ed25519 key refuses the whole set.
  virtual absl::StatusOr<auth::Jwks> GetJwks(const CallMetadata& call) = 0;

  // A service account's access token (AuthenticateServiceAccount).
  virtual absl::StatusOr<auth::FetchedToken> AuthenticateServiceAccount(
      const CallMetadata& call, absl::string_view client_id,
      absl::string_view client_secret) = 0;

  // Up to `page_size` revocations after `after_sequence`, in sequence order
  // (ListRevocations). SERVICE only: the client must carry the calling
  // process's SERVICE token.
  virtual absl::StatusOr<std::vector<auth::Revocation>> ListRevocations(
      const CallMetadata& call, int64_t after_sequence, int page_size) = 0;

  // Up to `page_size` of identity's domain events after `after_sequence`,
  // in order, and the oldest sequence identity keeps (ListDomainEvents).
  // SERVICE only.
  virtual absl::StatusOr<events::EventPage> ListDomainEvents(
      const CallMetadata& call, int64_t after_sequence, int page_size) = 0;

  // Reads of the directory that partnerships checks parties with. Ids are
  // the last segment of identity's names ("organizations/{id}",
  // "users/{id}"); a malformed one is INVALID_ARGUMENT before any call.
  // They carry the calling process's SERVICE token.

  // The organization's standing (GetOrganization); NOT_FOUND when identity
  // never had it.
  virtual absl::StatusOr<OrganizationStanding> GetOrganization(
      const CallMetadata& call, absl::string_view organization_id) = 0;

  // The user's membership of the organization (GetMember); NOT_FOUND when
  // the user is not a member (or either does not exist).
  virtual absl::StatusOr<Membership> GetMember(
      const CallMetadata& call, absl::string_view organization_id,
      absl::string_view user_id) = 0;

  // The user's state (GetUser); NOT_FOUND when identity never had the user.
  virtual absl::StatusOr<UserStanding> GetUser(const CallMetadata& call,
                                               absl::string_view user_id) = 0;

  // Every membership of the user, across organizations (ListMembers with
  // parent "organizations/-", all pages within the one deadline).
  virtual absl::StatusOr<std::vector<Membership>> ListMemberships(
      const CallMetadata& call, absl::string_view user_id) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_CLIENT_H_
