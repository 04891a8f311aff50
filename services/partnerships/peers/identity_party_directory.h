#ifndef MASAR_SERVICES_PARTNERSHIPS_PEERS_IDENTITY_PARTY_DIRECTORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_PEERS_IDENTITY_PARTY_DIRECTORY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/grpc/call_metadata.h"
#include "services/identity/client/identity_client.h"
#include "services/partnerships/domain/party_directory.h"

namespace masar::partnerships {

// The identity client to use for one call. `masar serve` hands
// `[peers] { return peers->identity(); }`: a service asks for its peer's
// client where it calls, since the in-process one exists only once the
// server has started (services/masar/peers.h).
using IdentityClientSource =
    std::function<std::shared_ptr<identity::IdentityClient>()>;

// PartyDirectory over identity's client: what partnerships checks of
// parties, asked with the calling request's metadata. Identity unreachable
// or past the deadline is UNAVAILABLE (the client's answer); NOT_FOUND
// passes through as the port says; any other refusal by identity (this
// service's token refused, say) is UNAVAILABLE too, since the caller can
// do nothing about it. Thread-safe.
class IdentityPartyDirectory final : public PartyDirectory {
 public:
  explicit IdentityPartyDirectory(IdentityClientSource identity)
      : identity_(std::move(identity)) {}

  // A deleted organization (kept readable by identity) is NOT_FOUND: it
  // can no longer be a party.
  absl::Status CheckOrganization(const CallMetadata& call,
                                 absl::string_view organization_id) override;
  absl::Status CheckUser(const CallMetadata& call,
                         absl::string_view user_id) override;
  // The user's state first (a disabled or erased user is not asked about
  // further), then the membership and its title.
  absl::StatusOr<SignatoryFacts> CheckSignatory(
      const CallMetadata& call, absl::string_view organization_id,
      absl::string_view user_id) override;
  absl::StatusOr<std::vector<std::string>> OrganizationsOf(
      const CallMetadata& call, absl::string_view user_id) override;

 private:
  const IdentityClientSource identity_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_PEERS_IDENTITY_PARTY_DIRECTORY_H_
