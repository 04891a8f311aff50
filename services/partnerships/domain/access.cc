#include "services/partnerships/domain/access.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

using auth::Role;

bool ReadsOrganization(const auth::Caller& caller, absl::string_view org_id) {
  const std::string name = OrganizationName(org_id);
  return caller.HasRole(Role::kPartnershipOfficer, name) ||
         caller.HasRole(Role::kAuditor, name);
}

}  // namespace

bool ReadsEverything(const auth::Caller& caller) {
  return caller.IsPlatformAdmin() ||
         caller.HasGlobalRole(Role::kPartnershipOfficer) ||
         caller.HasGlobalRole(Role::kAuditor);
}

bool MayReadByRole(const auth::Caller& caller, const Agreement& agreement) {
  if (ReadsEverything(caller)) return true;
  const std::string user_id = UserIdOf(caller);
  for (const Party& party : agreement.terms.parties) {
    if (ReadsOrganization(caller, party.organization_id)) return true;
    if (!user_id.empty() && party.signatory_id == user_id) return true;
  }
  return false;
}

bool MayManage(const auth::Caller& caller, const Agreement& agreement) {
  return caller.IsPlatformAdmin() ||
         IsOfficerFor(caller, LeadOrganization(agreement.terms));
}

bool IsReadingService(const auth::Caller& caller) {
  return caller.IsServiceAccount() && caller.HasGlobalRole(auth::Role::kService);
}

bool MayApprove(const auth::Caller& caller) {
  return caller.IsPlatformAdmin() ||
         caller.HasGlobalRole(Role::kPartnershipOfficer);
}

bool IsOfficerFor(const auth::Caller& caller,
                  absl::string_view organization_id) {
  return !organization_id.empty() &&
         caller.HasRole(Role::kPartnershipOfficer,
                        OrganizationName(organization_id));
}

bool MayProgressObligation(const auth::Caller& caller,
                           const Agreement& agreement,
                           absl::string_view responsible_party_id) {
  return MayManage(caller, agreement) ||
         IsOfficerFor(caller, responsible_party_id);
}

bool MayRecordMeasurement(const auth::Caller& caller,
                          const Agreement& agreement) {
  if (caller.IsPlatformAdmin()) return true;
  return std::any_of(agreement.terms.parties.begin(),
                     agreement.terms.parties.end(), [&](const Party& party) {
                       return IsOfficerFor(caller, party.organization_id);
                     });
}

std::string UserIdOf(const auth::Caller& caller) {
  absl::string_view subject = caller.subject();
  if (!absl::ConsumePrefix(&subject, "users/")) return "";
  return std::string(subject);
}

std::vector<std::string> ScopedOrganizations(const auth::Caller& caller) {
  std::vector<std::string> organizations;
  for (const auth::RoleBinding& binding : caller.bindings()) {
    if (binding.role != Role::kPartnershipOfficer &&
        binding.role != Role::kAuditor) {
      continue;
    }
    absl::string_view scope = binding.scope;
    if (absl::ConsumePrefix(&scope, "organizations/") && !scope.empty()) {
      organizations.emplace_back(scope);
    }
  }
  return organizations;
}

Visibility VisibilityOf(const auth::Caller& caller,
                        const std::vector<std::string>& member_of) {
  Visibility visibility;
  visibility.organization_ids = ScopedOrganizations(caller);
  visibility.organization_ids.insert(visibility.organization_ids.end(),
                                     member_of.begin(), member_of.end());
  std::sort(visibility.organization_ids.begin(),
            visibility.organization_ids.end());
  visibility.organization_ids.erase(
      std::unique(visibility.organization_ids.begin(),
                  visibility.organization_ids.end()),
      visibility.organization_ids.end());
  visibility.signatory_id = UserIdOf(caller);
  return visibility;
}

bool HasPartyAmong(const Agreement& agreement,
                   const std::vector<std::string>& organizations) {
  return std::any_of(organizations.begin(), organizations.end(),
                     [&](const std::string& id) {
                       return FindParty(agreement.terms, id) != nullptr;
                     });
}

}  // namespace masar::partnerships
