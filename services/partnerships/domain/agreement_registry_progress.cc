// AgreementRegistry: the progress of obligations once the agreement is
// signed (start, complete, waive, reopen).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/aip/update_mask.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/access.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/domain/validation.h"

namespace masar::partnerships {
namespace {

bool IsOpen(ObligationState state) {
  return state == ObligationState::kOpen ||
         state == ObligationState::kInProgress;
}

absl::Status RequireState(const Obligation& o, bool allowed,
                          absl::string_view action) {
  if (allowed) return absl::OkStatus();
  return WrongObligationState(action, ObligationName(o),
                              ObligationStateName(o.state));
}

// A responsible party cannot release itself, unless it leads: an officer
// acting for the responsible party (not on `*`) waives only the lead's own.
bool WaivesOwn(const Actor& actor, const Agreement& agreement,
               const Obligation& o) {
  if (actor.IsPlatformAdmin() ||
      actor.HasGlobalRole(auth::Role::kPartnershipOfficer)) {
    return false;
  }
  return IsOfficerFor(actor, o.responsible_party_id) &&
         o.responsible_party_id != LeadOrganization(agreement.terms);
}

}  // namespace

absl::StatusOr<std::pair<Agreement, Obligation>>
AgreementRegistry::LoadForProgress(Transaction& tx, const Actor& actor,
                                   const std::string& name,
                                   const std::string& etag,
                                   absl::string_view action,
                                   bool responsible_may) {
  ASSIGN_OR_RETURN(ChildKey key, ParseObligationName("name", name));
  ASSIGN_OR_RETURN(Agreement agreement,
                   LoadReadable(tx, actor, key.agreement_id));
  ASSIGN_OR_RETURN(Obligation o,
                   ports_.obligations->Get(tx, key.agreement_id, key.id));
  const bool allowed =
      responsible_may
          ? MayProgressObligation(actor, agreement, o.responsible_party_id)
          : MayManage(actor, agreement);
  if (!allowed) return PermissionDenied(action, ObligationName(o));
  RETURN_IF_ERROR(aip::CheckOptionalEtag(etag, o.version, ObligationName(o)));
  const AgreementState state = EffectiveState(agreement, Today());
  if (!IsSigned(state)) {
    return WrongAgreementState(action, AgreementName(agreement.id),
                               StateName(state));
  }
  return std::make_pair(std::move(agreement), std::move(o));
}

absl::StatusOr<Obligation> AgreementRegistry::SaveProgress(
    Transaction& tx, const Actor& actor, absl::string_view action,
    const Agreement& agreement, Obligation o, ObligationState state,
    absl::string_view reason) {
  const absl::Time now = Now();
  o.state = state;
  o.state_reason = std::string(reason);
  o.state_changed_by = actor.subject();
  o.state_change_time = now;
  o.update_time = now;
  ASSIGN_OR_RETURN(Obligation written, ports_.obligations->Update(tx, o));
  RETURN_IF_ERROR(Audit(tx, actor, action, ObligationName(written),
                        {std::string(ObligationStateName(state)), written.evidence_digest,
                         absl::StrCat("version=", written.version)}));
  return SeenObligation(written, agreement);
}

absl::StatusOr<Obligation> AgreementRegistry::StartObligation(
    Transaction& tx, const Actor& actor, const NameAndEtag& command) {
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForProgress(tx, actor, command.name, command.etag,
                                   "StartObligation", true));
  auto& [agreement, o] = loaded;
  RETURN_IF_ERROR(RequireState(o, o.state == ObligationState::kOpen,
                               "StartObligation"));
  return SaveProgress(tx, actor, "StartObligation", agreement, std::move(o),
                      ObligationState::kInProgress, "");
}

absl::StatusOr<Obligation> AgreementRegistry::CompleteObligation(
    Transaction& tx, const Actor& actor, const ObligationCompletion& command) {
  RETURN_IF_ERROR(
      ValidateHexDigest("evidence_digest", command.evidence_digest, true));
  RETURN_IF_ERROR(
      ValidateString("evidence_note", command.evidence_note, 0, kMaxReason));
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForProgress(tx, actor, command.name, command.etag,
                                   "CompleteObligation", true));
  auto& [agreement, o] = loaded;
  RETURN_IF_ERROR(RequireState(o, IsOpen(o.state), "CompleteObligation"));
  o.evidence_digest = command.evidence_digest;
  o.evidence_note = command.evidence_note;
  return SaveProgress(tx, actor, "CompleteObligation", agreement,
                      std::move(o), ObligationState::kDone, "");
}

absl::StatusOr<Obligation> AgreementRegistry::WaiveObligation(
    Transaction& tx, const Actor& actor, const ReasonedChange& command) {
  RETURN_IF_ERROR(ValidateReason("reason", command.reason));
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForProgress(tx, actor, command.name, command.etag,
                                   "WaiveObligation", false));
  auto& [agreement, o] = loaded;
  if (WaivesOwn(actor, agreement, o)) {
    return PermissionDenied("waive its own party's obligation",
                            ObligationName(o));
  }
  RETURN_IF_ERROR(RequireState(o, IsOpen(o.state), "WaiveObligation"));
  return SaveProgress(tx, actor, "WaiveObligation", agreement, std::move(o),
                      ObligationState::kWaived, command.reason);
}

absl::StatusOr<Obligation> AgreementRegistry::ReopenObligation(
    Transaction& tx, const Actor& actor, const ReasonedChange& command) {
  RETURN_IF_ERROR(ValidateReason("reason", command.reason));
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForProgress(tx, actor, command.name, command.etag,
                                   "ReopenObligation", false));
  auto& [agreement, o] = loaded;
  RETURN_IF_ERROR(RequireState(o, !IsOpen(o.state), "ReopenObligation"));
  o.evidence_digest.clear();
  o.evidence_note.clear();
  return SaveProgress(tx, actor, "ReopenObligation", agreement, std::move(o),
                      ObligationState::kInProgress, command.reason);
}

}  // namespace masar::partnerships
