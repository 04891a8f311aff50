#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_OBLIGATION_REPOSITORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_OBLIGATION_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/aip/pagination.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/agreement_repository.h"
#include "services/partnerships/domain/obligation.h"

namespace masar::partnerships {

// ListObligations' filters, combined with AND.
struct ObligationFilter {
  absl::CivilDay today;
  std::string agreement_id;  // empty: every agreement ("agreements/-")
  std::optional<Visibility> visible_to;  // with an empty agreement_id
  std::vector<ObligationState> states;
  std::string responsible_party_id;
  // IsOverdue on `today`, with the agreement's effective state.
  bool overdue_only = false;
  std::optional<absl::CivilDay> due_before;
};

// Obligations, keyed by (agreement_id, id). Lists run by due_on, then
// agreement_id, then id; aip::PageCursor holds the last item's due_on (as
// 00:00 UTC of that day) and "{agreement_id}/{id}".
class ObligationRepository {
 public:
  virtual ~ObligationRepository() = default;

  virtual absl::Status Create(Transaction& tx, const Obligation& obligation) = 0;
  // NOT_FOUND (ObligationNotFound) when absent.
  virtual absl::StatusOr<Obligation> Get(Transaction& tx,
                                         absl::string_view agreement_id,
                                         absl::string_view id) = 0;
  // Compare-and-set on version, as AgreementRepository::Update.
  virtual absl::StatusOr<Obligation> Update(Transaction& tx,
                                            const Obligation& obligation) = 0;
  virtual absl::Status Delete(Transaction& tx, const Obligation& obligation) = 0;
  virtual absl::StatusOr<aip::ListResult<Obligation>> List(
      Transaction& tx, const ObligationFilter& filter,
      const aip::PageQuery& page) = 0;
  // Every obligation of an agreement, by id (the digest's order).
  virtual absl::StatusOr<std::vector<Obligation>> ListAllOf(
      Transaction& tx, absl::string_view agreement_id) = 0;
  virtual absl::Status DeleteAllOf(Transaction& tx,
                                   absl::string_view agreement_id) = 0;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_OBLIGATION_REPOSITORY_H_
