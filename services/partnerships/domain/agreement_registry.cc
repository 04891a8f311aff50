// AgreementRegistry: what every use case shares (time, audit, events,
// loading with access checks) and the lookups in identity that precede a
// change.
#include "services/partnerships/domain/agreement_registry.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/ids/ids.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/access.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

// An audit record by `actor_name` for the call of `cause` (its request id).
audit::AuditRecord MakeRecord(absl::string_view actor_name, const Actor& cause,
                              absl::string_view action,
                              absl::string_view resource,
                              const std::vector<std::string>& content) {
  crypto::DigestBuilder digest;
  digest.Add(action).Add(resource);
  for (const std::string& item : content) digest.Add(item);
  audit::AuditRecord record;
  record.actor = std::string(actor_name);
  record.action = std::string(action);
  record.resource = std::string(resource);
  record.request_id = cause.request_id();
  record.payload_digest = digest.Sha256Hex();
  return record;
}

}  // namespace

AgreementRegistry::AgreementRegistry(PartnershipsPorts ports)
    : ports_(ports) {}

absl::Time AgreementRegistry::Now() const {
  // Stores keep microseconds: what is returned equals what is read back.
  return absl::FromUnixMicros(absl::ToUnixMicros(ports_.calendar->Now()));
}

absl::CivilDay AgreementRegistry::Today() const {
  return ports_.calendar->Today();
}

Agreement AgreementRegistry::Seen(Agreement stored) const {
  return AsSeenOn(std::move(stored), Today(), ports_.calendar->zone());
}

Obligation AgreementRegistry::SeenObligation(Obligation obligation,
                                             const Agreement& stored) const {
  const absl::CivilDay today = Today();
  obligation.overdue =
      IsOverdue(obligation, EffectiveState(stored, today), today);
  return obligation;
}

absl::Status AgreementRegistry::Audit(Transaction& tx, const Actor& actor,
                                      absl::string_view action,
                                      absl::string_view resource,
                                      const std::vector<std::string>& content) {
  return ports_.audit->Append(
      tx, MakeRecord(actor.AuditName(), actor, action, resource, content));
}

absl::Status AgreementRegistry::AuditBySystem(
    Transaction& tx, const Actor& cause, absl::string_view action,
    absl::string_view resource, const std::vector<std::string>& content) {
  return ports_.audit->Append(
      tx, MakeRecord(kSystemActor, cause, action, resource, content));
}

absl::Status AgreementRegistry::Publish(Transaction& tx,
                                        const AgreementStateChanged& event) {
  // Never silently: a change whose event cannot be recorded does not commit.
  if (ports_.events == nullptr) {
    return absl::InternalError("partnerships has no event log wired");
  }
  return ports_.events->Append(tx, event);
}

absl::StatusOr<Agreement> AgreementRegistry::LoadReadable(
    Transaction& tx, const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(Agreement stored, ports_.agreements->Get(tx, id));
  if (!MayReadByRole(actor, stored)) return AgreementNotFound(AgreementName(id));
  return stored;
}

absl::StatusOr<Agreement> AgreementRegistry::LoadManaged(
    Transaction& tx, const Actor& actor, const std::string& id,
    absl::string_view action) {
  ASSIGN_OR_RETURN(Agreement stored, LoadReadable(tx, actor, id));
  if (!MayManage(actor, stored)) {
    return PermissionDenied(action, AgreementName(id));
  }
  return stored;
}

Agreement AgreementRegistry::NewDraft(const AgreementTerms& terms,
                                      const Actor& actor) const {
  const absl::Time now = Now();
  Agreement agreement;
  agreement.id = NewUuid();
  agreement.terms = terms;
  agreement.expires_on = AddMonths(terms.effective_on, terms.duration_months);
  agreement.state = AgreementState::kDraft;
  agreement.state_change_time = now;
  agreement.creator = actor.subject();
  agreement.create_time = now;
  agreement.update_time = now;
  agreement.version = 1;
  return agreement;
}

absl::StatusOr<Agreement> AgreementRegistry::Touch(Transaction& tx,
                                                   Agreement stored) {
  stored.update_time = Now();
  return ports_.agreements->Update(tx, stored);
}

