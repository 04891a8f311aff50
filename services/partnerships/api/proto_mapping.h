#ifndef MASAR_SERVICES_PARTNERSHIPS_API_PROTO_MAPPING_H_
#define MASAR_SERVICES_PARTNERSHIPS_API_PROTO_MAPPING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "masar/partnerships/v1/partnership_service.pb.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/kpi.h"
#include "services/partnerships/domain/obligation.h"

// masar.partnerships.v1 <-> the partnerships domain. Output-only fields
// come from the domain as readers see it today (state, `in_force`,
// `overdue` derived by the registry); etags render the version. Names
// given as ids in the domain (parties' organizations and signatories,
// nomination rights) are parsed here, an ill-formed one INVALID_ARGUMENT
// naming its request field; other names pass as given and the registry
// checks them. Proto enum values the domain does not know map to its
// kUnspecified, which the registry refuses as missing.
namespace masar::partnerships {

v1::Agreement::Kind ToProto(AgreementKind kind);
AgreementKind FromProto(v1::Agreement::Kind kind);
v1::Agreement::State ToProto(AgreementState state);
AgreementState FromProto(v1::Agreement::State state);
v1::Party::Role ToProto(PartyRole role);
PartyRole FromProto(v1::Party::Role role);
v1::Party::SignatoryStatus ToProto(SignatoryStatus status);
v1::ScopeArea ToProto(ScopeArea area);
ScopeArea FromProto(v1::ScopeArea area);
v1::Obligation::State ToProto(ObligationState state);
ObligationState FromProto(v1::Obligation::State state);
v1::Kpi::Direction ToProto(KpiDirection direction);
KpiDirection FromProto(v1::Kpi::Direction direction);

v1::Agreement ToProto(const Agreement& agreement);
v1::Obligation ToProto(const Obligation& obligation);
v1::Kpi ToProto(const Kpi& kpi);
v1::KpiMeasurement ToProto(const KpiMeasurement& measurement);

// The terms of `agreement` (the request field `prefix`, "agreement"):
// every term field, whatever is set; `effective_on` must be set when
// `effective_on_required` (a create; an update whose mask names it),
// otherwise it is read only when set.
absl::StatusOr<AgreementTerms> TermsFromProto(const v1::Agreement& agreement,
                                              absl::string_view prefix,
                                              bool effective_on_required);

// Requests into the registry's commands.
absl::StatusOr<NewAgreement> FromProto(
    const v1::CreateAgreementRequest& request);
absl::StatusOr<PaperAgreement> FromProto(
    const v1::RecordPaperAgreementRequest& request);
absl::StatusOr<AgreementUpdate> FromProto(
    const v1::UpdateAgreementRequest& request);
absl::StatusOr<Renewal> FromProto(const v1::RenewAgreementRequest& request);
absl::StatusOr<AgreementListRequest> FromProto(
    const v1::ListAgreementsRequest& request);
absl::StatusOr<NewObligation> FromProto(
    const v1::CreateObligationRequest& request);
absl::StatusOr<ObligationUpdate> FromProto(
    const v1::UpdateObligationRequest& request);
absl::StatusOr<ObligationListRequest> FromProto(
    const v1::ListObligationsRequest& request);
NewKpi FromProto(const v1::CreateKpiRequest& request);
KpiUpdate FromProto(const v1::UpdateKpiRequest& request);
absl::StatusOr<NewMeasurement> FromProto(
    const v1::RecordKpiMeasurementRequest& request);

// GetAgreementLineage's answer: entries the caller may not read carry
// only their name.
v1::GetAgreementLineageResponse ToProto(const Lineage& lineage);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_API_PROTO_MAPPING_H_
