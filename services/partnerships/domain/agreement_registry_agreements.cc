// AgreementRegistry: creating, recording, reading, listing, updating and
// deleting agreements.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/aip/etag.h"
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

// What an audit entry says of the parties: ids and roles, no titles.
std::vector<std::string> PartiesContent(const Agreement& agreement) {
  std::vector<std::string> content = {
      absl::StrCat("version=", agreement.version),
      absl::StrCat("state=", StateName(agreement.state))};
  for (const Party& party : agreement.terms.parties) {
    content.push_back(absl::StrCat(OrganizationName(party.organization_id),
                                   "|", RoleName(party.role), "|",
                                   party.signatory_id));
  }
  return content;
}

absl::Status ValidatePaper(const PaperAgreement& command,
                           absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateDay("signed_on", command.signed_on));
  if (command.signed_on > today) {
    return InvalidArgumentError("signed_on", "must not be after today");
  }
  return ValidateHexDigest("signed_document_digest",
                           command.signed_document_digest, true);
}

// A paper record enters ACTIVE at once, signed on the document's day.
void MarkSignedOnPaper(const PaperAgreement& command, const Actor& actor,
                       absl::Time now, Agreement& agreement) {
  agreement.state = AgreementState::kActive;
  agreement.activate_time = now;
  agreement.signed_on = command.signed_on;
  agreement.paper_record = PaperRecord{
      command.signed_on, command.signed_document_digest, actor.subject(), now};
}

void ApplyTermsUpdate(const AgreementUpdate& u, AgreementTerms& terms) {
  const AgreementTerms& n = u.terms;
  auto has = [&](absl::string_view path) {
    return aip::MaskHas(u.update_mask, path);
  };
  if (has("kind")) terms.kind = n.kind;
  if (has("title")) terms.title = n.title;
  if (has("summary")) terms.summary = n.summary;
  if (has("parties")) terms.parties = n.parties;
  if (has("scope_areas")) terms.scope_areas = n.scope_areas;
  if (has("effective_on")) terms.effective_on = n.effective_on;
  if (has("duration_months")) terms.duration_months = n.duration_months;
  if (has("signing_place")) terms.signing_place = n.signing_place;
  if (has("terms_document_digest")) {
    terms.terms_document_digest = n.terms_document_digest;
  }
  if (has("nomination_rights")) terms.nomination_rights = n.nomination_rights;
}

std::string ListKey(const AgreementListRequest& r) {
  std::vector<int> states, kinds, areas;
  for (AgreementState s : r.states) states.push_back(static_cast<int>(s));
  for (AgreementKind k : r.kinds) kinds.push_back(static_cast<int>(k));
  for (ScopeArea a : r.scope_areas) areas.push_back(static_cast<int>(a));
  return absl::StrCat(
      "agreements|", r.party, "|", absl::StrJoin(states, ","), "|",
      absl::StrJoin(kinds, ","), "|", absl::StrJoin(areas, ","), "|",
      r.expiring_before ? DateText(*r.expiring_before) : "", "|",
      r.active_on ? DateText(*r.active_on) : "", "|", r.signatory);
}

