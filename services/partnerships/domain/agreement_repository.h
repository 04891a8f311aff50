#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_REPOSITORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/aip/pagination.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/agreement.h"

namespace masar::partnerships {

// Whose agreements a caller without a reading role on `*` sees: those an
// organization in `organization_ids` is a party to, and those where
// `signatory_id` (a user id, may be empty) is a party's signatory.
struct Visibility {
  std::vector<std::string> organization_ids;
  std::string signatory_id;
};

// ListAgreements' filters, combined with AND; an empty one matches all.
// States are effective states (EffectiveState on `today`): a stored ACTIVE
// agreement past its expires_on matches kExpired, never kActive.
struct AgreementFilter {
  absl::CivilDay today;
  std::string party_id;  // an organization id
  std::vector<AgreementState> states;
  std::vector<AgreementKind> kinds;
  std::vector<ScopeArea> scope_areas;  // any of them
  std::optional<absl::CivilDay> expiring_before;  // expires_on < day
  // In force on the day (listagreements' `active_on`: signed_on <= day,
  // effective_on <= day < expires_on, not ended or superseded by then).
  std::optional<absl::CivilDay> active_on;
  std::string signatory_id;  // a user id
  std::optional<Visibility> visible_to;  // unset: no restriction
};

// Agreements, keyed by id. Lists run newest first: create_time descending,
// then id descending; aip::PageCursor holds the last item's (create_time,
// id) and the next page starts strictly after it in that order.
class AgreementRepository {
 public:
  virtual ~AgreementRepository() = default;

  virtual absl::Status Create(Transaction& tx, const Agreement& agreement) = 0;
  // NOT_FOUND (AgreementNotFound) when absent.
  virtual absl::StatusOr<Agreement> Get(Transaction& tx,
                                        absl::string_view id) = 0;
  // Writes `agreement` if the stored version is `agreement.version`;
  // returns it as stored, with the next version. ABORTED (aip::StaleEtag)
  // when the version moved, NOT_FOUND when absent.
  virtual absl::StatusOr<Agreement> Update(Transaction& tx,
                                           const Agreement& agreement) = 0;
  // Deletes the agreement (and nothing else) if its version is
  // `agreement.version`: ABORTED otherwise, NOT_FOUND when absent.
  virtual absl::Status Delete(Transaction& tx, const Agreement& agreement) = 0;
  virtual absl::StatusOr<aip::ListResult<Agreement>> List(
      Transaction& tx, const AgreementFilter& filter,
      const aip::PageQuery& page) = 0;
  // The agreements whose extends_id is `id`, in creation order.
  virtual absl::StatusOr<std::vector<Agreement>> ListExtending(
      Transaction& tx, absl::string_view id) = 0;
  // Up to `limit` stored ACTIVE agreements whose expires_on or supersede_on
  // is on or before `today`: the sweep's work (oldest expires_on first).
  virtual absl::StatusOr<std::vector<Agreement>> ListDue(
      Transaction& tx, absl::CivilDay today, int limit) = 0;
  // The agreements in DRAFT, IN_REVIEW or AWAITING_SIGNATURES where
  // `user_id` is the signatory of a party that has not signed: what a
  // disabled, erased or departed user affects.
  virtual absl::StatusOr<std::vector<Agreement>> ListUnsignedBySignatory(
      Transaction& tx, absl::string_view user_id) = 0;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_REPOSITORY_H_
