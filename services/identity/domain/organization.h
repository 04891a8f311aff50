#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ORGANIZATION_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ORGANIZATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/aip/etag.h"
#include "common/i18n/localized_text.h"

namespace masar::identity {

// Values match masar.identity.v1.Organization.Kind.
enum class OrganizationKind {
  kUnspecified = 0,
  kGovernmentBody = 1,
  kAgency = 2,
  kCompany = 3,
  kStartup = 4,
  kSme = 5,
  kInvestor = 6,
  kAssociation = 7,
  kResearchInstitute = 8,
  kInternationalOrganization = 9,
};

// Kinds only PLATFORM_ADMIN or PARTNERSHIP_OFFICER create, and whose
// creator does not become a member.
bool IsInstitutionalKind(OrganizationKind kind);
// STARTUP and SME: the creator also becomes FOUNDER scoped to it.
bool IsFoundedKind(OrganizationKind kind);

struct Organization {
  std::string id;  // UUIDv4; the resource name is "organizations/{id}"
  LocalizedText display_name;
  OrganizationKind kind = OrganizationKind::kUnspecified;
  std::string country;  // ISO 3166-1 alpha-2, upper case
  std::string ice;      // 15 digits or empty
  std::string website;  // https URL or empty
  absl::Time create_time;
  absl::Time update_time;
  // Set by the soft delete; a deleted organization is final.
  std::optional<absl::Time> delete_time;
  int64_t version = 0;

  bool deleted() const { return delete_time.has_value(); }
  std::string name() const { return absl::StrCat("organizations/", id); }
  std::string etag() const { return aip::RenderEtag(version); }

  friend bool operator==(const Organization&, const Organization&) = default;
};

// The lower-cased (ASCII) display names in every language, one per line,
// which the display-name filter matches against.
std::string OrganizationSearchText(const LocalizedText& display_name);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ORGANIZATION_H_