// Each value of a repeated enum filter within 1..`max`.
template <typename Enum>
absl::Status CheckEnums(absl::string_view field,
                        const std::vector<Enum>& values, int max) {
  for (size_t i = 0; i < values.size(); ++i) {
    const int value = static_cast<int>(values[i]);
    if (value < 1 || value > max) {
      return InvalidArgumentError(absl::StrCat(field, "[", i, "]"),
                                  "not a known value");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AgreementFilter> FilterOf(const AgreementListRequest& r,
                                         absl::CivilDay today) {
  RETURN_IF_ERROR(CheckEnums("states", r.states, 7));
  RETURN_IF_ERROR(CheckEnums("kinds", r.kinds, 5));
  RETURN_IF_ERROR(CheckEnums("scope_areas", r.scope_areas, kMaxScopeArea));
  AgreementFilter filter;
  filter.today = today;
  if (!r.party.empty()) {
    ASSIGN_OR_RETURN(filter.party_id, ParseOrganizationName("party", r.party));
  }
  if (!r.signatory.empty()) {
    ASSIGN_OR_RETURN(filter.signatory_id,
                     ParseUserName("signatory", r.signatory));
  }
  filter.states = r.states;
  filter.kinds = r.kinds;
  filter.scope_areas = r.scope_areas;
  filter.expiring_before = r.expiring_before;
  filter.active_on = r.active_on;
  return filter;
}

}  // namespace

absl::StatusOr<Agreement> AgreementRegistry::CreateAgreement(
    Transaction& tx, const Actor& actor, const NewAgreement& command,
    const PartyFacts& facts) {
  AgreementTerms terms = command.terms;
  RETURN_IF_ERROR(ValidateTerms("agreement", false, terms));
  Agreement agreement = NewDraft(terms, actor);
  if (!MayManage(actor, agreement)) {
    return PermissionDenied(
        "create an agreement led by",
        OrganizationName(LeadOrganization(agreement.terms)));
  }
  RETURN_IF_ERROR(ApplyPartyFacts("agreement", false, facts,
                                  AgreementName(agreement.id),
                                  agreement.terms.parties));
  RETURN_IF_ERROR(ports_.agreements->Create(tx, agreement));
  RETURN_IF_ERROR(Audit(tx, actor, "CreateAgreement",
                        AgreementName(agreement.id), PartiesContent(agreement)));
  return Seen(agreement);
}

absl::StatusOr<Agreement> AgreementRegistry::RecordPaperAgreement(
    Transaction& tx, const Actor& actor, const PaperAgreement& command,
    const PartyFacts& facts) {
  AgreementTerms terms = command.terms;
  RETURN_IF_ERROR(ValidateTerms("agreement", true, terms));
  RETURN_IF_ERROR(ValidatePaper(command, Today()));
  if (!MayApprove(actor)) {
    return PermissionDenied("record a paper agreement", "agreements");
  }
  Agreement agreement = NewDraft(terms, actor);
  const absl::Time now = agreement.create_time;
  const std::string name = AgreementName(agreement.id);
  RETURN_IF_ERROR(
      ApplyPartyFacts("agreement", true, facts, name, agreement.terms.parties));
  agreement.digest_format = kCurrentTermsFormat;
  ASSIGN_OR_RETURN(agreement.content_digest,
                   TermsDigest(agreement, {}, {}, agreement.digest_format));
  MarkSignedOnPaper(command, actor, now, agreement);
  // Recorded after its expiry: stored EXPIRED at once, as readers see it.
  const Agreement seen = Seen(agreement);
  Agreement stored = seen;
  stored.in_force = false;
  RETURN_IF_ERROR(ports_.agreements->Create(tx, stored));
  std::vector<std::string> content = PartiesContent(stored);
  content.push_back(agreement.content_digest);
  content.push_back(command.signed_document_digest);
  RETURN_IF_ERROR(Audit(tx, actor, "RecordPaperAgreement", name, content));
  RETURN_IF_ERROR(AuditBySystem(tx, actor, "ActivateAgreement", name,
                                {agreement.content_digest}));
  RETURN_IF_ERROR(Publish(tx, {agreement.id, AgreementState::kActive, ""}));
  if (stored.state == AgreementState::kExpired) {
    RETURN_IF_ERROR(AuditBySystem(tx, actor, "ExpireAgreement", name,
                                  {DateText(stored.expires_on)}));
    RETURN_IF_ERROR(Publish(tx, {agreement.id, AgreementState::kExpired, ""}));
  }
  return seen;
}

absl::StatusOr<Agreement> AgreementRegistry::GetAgreement(
    const CallMetadata& call, const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", name));
  ASSIGN_OR_RETURN(Agreement stored,
                   ReadVisible(call, actor, id, /*service_reads=*/true));
  return Seen(std::move(stored));
}

absl::StatusOr<aip::Page<Agreement>> AgreementRegistry::ListAgreements(
    const CallMetadata& call, const Actor& actor,
    const AgreementListRequest& request) {
  ASSIGN_OR_RETURN(AgreementFilter filter, FilterOf(request, Today()));
  const std::string key = ListKey(request);
  ASSIGN_OR_RETURN(aip::PageQuery query,
                   aip::ParsePageRequest(request.page, key));
  ASSIGN_OR_RETURN(filter.visible_to, ListerVisibility(call, actor));
  aip::ListResult<Agreement> result;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(result, ports_.agreements->List(tx, filter, query));
        return absl::OkStatus();
      }));
  for (Agreement& agreement : result.items) agreement = Seen(agreement);
  return aip::MakePage(std::move(result), key, [](const Agreement& a) {
    return aip::PageCursor{a.create_time, a.id};
  });
}

