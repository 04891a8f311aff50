#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_ACCESS_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_ACCESS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/auth/caller.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/agreement_repository.h"

// Who may do what with an agreement, object by object, as the Access lines
// of protos/masar/partnerships/v1/partnership_service.proto say. What needs
// identity (membership of a party organization) is the registry's to ask;
// these answer from the caller's roles and the agreement alone.
namespace masar::partnerships {

// PLATFORM_ADMIN, or PARTNERSHIP_OFFICER or AUDITOR on `*`: reads all.
bool ReadsEverything(const auth::Caller& caller);

// Reads `agreement` without asking identity: ReadsEverything, an officer
// or auditor on a party's organization, or a party's signatory.
bool MayReadByRole(const auth::Caller& caller, const Agreement& agreement);

// Drafts and manages it: PLATFORM_ADMIN, or PARTNERSHIP_OFFICER on `*` or
// on the LEAD party's organization.
bool MayManage(const auth::Caller& caller, const Agreement& agreement);

// PLATFORM_ADMIN or PARTNERSHIP_OFFICER on `*`: RequestSignatures and
// RecordPaperAgreement, the agency's partnerships office.
bool MayApprove(const auth::Caller& caller);

// A SERVICE principal: it reads every agreement (GetAgreement) and signs
// none, so SignAgreement tells it PERMISSION_DENIED, not NOT_FOUND.
bool IsReadingService(const auth::Caller& caller);

// PARTNERSHIP_OFFICER on `organizations/{organization_id}` (or on `*`).
bool IsOfficerFor(const auth::Caller& caller,
                  absl::string_view organization_id);

// Start and Complete an obligation: MayManage, or an officer of the
// obligation's responsible party.
bool MayProgressObligation(const auth::Caller& caller,
                           const Agreement& agreement,
                           absl::string_view responsible_party_id);

// Record a KPI measurement: PLATFORM_ADMIN, or PARTNERSHIP_OFFICER on `*`
// or on any party's organization.
bool MayRecordMeasurement(const auth::Caller& caller,
                          const Agreement& agreement);

// The caller's user id ("users/{id}" subject), or empty for a service
// account or an anonymous caller.
std::string UserIdOf(const auth::Caller& caller);

// The organizations whose agreements the caller's officer or auditor roles
// reach when scoped to one.
std::vector<std::string> ScopedOrganizations(const auth::Caller& caller);

// The Visibility of a caller who does not read everything: their scoped
// organizations, those they are a member of, and their signatures.
Visibility VisibilityOf(const auth::Caller& caller,
                        const std::vector<std::string>& member_of);

// Whether an organization in `organizations` is a party of `agreement`.
bool HasPartyAmong(const Agreement& agreement,
                   const std::vector<std::string>& organizations);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_ACCESS_H_