absl::StatusOr<bool> AgreementRegistry::IsMemberOfAny(
    const CallMetadata& call, const Actor& actor,
    const std::vector<std::string>& orgs) {
  const std::string user_id = UserIdOf(actor);
  if (user_id.empty() || orgs.empty()) return false;
  ASSIGN_OR_RETURN(std::vector<std::string> member_of,
                   ports_.parties->OrganizationsOf(call, user_id));
  for (const std::string& org : member_of) {
    if (std::find(orgs.begin(), orgs.end(), org) != orgs.end()) return true;
  }
  return false;
}

absl::StatusOr<Agreement> AgreementRegistry::ReadVisible(
    const CallMetadata& call, const Actor& actor, const std::string& id,
    bool service_reads) {
  std::optional<Agreement> stored;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(stored, ports_.agreements->Get(tx, id));
        return absl::OkStatus();
      }));
  if (MayReadByRole(actor, *stored) ||
      (service_reads && actor.HasGlobalRole(auth::Role::kService))) {
    return *std::move(stored);
  }
  std::vector<std::string> orgs;
  for (const Party& party : stored->terms.parties) {
    orgs.push_back(party.organization_id);
  }
  ASSIGN_OR_RETURN(bool member, IsMemberOfAny(call, actor, orgs));
  if (!member) return AgreementNotFound(AgreementName(id));
  return *std::move(stored);
}

absl::StatusOr<std::optional<Visibility>> AgreementRegistry::ListerVisibility(
    const CallMetadata& call, const Actor& actor) {
  if (ReadsEverything(actor)) return std::optional<Visibility>();
  std::vector<std::string> member_of;
  const std::string user_id = UserIdOf(actor);
  if (!user_id.empty()) {
    ASSIGN_OR_RETURN(member_of, ports_.parties->OrganizationsOf(call, user_id));
  }
  return std::optional<Visibility>(VisibilityOf(actor, member_of));
}

// Lookups in identity, before a change's transaction.

absl::StatusOr<PartyFacts> AgreementRegistry::LookUpParties(
    const CallMetadata& call, const std::vector<Party>& parties) {
  PartyFacts facts;
  for (const Party& party : parties) {
    if (!IsResourceId(party.organization_id)) continue;  // refused later
    absl::Status org =
        ports_.parties->CheckOrganization(call, party.organization_id);
    if (absl::IsNotFound(org)) {
      facts.missing_organizations.insert(party.organization_id);
      continue;
    }
    RETURN_IF_ERROR(org);
    facts.organizations.insert(party.organization_id);
    if (!IsResourceId(party.signatory_id)) continue;
    absl::StatusOr<SignatoryFacts> signatory = ports_.parties->CheckSignatory(
        call, party.organization_id, party.signatory_id);
    if (absl::IsNotFound(signatory.status())) {
      facts.missing_users.insert(party.signatory_id);
      continue;
    }
    RETURN_IF_ERROR(signatory.status());
    facts.users.insert(party.signatory_id);
    facts.signatories[{party.organization_id, party.signatory_id}] =
        *std::move(signatory);
  }
  return facts;
}

absl::StatusOr<PartyFacts> AgreementRegistry::LookUpAgreementParties(
    const CallMetadata& call, const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", name));
  std::optional<Agreement> stored;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(stored, LoadReadable(tx, actor, id));
        return absl::OkStatus();
      }));
  return LookUpParties(call, stored->terms.parties);
}

absl::StatusOr<PartyFacts> AgreementRegistry::LookUpSigner(
    const CallMetadata& call, const Actor& actor, const Signing& signing) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", signing.name));
  ASSIGN_OR_RETURN(std::string org, ParseOrganizationName("organization",
                                                          signing.organization));
  if (IsReadingService(actor)) return PermissionDenied("sign", AgreementName(id));
  ASSIGN_OR_RETURN(Agreement stored, ReadVisible(call, actor, id));
  const Party* party = FindParty(stored.terms, org);
  PartyFacts facts;
  // Only the caller's own standing is asked: SignAgreement refuses anyone
  // else before it needs facts.
  if (party != nullptr && party->signatory_id == UserIdOf(actor)) {
    ASSIGN_OR_RETURN(facts, LookUpParties(call, {*party}));
  }
  facts.actor_is_party_member = !MayReadByRole(actor, stored);
  return facts;
}

}  // namespace masar::partnerships
