#include "services/partnerships/api/proto_mapping.h"

#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/aip/etag.h"
#include "common/aip/update_mask.h"
#include "common/proto_mapping/proto_mapping.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {

// The common mappers (LocalizedText), hidden by this namespace's overloads.
using ::masar::FromProto;
using ::masar::ToProto;

namespace {

// A proto enum value as the domain's enumerator of the same number (the
// domain keeps the proto's numbers), or the domain's kUnspecified for a
// value this binary does not know.
template <typename To, typename From>
To SameNumber(From value, int max) {
  const int number = static_cast<int>(value);
  return number >= 0 && number <= max ? static_cast<To>(number) : To{};
}

std::string At(absl::string_view prefix, absl::string_view list, int i,
               absl::string_view field) {
  return absl::StrCat(prefix, ".", list, "[", i, "].", field);
}

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

aip::PageRequest PageOf(int32_t page_size, const std::string& page_token) {
  return aip::PageRequest{.page_size = page_size, .page_token = page_token};
}

// A date the request must carry.
absl::StatusOr<absl::CivilDay> RequiredDate(bool has,
                                            const common::v1::Date& date,
                                            absl::string_view field) {
  if (!has) return InvalidArgumentError(field, "required: a full date");
  return FromProtoDate(date, field);
}

// A date the request may carry.
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDate(
    bool has, const common::v1::Date& date, absl::string_view field) {
  if (!has) return std::optional<absl::CivilDay>();
  ASSIGN_OR_RETURN(absl::CivilDay day, FromProtoDate(date, field));
  return std::optional<absl::CivilDay>(day);
}

std::optional<google::protobuf::Timestamp> TimeOf(
    const std::optional<absl::Time>& time) {
  if (!time.has_value()) return std::nullopt;
  return ToProtoTimestamp(*time);
}

v1::Party PartyToProto(const Party& party) {
  v1::Party out;
  out.set_organization(OrganizationName(party.organization_id));
  out.set_role(ToProto(party.role));
  if (!party.signatory_id.empty()) {
    out.set_signatory(UserName(party.signatory_id));
  }
  out.set_signatory_title(party.signatory_title);
  if (party.signature.has_value()) {
    const PartySignature& signature = *party.signature;
    v1::PartySignature* to = out.mutable_signature();
    to->set_signer(UserName(signature.signer_id));
    *to->mutable_sign_time() = ToProtoTimestamp(signature.sign_time);
    to->set_signed_digest(signature.signed_digest);
    for (const std::string& method : signature.amr) to->add_amr(method);
    to->set_token_id(signature.token_id);
  }
  out.set_signatory_status(ToProto(party.signatory_status));
  return out;
}

absl::StatusOr<Party> PartyFromProto(const v1::Party& party,
                                     absl::string_view prefix, int i) {
  Party out;
  ASSIGN_OR_RETURN(
      out.organization_id,
      ParseOrganizationName(At(prefix, "parties", i, "organization"),
                            party.organization()));
  out.role = FromProto(party.role());
  // Empty only in a paper record, where the registry allows it.
  if (!party.signatory().empty()) {
    ASSIGN_OR_RETURN(out.signatory_id,
                     ParseUserName(At(prefix, "parties", i, "signatory"),
                                   party.signatory()));
  }
  out.signatory_title = party.signatory_title();
  return out;
}

absl::StatusOr<NominationRight> RightFromProto(const v1::NominationRight& right,
                                               absl::string_view prefix,
                                               int i) {
  NominationRight out;
  ASSIGN_OR_RETURN(
      out.organization_id,
      ParseOrganizationName(At(prefix, "nomination_rights", i, "organization"),
                            right.organization()));
  for (int j = 0; j < right.programs_size(); ++j) {
    absl::string_view program = right.programs(j);
    if (!absl::ConsumePrefix(&program, "programs/") || !IsProgramId(program)) {
      return InvalidArgumentError(
          absl::StrCat(At(prefix, "nomination_rights", i, "programs"), "[", j,
                       "]"),
          "must read programs/{program}");
    }
    out.program_ids.emplace_back(program);
  }
  out.max_nominations = right.max_nominations();
  return out;
}

void AddLineageEntry(const LineageEntry& entry,
                     google::protobuf::RepeatedPtrField<v1::Agreement>* out) {
  if (entry.agreement.has_value()) {
    *out->Add() = ToProto(*entry.agreement);
  } else {
    out->Add()->set_name(AgreementName(entry.id));
  }
}

}  // namespace

