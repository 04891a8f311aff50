// AgreementRegistry: signatures, the activation the last one brings, and
// the supersession of the agreement a renewal extends.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/access.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/domain/party_facts.h"
#include "services/partnerships/domain/validation.h"

namespace masar::partnerships {
namespace {

int PartyIndex(const AgreementTerms& terms, absl::string_view org) {
  for (size_t i = 0; i < terms.parties.size(); ++i) {
    if (terms.parties[i].organization_id == org) return static_cast<int>(i);
  }
  return -1;
}

bool AllSigned(const Agreement& agreement) {
  return std::all_of(agreement.terms.parties.begin(),
                     agreement.terms.parties.end(),
                     [](const Party& p) { return p.signature.has_value(); });
}

bool HasOtp(const Actor& actor) {
  const std::vector<std::string>& amr = actor.amr();
  return std::find(amr.begin(), amr.end(), "otp") != amr.end();
}

// Who may sign for `party`: its signatory in person, as a user (never a
// service account), authenticated with a one-time code.
absl::Status CheckSigner(const Actor& actor, const Party& party,
                         absl::string_view name) {
  const std::string user_id = UserIdOf(actor);
  if (actor.IsServiceAccount() || user_id.empty() ||
      user_id != party.signatory_id) {
    return PermissionDenied(
        absl::StrCat("sign for ", OrganizationName(party.organization_id)),
        name);
  }
  if (!HasOtp(actor)) {
    return absl::PermissionDeniedError(
        "signing needs an access token whose amr includes \"otp\"");
  }
  return absl::OkStatus();
}

// The state and the terms a signature needs.
absl::Status CheckSignable(const Agreement& stored, const Signing& command,
                           const Party& party, absl::CivilDay today) {
  const std::string name = AgreementName(stored.id);
  const AgreementState state = EffectiveState(stored, today);
  if (state != AgreementState::kAwaitingSignatures) {
    return WrongAgreementState("SignAgreement", name, StateName(state));
  }
  if (today >= stored.expires_on) {
    return FailedPreconditionError("name", "its expires_on has been reached");
  }
  if (!crypto::ConstantTimeEquals(command.content_digest,
                                  stored.content_digest)) {
    return FailedPreconditionError(
        "content_digest", "differs from the agreement's content_digest");
  }
  if (party.signature.has_value()) {
    return FailedPreconditionError("organization", "the party already signed");
  }
  return absl::OkStatus();
}

// Records the actor's signature for parties[i] at `now`; true when it was
// the last one, which activates the agreement (signed on `day`).
bool AddSignature(Agreement& stored, int i, const Actor& actor, absl::Time now,
                  absl::CivilDay day) {
  Party& party = stored.terms.parties[i];
  party.signatory_status = SignatoryStatus::kValid;
  party.signature = PartySignature{party.signatory_id, now,
                                   stored.content_digest, actor.amr(),
                                   actor.token_id()};
  if (!AllSigned(stored)) return false;
  stored.state = AgreementState::kActive;
  stored.state_change_time = now;
  stored.activate_time = now;
  stored.signed_on = day;
  return true;
}

}  // namespace

absl::StatusOr<Agreement> AgreementRegistry::SignAgreement(
    Transaction& tx, const Actor& actor, const Signing& command,
    const PartyFacts& facts) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  ASSIGN_OR_RETURN(std::string org, ParseOrganizationName(
                                        "organization", command.organization));
  RETURN_IF_ERROR(
      ValidateHexDigest("content_digest", command.content_digest, true));
  ASSIGN_OR_RETURN(Agreement stored, ports_.agreements->Get(tx, id));
  const std::string name = AgreementName(id);
  if (IsReadingService(actor)) return PermissionDenied("sign", name);
  if (!MayReadByRole(actor, stored) && !facts.actor_is_party_member) {
    return AgreementNotFound(name);
  }
  const int i = PartyIndex(stored.terms, org);
  if (i < 0) return FailedPreconditionError("organization", "not a party");
  Party& party = stored.terms.parties[i];
  RETURN_IF_ERROR(CheckSigner(actor, party, name));
  const absl::CivilDay today = Today();
  RETURN_IF_ERROR(CheckSignable(stored, command, party, today));
  const std::string field = absl::StrCat("parties[", i, "].signatory");
  ASSIGN_OR_RETURN(SignatoryFacts fact,
                   SignatoryFactsOf(facts, party, field, name));
  if (fact.status != SignatoryStatus::kValid) {
    return SignatoryCannotSign(field, SignatoryStatusName(fact.status));
  }
  const absl::Time now = Now();
  const bool last =
      AddSignature(stored, i, actor, now, ports_.calendar->DayOf(now));
  // The compare-and-set on the version is what makes concurrent signers
  // activate the agreement once: the loser gets ABORTED and signs again.
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, stored));
  RETURN_IF_ERROR(Audit(tx, actor, "SignAgreement", name,
                        {OrganizationName(org), written.content_digest,
                         absl::StrCat("version=", written.version)}));
  if (last) RETURN_IF_ERROR(Activate(tx, actor, written));
  return Seen(written);
}

absl::Status AgreementRegistry::Activate(Transaction& tx, const Actor& actor,
                                         Agreement& stored) {
  const std::string name = AgreementName(stored.id);
  RETURN_IF_ERROR(AuditBySystem(tx, actor, "ActivateAgreement", name,
                                {stored.content_digest}));
  RETURN_IF_ERROR(Publish(tx, {stored.id, AgreementState::kActive, ""}));
  if (stored.extends_id.empty()) return absl::OkStatus();
  return SupersedePredecessor(tx, actor, stored);
}

absl::Status AgreementRegistry::SupersedePredecessor(Transaction& tx,
                                                     const Actor& actor,
                                                     const Agreement& renewal) {
  ASSIGN_OR_RETURN(Agreement old,
                   ports_.agreements->Get(tx, renewal.extends_id));
  const absl::CivilDay today = Today();
  const bool active = EffectiveState(old, today) == AgreementState::kActive;
  old.superseded_by_id = renewal.id;
  // Only an agreement still in its term is superseded: one that expired
  // (even if not yet swept) stays EXPIRED.
  if (active) old.supersede_on = renewal.terms.effective_on;
  if (!active || today < renewal.terms.effective_on) {
    return Touch(tx, old).status();
  }
  const absl::Time now = Now();
  old.state = AgreementState::kSuperseded;
  old.state_change_time = now;
  old.end_time = now;
  old.ended_on = today;
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, old));
  RETURN_IF_ERROR(AuditBySystem(tx, actor, "SupersedeAgreement",
                                AgreementName(old.id),
                                {AgreementName(renewal.id),
                                 absl::StrCat("version=", written.version)}));
  return Publish(tx, {old.id, AgreementState::kSuperseded, renewal.id});
}

absl::Status AgreementRegistry::ReleasePredecessor(Transaction& tx,
                                                   const Agreement& renewal) {
  ASSIGN_OR_RETURN(Agreement old,
                   ports_.agreements->Get(tx, renewal.extends_id));
  // Once superseded (stored or derived), it stays so.
  if (old.superseded_by_id != renewal.id ||
      EffectiveState(old, Today()) != AgreementState::kActive) {
    return absl::OkStatus();
  }
  old.superseded_by_id.clear();
  old.supersede_on.reset();
  return Touch(tx, old).status();
}

}  // namespace masar::partnerships