absl::StatusOr<Agreement> AgreementRegistry::UpdateAgreement(
    Transaction& tx, const Actor& actor, const AgreementUpdate& update,
    const PartyFacts& facts) {
  ASSIGN_OR_RETURN(std::string id,
                   ParseAgreementName("agreement.name", update.name));
  RETURN_IF_ERROR(aip::CheckUpdateMask(
      update.update_mask,
      {"kind", "title", "summary", "parties", "scope_areas", "effective_on",
       "duration_months", "signing_place", "terms_document_digest",
       "nomination_rights"}));
  ASSIGN_OR_RETURN(Agreement stored, LoadManaged(tx, actor, id, "update"));
  const std::string name = AgreementName(id);
  RETURN_IF_ERROR(aip::CheckRequiredEtag(update.etag, stored.version, name));
  const AgreementState state = EffectiveState(stored, Today());
  if (!TermsEditable(state)) {
    return TermsFrozen(absl::StrCat("agreement.", update.update_mask.front()),
                       name, StateName(state));
  }
  Agreement changed = stored;
  ApplyTermsUpdate(update, changed.terms);
  RETURN_IF_ERROR(ValidateTerms("agreement", false, changed.terms));
  if (!MayManage(actor, changed)) {
    return PermissionDenied("move the LEAD role of", name);
  }
  if (aip::MaskHas(update.update_mask, "parties")) {
    RETURN_IF_ERROR(ApplyPartyFacts("agreement", false, facts, name,
                                    changed.terms.parties));
    RETURN_IF_ERROR(CheckRemovedParties(tx, stored, changed));
  }
  changed.expires_on =
      AddMonths(changed.terms.effective_on, changed.terms.duration_months);
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, changed));
  std::vector<std::string> content = PartiesContent(written);
  content.insert(content.end(), update.update_mask.begin(),
                 update.update_mask.end());
  RETURN_IF_ERROR(Audit(tx, actor, "UpdateAgreement", name, content));
  return Seen(written);
}

absl::Status AgreementRegistry::CheckRemovedParties(Transaction& tx,
                                                    const Agreement& before,
                                                    const Agreement& after) {
  std::vector<std::string> removed;
  for (const Party& party : before.terms.parties) {
    if (FindParty(after.terms, party.organization_id) == nullptr) {
      removed.push_back(party.organization_id);
    }
  }
  if (removed.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<Obligation> obligations,
                   ports_.obligations->ListAllOf(tx, before.id));
  for (const Obligation& obligation : obligations) {
    if (std::find(removed.begin(), removed.end(),
                  obligation.responsible_party_id) != removed.end()) {
      return FailedPreconditionError(
          "agreement.parties",
          absl::StrCat("a removed party is responsible for ",
                       ObligationName(obligation)));
    }
  }
  if (before.extends_id.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(Agreement renewed,
                   ports_.agreements->Get(tx, before.extends_id));
  if (HasPartyAmong(renewed, removed)) {
    return FailedPreconditionError(
        "agreement.parties",
        absl::StrCat("a renewal keeps every party of ",
                     AgreementName(renewed.id)));
  }
  return absl::OkStatus();
}

absl::Status AgreementRegistry::DeleteAgreement(Transaction& tx,
                                                const Actor& actor,
                                                const NameAndEtag& command) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", command.name));
  ASSIGN_OR_RETURN(Agreement stored, LoadManaged(tx, actor, id, "delete"));
  const std::string name = AgreementName(id);
  RETURN_IF_ERROR(aip::CheckOptionalEtag(command.etag, stored.version, name));
  if (stored.state != AgreementState::kDraft) {
    return WrongAgreementState("DeleteAgreement", name,
                               StateName(stored.state));
  }
  RETURN_IF_ERROR(ports_.obligations->DeleteAllOf(tx, id));
  RETURN_IF_ERROR(ports_.kpis->DeleteAllOf(tx, id));
  RETURN_IF_ERROR(ports_.agreements->Delete(tx, stored));
  return Audit(tx, actor, "DeleteAgreement", name,
               {absl::StrCat("version=", stored.version)});
}

}  // namespace masar::partnerships
