#include "services/partnerships/domain/party_facts.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

std::string PartyField(absl::string_view prefix, size_t i,
                       absl::string_view field) {
  return absl::StrCat(prefix, prefix.empty() ? "" : ".", "parties[", i, "].",
                      field);
}

absl::Status CheckUserFact(const PartyFacts& facts, absl::string_view user_id,
                           absl::string_view field, absl::string_view name) {
  if (facts.users.contains(user_id)) return absl::OkStatus();
  if (facts.missing_users.contains(user_id)) {
    return FailedPreconditionError(field, "unknown to identity");
  }
  return ChangedConcurrently(name);
}

absl::Status ApplyOne(absl::string_view prefix, size_t i, bool paper,
                      const PartyFacts& facts, absl::string_view name,
                      Party& party) {
  RETURN_IF_ERROR(CheckOrganizationFact(
      facts, party.organization_id, PartyField(prefix, i, "organization"),
      name));
  party.signature.reset();
  party.signatory_status = SignatoryStatus::kValid;
  const std::string signatory = PartyField(prefix, i, "signatory");
  if (paper) {
    if (party.signatory_id.empty()) return absl::OkStatus();
    return CheckUserFact(facts, party.signatory_id, signatory, name);
  }
  ASSIGN_OR_RETURN(SignatoryFacts fact,
                   SignatoryFactsOf(facts, party, signatory, name));
  if (fact.status != SignatoryStatus::kValid) {
    return FailedPreconditionError(
        signatory, absl::StrCat("not an ACTIVE member of the organization (",
                                SignatoryStatusName(fact.status), ")"));
  }
  if (!party.signatory_title.empty()) return absl::OkStatus();
  if (fact.member_title.empty()) {
    return FailedPreconditionError(
        PartyField(prefix, i, "signatory_title"),
        "the member has no title in identity: write one");
  }
  party.signatory_title = fact.member_title;
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckOrganizationFact(const PartyFacts& facts,
                                   absl::string_view organization_id,
                                   absl::string_view field,
                                   absl::string_view name) {
  if (facts.organizations.contains(organization_id)) return absl::OkStatus();
  if (facts.missing_organizations.contains(organization_id)) {
    return FailedPreconditionError(field, "unknown to identity");
  }
  return ChangedConcurrently(name);
}

absl::StatusOr<SignatoryFacts> SignatoryFactsOf(const PartyFacts& facts,
                                                const Party& party,
                                                absl::string_view field,
                                                absl::string_view name) {
  auto it = facts.signatories.find(
      std::make_pair(party.organization_id, party.signatory_id));
  if (it != facts.signatories.end()) return it->second;
  if (facts.missing_users.contains(party.signatory_id)) {
    return FailedPreconditionError(field, "unknown to identity");
  }
  return ChangedConcurrently(name);
}

absl::Status ApplyPartyFacts(absl::string_view prefix, bool paper,
                             const PartyFacts& facts, absl::string_view name,
                             std::vector<Party>& parties) {
  for (size_t i = 0; i < parties.size(); ++i) {
    RETURN_IF_ERROR(ApplyOne(prefix, i, paper, facts, name, parties[i]));
  }
  return absl::OkStatus();
}

absl::Status RecheckSignatories(const PartyFacts& facts,
                                absl::string_view name,
                                std::vector<Party>& parties) {
  for (size_t i = 0; i < parties.size(); ++i) {
    Party& party = parties[i];
    RETURN_IF_ERROR(CheckOrganizationFact(
        facts, party.organization_id, PartyField("", i, "organization"), name));
    const std::string field = PartyField("", i, "signatory");
    ASSIGN_OR_RETURN(SignatoryFacts fact,
                     SignatoryFactsOf(facts, party, field, name));
    party.signatory_status = fact.status;
    if (fact.status != SignatoryStatus::kValid) {
      return SignatoryCannotSign(field, SignatoryStatusName(fact.status));
    }
  }
  return absl::OkStatus();
}

}  // namespace masar::partnerships