v1::Agreement::Kind ToProto(AgreementKind kind) {
  return static_cast<v1::Agreement::Kind>(kind);
}
AgreementKind FromProto(v1::Agreement::Kind kind) {
  return SameNumber<AgreementKind>(kind, 5);
}
v1::Agreement::State ToProto(AgreementState state) {
  return static_cast<v1::Agreement::State>(state);
}
AgreementState FromProto(v1::Agreement::State state) {
  return SameNumber<AgreementState>(state, 7);
}
v1::Party::Role ToProto(PartyRole role) {
  return static_cast<v1::Party::Role>(role);
}
PartyRole FromProto(v1::Party::Role role) {
  return SameNumber<PartyRole>(role, 4);
}
v1::Party::SignatoryStatus ToProto(SignatoryStatus status) {
  return static_cast<v1::Party::SignatoryStatus>(status);
}
v1::ScopeArea ToProto(ScopeArea area) {
  return static_cast<v1::ScopeArea>(area);
}
ScopeArea FromProto(v1::ScopeArea area) {
  return SameNumber<ScopeArea>(area, kMaxScopeArea);
}
v1::Obligation::State ToProto(ObligationState state) {
  return static_cast<v1::Obligation::State>(state);
}
ObligationState FromProto(v1::Obligation::State state) {
  return SameNumber<ObligationState>(state, 4);
}
v1::Kpi::Direction ToProto(KpiDirection direction) {
  return static_cast<v1::Kpi::Direction>(direction);
}
KpiDirection FromProto(v1::Kpi::Direction direction) {
  return SameNumber<KpiDirection>(direction, 2);
}

