#include "services/partnerships/peers/identity_party_directory.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace masar::partnerships {
namespace {

// Identity's answer as this port reports it: NOT_FOUND, UNAVAILABLE and
// INVALID_ARGUMENT (a malformed id) as they are, anything else UNAVAILABLE.
absl::Status Reported(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kInvalidArgument:
      return status;
    default:
      return absl::UnavailableError(absl::StrCat(
          "identity refused partnerships' check: ", status.message()));
  }
}

SignatoryFacts Facts(SignatoryStatus status, std::string member_title = "") {
  return SignatoryFacts{.status = status,
                        .member_title = std::move(member_title)};
}

absl::Status NoIdentity() {
  return absl::UnavailableError("identity is not reachable from here");
}

}  // namespace

absl::Status IdentityPartyDirectory::CheckOrganization(
    const CallMetadata& call, absl::string_view organization_id) {
  std::shared_ptr<identity::IdentityClient> identity = identity_();
  if (identity == nullptr) return NoIdentity();
  absl::StatusOr<identity::OrganizationStanding> standing =
      identity->GetOrganization(call, organization_id);
  if (!standing.ok()) return Reported(standing.status());
  if (*standing == identity::OrganizationStanding::kDeleted) {
    return absl::NotFoundError(
        absl::StrCat("organizations/", organization_id, " was deleted"));
  }
  return absl::OkStatus();
}

absl::Status IdentityPartyDirectory::CheckUser(const CallMetadata& call,
                                               absl::string_view user_id) {
  std::shared_ptr<identity::IdentityClient> identity = identity_();
  if (identity == nullptr) return NoIdentity();
  return Reported(identity->GetUser(call, user_id).status());
}

absl::StatusOr<SignatoryFacts> IdentityPartyDirectory::CheckSignatory(
    const CallMetadata& call, absl::string_view organization_id,
    absl::string_view user_id) {
  std::shared_ptr<identity::IdentityClient> identity = identity_();
  if (identity == nullptr) return NoIdentity();
  absl::StatusOr<identity::UserStanding> user =
      identity->GetUser(call, user_id);
  if (!user.ok()) return Reported(user.status());
  switch (*user) {
    case identity::UserStanding::kDisabled:
      return Facts(SignatoryStatus::kUserDisabled);
    case identity::UserStanding::kErased:
      return Facts(SignatoryStatus::kUserErased);
    case identity::UserStanding::kActive:
      break;
  }
  absl::StatusOr<identity::Membership> member =
      identity->GetMember(call, organization_id, user_id);
  if (absl::IsNotFound(member.status())) {
    return Facts(SignatoryStatus::kNotAMember);
  }
  if (!member.ok()) return Reported(member.status());
  return Facts(SignatoryStatus::kValid, member->title);
}

absl::StatusOr<std::vector<std::string>>
IdentityPartyDirectory::OrganizationsOf(const CallMetadata& call,
                                        absl::string_view user_id) {
  std::shared_ptr<identity::IdentityClient> identity = identity_();
  if (identity == nullptr) return NoIdentity();
  absl::StatusOr<std::vector<identity::Membership>> memberships =
      identity->ListMemberships(call, user_id);
  if (!memberships.ok()) return Reported(memberships.status());
  std::vector<std::string> organizations;
  organizations.reserve(memberships->size());
  for (identity::Membership& membership : *memberships) {
    organizations.push_back(std::move(membership.organization_id));
  }
  return organizations;
}

}  // namespace masar::partnerships
