#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTY_DIRECTORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTY_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/grpc/call_metadata.h"
#include "services/partnerships/domain/agreement.h"

namespace masar::partnerships {

// What identity says of a party's signatory.
struct SignatoryFacts {
  // kValid: an ACTIVE user and a member of the organization; otherwise
  // why not.
  SignatoryStatus status = SignatoryStatus::kUnspecified;
  std::string member_title;  // identity's title of the membership, or empty
};

// The port to identity for what partnerships checks of parties: the
// organizations, the signatories and who is a member of what. Every call
// carries the calling request's metadata (deadline, request id, trace);
// identity unreachable or past the deadline is UNAVAILABLE. Never called
// inside a transaction: use cases gather these facts first.
// The adapter is services/partnerships/peers/identity_party_directory.h
// (over identity's client); tests use a fake.
class PartyDirectory {
 public:
  virtual ~PartyDirectory() = default;

  // OK when the organization exists, NOT_FOUND when it does not.
  virtual absl::Status CheckOrganization(const CallMetadata& call,
                                         absl::string_view organization_id) = 0;
  // NOT_FOUND when the user does not exist.
  virtual absl::Status CheckUser(const CallMetadata& call,
                                 absl::string_view user_id) = 0;
  // The user's standing as a signatory for the organization; NOT_FOUND
  // when the user does not exist.
  virtual absl::StatusOr<SignatoryFacts> CheckSignatory(
      const CallMetadata& call, absl::string_view organization_id,
      absl::string_view user_id) = 0;
  // The ids of the organizations the user is a member of.
  virtual absl::StatusOr<std::vector<std::string>> OrganizationsOf(
      const CallMetadata& call, absl::string_view user_id) = 0;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTY_DIRECTORY_H_