v1::Agreement ToProto(const Agreement& agreement) {
  v1::Agreement out;
  const AgreementTerms& terms = agreement.terms;
  out.set_name(AgreementName(agreement.id));
  out.set_kind(ToProto(terms.kind));
  *out.mutable_title() = ToProto(terms.title);
  *out.mutable_summary() = ToProto(terms.summary);
  for (const Party& party : terms.parties) {
    *out.add_parties() = PartyToProto(party);
  }
  for (ScopeArea area : terms.scope_areas) out.add_scope_areas(ToProto(area));
  *out.mutable_effective_on() = ToProtoDate(terms.effective_on);
  out.set_duration_months(terms.duration_months);
  *out.mutable_expires_on() = ToProtoDate(agreement.expires_on);
  *out.mutable_signing_place() = ToProto(terms.signing_place);
  out.set_terms_document_digest(terms.terms_document_digest);
  if (!agreement.extends_id.empty()) {
    out.set_extends(AgreementName(agreement.extends_id));
  }
  if (!agreement.superseded_by_id.empty()) {
    out.set_superseded_by(AgreementName(agreement.superseded_by_id));
  }
  out.set_content_digest(agreement.content_digest);
  out.set_state(ToProto(agreement.state));
  out.set_state_reason(agreement.state_reason);
  *out.mutable_state_change_time() =
      ToProtoTimestamp(agreement.state_change_time);
  if (auto t = TimeOf(agreement.activate_time))
    *out.mutable_activate_time() = *t;
  if (auto t = TimeOf(agreement.end_time)) *out.mutable_end_time() = *t;
  out.set_creator(agreement.creator);
  *out.mutable_create_time() = ToProtoTimestamp(agreement.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(agreement.update_time);
  out.set_etag(aip::RenderEtag(agreement.version));
  out.set_in_force(agreement.in_force);
  for (const NominationRight& right : terms.nomination_rights) {
    v1::NominationRight* to = out.add_nomination_rights();
    to->set_organization(OrganizationName(right.organization_id));
    for (const std::string& program : right.program_ids) {
      to->add_programs(ProgramName(program));
    }
    to->set_max_nominations(right.max_nominations);
  }
  if (agreement.paper_record.has_value()) {
    const PaperRecord& paper = *agreement.paper_record;
    v1::PaperRecord* to = out.mutable_paper_record();
    *to->mutable_signed_on() = ToProtoDate(paper.signed_on);
    to->set_signed_document_digest(paper.signed_document_digest);
    to->set_recorded_by(paper.recorded_by);
    *to->mutable_record_time() = ToProtoTimestamp(paper.record_time);
  }
  return out;
}

v1::Obligation ToProto(const Obligation& obligation) {
  v1::Obligation out;
  out.set_name(ObligationName(obligation));
  out.set_responsible_party(OrganizationName(obligation.responsible_party_id));
  *out.mutable_description() = ToProto(obligation.description);
  *out.mutable_due_on() = ToProtoDate(obligation.due_on);
  out.set_state(ToProto(obligation.state));
  out.set_overdue(obligation.overdue);
  out.set_evidence_digest(obligation.evidence_digest);
  out.set_evidence_note(obligation.evidence_note);
  out.set_state_reason(obligation.state_reason);
  out.set_state_changed_by(obligation.state_changed_by);
  if (auto t = TimeOf(obligation.state_change_time)) {
    *out.mutable_state_change_time() = *t;
  }
  *out.mutable_create_time() = ToProtoTimestamp(obligation.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(obligation.update_time);
  out.set_etag(aip::RenderEtag(obligation.version));
  return out;
}

v1::Kpi ToProto(const Kpi& kpi) {
  v1::Kpi out;
  out.set_name(KpiName(kpi));
  *out.mutable_display_name() = ToProto(kpi.display_name);
  out.set_unit(kpi.unit);
  out.set_baseline(kpi.baseline);
  out.set_target(kpi.target);
  out.set_direction(ToProto(kpi.direction));
  out.set_measurement_count(kpi.measurement_count);
  if (kpi.progress.has_value()) {
    v1::KpiProgress* to = out.mutable_progress();
    to->set_latest_value(kpi.progress->latest_value);
    *to->mutable_latest_period_end_on() =
        ToProtoDate(kpi.progress->latest_period_end_on);
    to->set_percent_of_target(kpi.progress->percent_of_target);
    to->set_target_met(kpi.progress->target_met);
  }
  *out.mutable_create_time() = ToProtoTimestamp(kpi.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(kpi.update_time);
  out.set_etag(aip::RenderEtag(kpi.version));
  return out;
}

v1::KpiMeasurement ToProto(const KpiMeasurement& measurement) {
  v1::KpiMeasurement out;
  out.set_name(MeasurementName(measurement));
  *out.mutable_period_start_on() = ToProtoDate(measurement.period_start_on);
  *out.mutable_period_end_on() = ToProtoDate(measurement.period_end_on);
  out.set_period_label(measurement.period_label);
  out.set_value(measurement.value);
  out.set_note(measurement.note);
  out.set_recorded_by(measurement.recorded_by);
  *out.mutable_record_time() = ToProtoTimestamp(measurement.record_time);
  out.set_revision(measurement.revision);
  return out;
}

absl::StatusOr<AgreementTerms> TermsFromProto(const v1::Agreement& agreement,
                                              absl::string_view prefix,
                                              bool effective_on_required) {
  AgreementTerms terms;
  terms.kind = FromProto(agreement.kind());
  terms.title = FromProto(agreement.title());
  terms.summary = FromProto(agreement.summary());
  for (int i = 0; i < agreement.parties_size(); ++i) {
    ASSIGN_OR_RETURN(Party party,
                     PartyFromProto(agreement.parties(i), prefix, i));
    terms.parties.push_back(std::move(party));
  }
  for (int area : agreement.scope_areas()) {
    terms.scope_areas.push_back(FromProto(static_cast<v1::ScopeArea>(area)));
  }
  const std::string effective_on = absl::StrCat(prefix, ".effective_on");
  if (effective_on_required || agreement.has_effective_on()) {
    ASSIGN_OR_RETURN(terms.effective_on,
                     RequiredDate(agreement.has_effective_on(),
                                  agreement.effective_on(), effective_on));
  }
  terms.duration_months = agreement.duration_months();
  terms.signing_place = FromProto(agreement.signing_place());
  terms.terms_document_digest = agreement.terms_document_digest();
  for (int i = 0; i < agreement.nomination_rights_size(); ++i) {
    ASSIGN_OR_RETURN(NominationRight right,
                     RightFromProto(agreement.nomination_rights(i), prefix, i));
    terms.nomination_rights.push_back(std::move(right));
  }
  return terms;
}

absl::StatusOr<NewAgreement> FromProto(
    const v1::CreateAgreementRequest& request) {
  ASSIGN_OR_RETURN(AgreementTerms terms,
                   TermsFromProto(request.agreement(), "agreement", true));
  return NewAgreement{.terms = std::move(terms)};
}

absl::StatusOr<PaperAgreement> FromProto(
    const v1::RecordPaperAgreementRequest& request) {
  PaperAgreement paper;
  ASSIGN_OR_RETURN(paper.terms,
                   TermsFromProto(request.agreement(), "agreement", true));
  ASSIGN_OR_RETURN(
      paper.signed_on,
      RequiredDate(request.has_signed_on(), request.signed_on(), "signed_on"));
  paper.signed_document_digest = request.signed_document_digest();
  return paper;
}

absl::StatusOr<AgreementUpdate> FromProto(
    const v1::UpdateAgreementRequest& request) {
  AgreementUpdate update;
  update.name = request.agreement().name();
  update.update_mask = MaskPaths(request.update_mask());
  update.etag = request.etag();
  ASSIGN_OR_RETURN(
      update.terms,
      TermsFromProto(request.agreement(), "agreement",
                     aip::MaskHas(update.update_mask, "effective_on")));
  return update;
}

absl::StatusOr<Renewal> FromProto(const v1::RenewAgreementRequest& request) {
  Renewal renewal;
  renewal.name = request.name();
  ASSIGN_OR_RETURN(renewal.effective_on,
                   OptionalDate(request.has_effective_on(),
                                request.effective_on(), "effective_on"));
  renewal.duration_months = request.duration_months();
  return renewal;
}

absl::StatusOr<AgreementListRequest> FromProto(
    const v1::ListAgreementsRequest& request) {
  AgreementListRequest list;
  list.party = request.party();
  for (int state : request.states()) {
    list.states.push_back(FromProto(static_cast<v1::Agreement::State>(state)));
  }
  for (int kind : request.kinds()) {
    list.kinds.push_back(FromProto(static_cast<v1::Agreement::Kind>(kind)));
  }
  for (int area : request.scope_areas()) {
    list.scope_areas.push_back(FromProto(static_cast<v1::ScopeArea>(area)));
  }
  ASSIGN_OR_RETURN(list.expiring_before,
                   OptionalDate(request.has_expiring_before(),
                                request.expiring_before(), "expiring_before"));
  ASSIGN_OR_RETURN(
      list.active_on,
      OptionalDate(request.has_active_on(), request.active_on(), "active_on"));
  list.signatory = request.signatory();
  list.page = PageOf(request.page_size(), request.page_token());
  return list;
}

absl::StatusOr<NewObligation> FromProto(
    const v1::CreateObligationRequest& request) {
  const v1::Obligation& in = request.obligation();
  NewObligation obligation;
  obligation.parent = request.parent();
  obligation.responsible_party = in.responsible_party();
  obligation.description = FromProto(in.description());
  ASSIGN_OR_RETURN(obligation.due_on, RequiredDate(in.has_due_on(), in.due_on(),
                                                   "obligation.due_on"));
  return obligation;
}

absl::StatusOr<ObligationUpdate> FromProto(
    const v1::UpdateObligationRequest& request) {
  const v1::Obligation& in = request.obligation();
  ObligationUpdate update;
  update.name = in.name();
  update.update_mask = MaskPaths(request.update_mask());
  update.etag = request.etag();
  update.responsible_party = in.responsible_party();
  update.description = FromProto(in.description());
  if (aip::MaskHas(update.update_mask, "due_on") || in.has_due_on()) {
    ASSIGN_OR_RETURN(update.due_on, RequiredDate(in.has_due_on(), in.due_on(),
                                                 "obligation.due_on"));
  }
  return update;
}

absl::StatusOr<ObligationListRequest> FromProto(
    const v1::ListObligationsRequest& request) {
  ObligationListRequest list;
  list.parent = request.parent();
  for (int state : request.states()) {
    list.states.push_back(FromProto(static_cast<v1::Obligation::State>(state)));
  }
  list.responsible_party = request.responsible_party();
  list.overdue_only = request.overdue_only();
  ASSIGN_OR_RETURN(list.due_before,
                   OptionalDate(request.has_due_before(), request.due_before(),
                                "due_before"));
  list.page = PageOf(request.page_size(), request.page_token());
  return list;
}

NewKpi FromProto(const v1::CreateKpiRequest& request) {
  const v1::Kpi& in = request.kpi();
  return NewKpi{.parent = request.parent(),
                .display_name = FromProto(in.display_name()),
                .unit = in.unit(),
                .baseline = in.baseline(),
                .target = in.target(),
                .direction = FromProto(in.direction())};
}

KpiUpdate FromProto(const v1::UpdateKpiRequest& request) {
  const v1::Kpi& in = request.kpi();
  return KpiUpdate{.name = in.name(),
                   .update_mask = MaskPaths(request.update_mask()),
                   .etag = request.etag(),
                   .display_name = FromProto(in.display_name()),
                   .unit = in.unit(),
                   .baseline = in.baseline(),
                   .target = in.target(),
                   .direction = FromProto(in.direction())};
}

absl::StatusOr<NewMeasurement> FromProto(
    const v1::RecordKpiMeasurementRequest& request) {
  const v1::KpiMeasurement& in = request.measurement();
  NewMeasurement measurement;
  measurement.name = request.name();
  measurement.etag = request.etag();
  ASSIGN_OR_RETURN(measurement.period_start_on,
                   RequiredDate(in.has_period_start_on(), in.period_start_on(),
                                "measurement.period_start_on"));
  ASSIGN_OR_RETURN(measurement.period_end_on,
                   RequiredDate(in.has_period_end_on(), in.period_end_on(),
                                "measurement.period_end_on"));
  measurement.period_label = in.period_label();
  measurement.value = in.value();
  measurement.note = in.note();
  return measurement;
}

v1::GetAgreementLineageResponse ToProto(const Lineage& lineage) {
  v1::GetAgreementLineageResponse out;
  for (const LineageEntry& entry : lineage.ancestors) {
    AddLineageEntry(entry, out.mutable_ancestors());
  }
  *out.mutable_agreement() = ToProto(lineage.agreement);
  for (const LineageEntry& entry : lineage.successors) {
    AddLineageEntry(entry, out.mutable_successors());
  }
  return out;
}

}  // namespace masar::partnerships
