#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTY_FACTS_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTY_FACTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/agreement_registry.h"

// How a change reads the PartyFacts gathered before its transaction: what
// identity said, what it did not know (refused), and what it was never
// asked (ABORTED: the parties changed in between; the caller retries).
namespace masar::partnerships {

// The facts of an organization: OK when identity knows it;
// FAILED_PRECONDITION naming `field` when it does not; ABORTED (about
// `name`) when it was not asked.
absl::Status CheckOrganizationFact(const PartyFacts& facts,
                                   absl::string_view organization_id,
                                   absl::string_view field,
                                   absl::string_view name);

// What identity said of `party`'s signatory: FAILED_PRECONDITION naming
// `field` when it does not know the user, ABORTED when it was not asked.
absl::StatusOr<SignatoryFacts> SignatoryFactsOf(const PartyFacts& facts,
                                                const Party& party,
                                                absl::string_view field,
                                                absl::string_view name);

// New or changed parties (CreateAgreement, UpdateAgreement's "parties",
// RecordPaperAgreement with `paper`), fields under `prefix`: every
// organization known; every signatory an ACTIVE member (in a paper record,
// a named signatory need only exist); an empty signatory_title copied from
// the member's title (FAILED_PRECONDITION naming it when identity has
// none). Statuses become kValid.
absl::Status ApplyPartyFacts(absl::string_view prefix, bool paper,
                             const PartyFacts& facts, absl::string_view name,
                             std::vector<Party>& parties);

// Submit and RequestSignatures: every organization still known and every
// signatory still an ACTIVE member, the statuses refreshed from identity
// (a signatory enabled again is valid again); FAILED_PRECONDITION naming
// "parties[i].signatory" for the first that cannot sign.
absl::Status RecheckSignatories(const PartyFacts& facts,
                                absl::string_view name,
                                std::vector<Party>& parties);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTY_FACTS_H_
