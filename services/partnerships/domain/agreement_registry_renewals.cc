// AgreementRegistry: renewals and the lineage they form.
#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
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

// A lineage longer than this is a loop in the store, not a history.
constexpr int kMaxLineage = 100;

bool IsLive(AgreementState state) {
  return state == AgreementState::kDraft ||
         state == AgreementState::kInReview ||
         state == AgreementState::kAwaitingSignatures ||
         state == AgreementState::kActive;
}

absl::Status ValidateRenewal(const Renewal& command) {
  if (command.duration_months < 0 ||
      command.duration_months > kMaxDurationMonths) {
    return InvalidArgumentError("duration_months", "must be 0 or 1..240");
  }
  if (command.effective_on.has_value()) {
    return ValidateDay("effective_on", *command.effective_on);
  }
  return absl::OkStatus();
}

// The old agreement's parties as a renewal copies them: without
// signatures, those whose organization identity no longer knows dropped,
// the signatories' standing as identity tells it.
absl::StatusOr<std::vector<Party>> CopyParties(const Agreement& old,
                                               const PartyFacts& facts) {
  const std::string name = AgreementName(old.id);
  std::vector<Party> parties;
  for (const Party& party : old.terms.parties) {
    if (facts.missing_organizations.contains(party.organization_id)) continue;
    RETURN_IF_ERROR(CheckOrganizationFact(facts, party.organization_id,
                                          "name", name));
    Party copy = party;
    copy.signature.reset();
    absl::StatusOr<SignatoryFacts> fact =
        SignatoryFactsOf(facts, party, "name", name);
    if (absl::IsAborted(fact.status())) return fact.status();
    copy.signatory_status =
        fact.ok() ? fact->status : SignatoryStatus::kUserErased;
    parties.push_back(std::move(copy));
  }
  return parties;
}

AgreementTerms RenewedTerms(const Agreement& old, const Renewal& command,
                            std::vector<Party> parties) {
  AgreementTerms terms;
  terms.kind = old.terms.kind;
  terms.title = old.terms.title;
  terms.summary = old.terms.summary;
  terms.parties = std::move(parties);
  terms.scope_areas = old.terms.scope_areas;
  terms.signing_place = old.terms.signing_place;
  for (const NominationRight& right : old.terms.nomination_rights) {
    if (FindParty(terms, right.organization_id) != nullptr) {
      terms.nomination_rights.push_back(right);
    }
  }
  terms.effective_on = command.effective_on.value_or(old.expires_on);
  terms.duration_months = command.duration_months != 0
                              ? command.duration_months
                              : old.terms.duration_months;
  return terms;
}

}  // namespace

absl::Status AgreementRegistry::CheckRenewable(Transaction& tx,
                                               const Agreement& old) {
  const std::string name = AgreementName(old.id);
  if (!old.superseded_by_id.empty()) {
    return FailedPreconditionError(
        "name", absl::StrCat("already superseded by ",
                             AgreementName(old.superseded_by_id)));
  }
  const absl::CivilDay today = Today();
  const AgreementState state = EffectiveState(old, today);
  if (state != AgreementState::kActive && state != AgreementState::kExpired) {
    return WrongAgreementState("RenewAgreement", name, StateName(state));
  }
  ASSIGN_OR_RETURN(std::vector<Agreement> renewals,
                   ports_.agreements->ListExtending(tx, old.id));
  for (const Agreement& renewal : renewals) {
    if (IsLive(EffectiveState(renewal, today))) {
      return FailedPreconditionError(
          "name", absl::StrCat(AgreementName(renewal.id),
                               " already renews it (",
                               StateName(EffectiveState(renewal, today)),
                               ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Agreement> AgreementRegistry::RenewAgreement(
    Transaction& tx, const Actor& actor, const Renewal& command,
    const PartyFacts& facts) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  RETURN_IF_ERROR(ValidateRenewal(command));
  ASSIGN_OR_RETURN(Agreement old, LoadManaged(tx, actor, id, "renew"));
  RETURN_IF_ERROR(CheckRenewable(tx, old));
  ASSIGN_OR_RETURN(std::vector<Party> parties, CopyParties(old, facts));
  Agreement renewal =
      NewDraft(RenewedTerms(old, command, std::move(parties)), actor);
  renewal.extends_id = id;
  RETURN_IF_ERROR(ports_.agreements->Create(tx, renewal));
  RETURN_IF_ERROR(Audit(tx, actor, "RenewAgreement",
                        AgreementName(renewal.id),
                        {AgreementName(id), DateText(renewal.terms.effective_on),
                         absl::StrCat(renewal.terms.duration_months)}));
  return Seen(renewal);
}

absl::Status AgreementRegistry::ReadLineage(Transaction& tx,
                                            const std::string& id,
                                            std::vector<Agreement>& ancestors,
                                            std::vector<Agreement>& successors) {
  ASSIGN_OR_RETURN(Agreement target, ports_.agreements->Get(tx, id));
  std::string previous = target.extends_id;
  while (!previous.empty() && ancestors.size() < kMaxLineage) {
    ASSIGN_OR_RETURN(Agreement older, ports_.agreements->Get(tx, previous));
    previous = older.extends_id;
    ancestors.insert(ancestors.begin(), std::move(older));
  }
  absl::flat_hash_set<std::string> seen = {id};
  std::deque<std::string> queue = {id};
  while (!queue.empty() && successors.size() < kMaxLineage) {
    ASSIGN_OR_RETURN(std::vector<Agreement> next,
                     ports_.agreements->ListExtending(tx, queue.front()));
    queue.pop_front();
    for (Agreement& renewal : next) {
      if (!seen.insert(renewal.id).second) continue;
      queue.push_back(renewal.id);
      successors.push_back(std::move(renewal));
    }
  }
  std::sort(successors.begin(), successors.end(),
            [](const Agreement& a, const Agreement& b) {
              return a.create_time != b.create_time
                         ? a.create_time < b.create_time
                         : a.id < b.id;
            });
  return absl::OkStatus();
}

absl::StatusOr<Lineage> AgreementRegistry::GetAgreementLineage(
    const CallMetadata& call, const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", name));
  ASSIGN_OR_RETURN(Agreement target, ReadVisible(call, actor, id));
  std::vector<Agreement> ancestors, successors;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ancestors.clear();
    successors.clear();
    return ReadLineage(tx, id, ancestors, successors);
  }));
  // Membership is asked once, and only if a role does not already show
  // every agreement of the lineage.
  std::optional<std::vector<std::string>> member_of;
  auto entry = [&](Agreement a) -> absl::StatusOr<LineageEntry> {
    LineageEntry e{a.id, std::nullopt};
    bool readable = MayReadByRole(actor, a);
    if (!readable && !UserIdOf(actor).empty()) {
      if (!member_of.has_value()) {
        ASSIGN_OR_RETURN(member_of, ports_.parties->OrganizationsOf(
                                        call, UserIdOf(actor)));
      }
      readable = HasPartyAmong(a, *member_of);
    }
    if (readable) e.agreement = Seen(std::move(a));
    return e;
  };
  Lineage lineage;
  lineage.agreement = Seen(std::move(target));
  for (Agreement& a : ancestors) {
    ASSIGN_OR_RETURN(LineageEntry e, entry(std::move(a)));
    lineage.ancestors.push_back(std::move(e));
  }
  for (Agreement& a : successors) {
    ASSIGN_OR_RETURN(LineageEntry e, entry(std::move(a)));
    lineage.successors.push_back(std::move(e));
  }
  return lineage;
}

}  // namespace masar::partnerships
