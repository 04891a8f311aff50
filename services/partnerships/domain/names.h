#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_NAMES_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/kpi.h"
#include "services/partnerships/domain/obligation.h"

// Resource names of partnerships (and of the identity and onboarding
// resources it names) and the proto names of its enums, as the contract
// spells them. Parsers answer INVALID_ARGUMENT naming `field`.
namespace masar::partnerships {

std::string AgreementName(absl::string_view id);
std::string OrganizationName(absl::string_view id);
std::string UserName(absl::string_view id);
std::string ProgramName(absl::string_view id);
std::string ObligationName(const Obligation& obligation);
std::string ObligationName(absl::string_view agreement_id,
                           absl::string_view obligation_id);
std::string KpiName(const Kpi& kpi);
std::string KpiName(absl::string_view agreement_id, absl::string_view kpi_id);
std::string MeasurementName(const KpiMeasurement& measurement);

// "agreements/{uuid}" -> the uuid.
absl::StatusOr<std::string> ParseAgreementName(absl::string_view field,
                                               absl::string_view name);

// "agreements/{uuid}/obligations/{uuid}" and "agreements/{uuid}/kpis/{uuid}".
struct ChildKey {
  std::string agreement_id;
  std::string id;
};
absl::StatusOr<ChildKey> ParseObligationName(absl::string_view field,
                                             absl::string_view name);
absl::StatusOr<ChildKey> ParseKpiName(absl::string_view field,
                                      absl::string_view name);

// "organizations/{uuid}" / "users/{uuid}" -> the uuid.
absl::StatusOr<std::string> ParseOrganizationName(absl::string_view field,
                                                  absl::string_view name);
absl::StatusOr<std::string> ParseUserName(absl::string_view field,
                                          absl::string_view name);

// Ids of identity's organizations and users, and of this service's
// resources: UUID text.
bool IsResourceId(absl::string_view id);
// Onboarding's programme ids, chosen by their creators ("spark-2022-ma"):
// 1..63 lower-case letters, digits and hyphens, starting with a letter.
bool IsProgramId(absl::string_view id);

// The proto enum value names ("STATE_ACTIVE", "KIND_MOU", ...).
absl::string_view StateName(AgreementState state);
absl::string_view KindName(AgreementKind kind);
absl::string_view RoleName(PartyRole role);
absl::string_view ScopeAreaName(ScopeArea area);
absl::string_view SignatoryStatusName(SignatoryStatus status);
absl::string_view DirectionName(KpiDirection direction);
absl::string_view ObligationStateName(ObligationState state);

// "YYYY-MM-DD".
std::string DateText(absl::CivilDay day);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_NAMES_H_
