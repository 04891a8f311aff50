// AgreementRegistry: review, freezing the terms and termination.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/aip/update_mask.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/access.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/domain/party_facts.h"
#include "services/partnerships/domain/terms_digest.h"
#include "services/partnerships/domain/validation.h"

namespace masar::partnerships {
namespace {

// The rules of CreateAgreement on stored terms: a stored draft that breaks
// one (a renewal that lost a party) is incomplete, FAILED_PRECONDITION
// naming the field.
absl::Status CheckComplete(const AgreementTerms& stored) {
  AgreementTerms terms = stored;
  absl::Status status = ValidateTerms("agreement", false, terms);
  if (status.ok()) return status;
  std::vector<FieldViolation> violations = FieldViolations(status);
  return WithFieldViolations(
      absl::FailedPreconditionError(
          absl::StrCat("the agreement is incomplete: ", status.message())),
      violations);
}

bool AnySigned(const Agreement& agreement) {
  for (const Party& party : agreement.terms.parties) {
    if (party.signature.has_value()) return true;
  }
  return false;
}

void EnterState(Agreement& agreement, AgreementState state,
                absl::string_view reason, absl::Time now) {
  agreement.state = state;
  agreement.state_reason = std::string(reason);
  agreement.state_change_time = now;
}

}  // namespace

absl::StatusOr<Agreement> AgreementRegistry::SubmitAgreementForReview(
    Transaction& tx, const Actor& actor, const NameAndEtag& command,
    const PartyFacts& facts) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  ASSIGN_OR_RETURN(Agreement stored, LoadManaged(tx, actor, id, "submit"));
  const std::string name = AgreementName(id);
  RETURN_IF_ERROR(aip::CheckOptionalEtag(command.etag, stored.version, name));
  if (stored.state != AgreementState::kDraft) {
    return WrongAgreementState("SubmitAgreementForReview", name,
                               StateName(stored.state));
  }
  RETURN_IF_ERROR(CheckComplete(stored.terms));
  RETURN_IF_ERROR(RecheckSignatories(facts, name, stored.terms.parties));
  EnterState(stored, AgreementState::kInReview, "", Now());
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, stored));
  RETURN_IF_ERROR(Audit(tx, actor, "SubmitAgreementForReview", name,
                        {absl::StrCat("version=", written.version)}));
  return Seen(written);
}

absl::StatusOr<Agreement> AgreementRegistry::ReturnAgreementToDraft(
    Transaction& tx, const Actor& actor, const ReasonedChange& command) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  RETURN_IF_ERROR(ValidateReason("reason", command.reason));
  ASSIGN_OR_RETURN(Agreement stored,
                   LoadManaged(tx, actor, id, "return to draft"));
  const std::string name = AgreementName(id);
  RETURN_IF_ERROR(aip::CheckOptionalEtag(command.etag, stored.version, name));
  const bool unsigned_awaiting =
      stored.state == AgreementState::kAwaitingSignatures && !AnySigned(stored);
  if (stored.state != AgreementState::kInReview && !unsigned_awaiting) {
    return WrongAgreementState(
        "ReturnAgreementToDraft", name,
        AnySigned(stored) ? "STATE_AWAITING_SIGNATURES with a signature given"
                          : StateName(stored.state));
  }
  EnterState(stored, AgreementState::kDraft, command.reason, Now());
  stored.content_digest.clear();
  stored.digest_format.clear();
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, stored));
  RETURN_IF_ERROR(Audit(tx, actor, "ReturnAgreementToDraft", name,
                        {absl::StrCat("version=", written.version)}));
  return Seen(written);
}

absl::StatusOr<Agreement> AgreementRegistry::RequestSignatures(
    Transaction& tx, const Actor& actor, const NameAndEtag& command,
    const PartyFacts& facts) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  ASSIGN_OR_RETURN(Agreement stored, LoadReadable(tx, actor, id));
  const std::string name = AgreementName(id);
  if (!MayApprove(actor)) return PermissionDenied("request signatures for", name);
  RETURN_IF_ERROR(aip::CheckRequiredEtag(command.etag, stored.version, name));
  if (stored.state != AgreementState::kInReview) {
    return WrongAgreementState("RequestSignatures", name,
                               StateName(stored.state));
  }
  if (stored.expires_on <= Today()) {
    return FailedPreconditionError("expires_on", "must be after today");
  }
  RETURN_IF_ERROR(CheckComplete(stored.terms));
  RETURN_IF_ERROR(RecheckSignatories(facts, name, stored.terms.parties));
  ASSIGN_OR_RETURN(std::vector<Obligation> obligations,
                   ports_.obligations->ListAllOf(tx, id));
  ASSIGN_OR_RETURN(std::vector<Kpi> kpis, ports_.kpis->ListAllOf(tx, id));
  stored.digest_format = kCurrentTermsFormat;
  ASSIGN_OR_RETURN(stored.content_digest,
                   TermsDigest(stored, obligations, kpis, stored.digest_format));
  EnterState(stored, AgreementState::kAwaitingSignatures, "", Now());
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, stored));
  RETURN_IF_ERROR(Audit(tx, actor, "RequestSignatures", name,
                        {absl::StrCat("version=", written.version),
                         written.digest_format, written.content_digest}));
  return Seen(written);
}

absl::StatusOr<Agreement> AgreementRegistry::TerminateAgreement(
    Transaction& tx, const Actor& actor, const ReasonedChange& command) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  RETURN_IF_ERROR(ValidateReason("reason", command.reason));
  ASSIGN_OR_RETURN(Agreement stored, LoadManaged(tx, actor, id, "terminate"));
  const std::string name = AgreementName(id);
  RETURN_IF_ERROR(aip::CheckOptionalEtag(command.etag, stored.version, name));
  const AgreementState state = EffectiveState(stored, Today());
  if (state != AgreementState::kActive &&
      state != AgreementState::kAwaitingSignatures) {
    return WrongAgreementState("TerminateAgreement", name, StateName(state));
  }
  const absl::Time now = Now();
  EnterState(stored, AgreementState::kTerminated, command.reason, now);
  stored.end_time = now;
  stored.ended_on = ports_.calendar->DayOf(now);
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, stored));
  if (state == AgreementState::kActive && !written.extends_id.empty()) {
    RETURN_IF_ERROR(ReleasePredecessor(tx, written));
  }
  RETURN_IF_ERROR(Audit(tx, actor, "TerminateAgreement", name,
                        {absl::StrCat("version=", written.version),
                         std::string(StateName(state))}));
  RETURN_IF_ERROR(Publish(tx, {id, AgreementState::kTerminated, ""}));
  return Seen(written);
}

}  // namespace masar::partnerships
