#include "services/identity/domain/organization.h"

#include "absl/strings/ascii.h"

namespace masar::identity {

bool IsInstitutionalKind(OrganizationKind kind) {
  return kind == OrganizationKind::kGovernmentBody ||
         kind == OrganizationKind::kAgency ||
         kind == OrganizationKind::kResearchInstitute ||
         kind == OrganizationKind::kInternationalOrganization;
}

bool IsFoundedKind(OrganizationKind kind) {
  return kind == OrganizationKind::kStartup || kind == OrganizationKind::kSme;
}

std::string OrganizationSearchText(const LocalizedText& display_name) {
  return absl::AsciiStrToLower(absl::StrCat(
      display_name.ar, "\n", display_name.fr, "\n", display_name.en));
}

}  // namespace masar::identity
