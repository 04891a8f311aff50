#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_OBLIGATION_REPOSITORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_OBLIGATION_REPOSITORY_H_

#include <vector>

#include "services/partnerships/domain/obligation_repository.h"

namespace masar::partnerships {

// ObligationRepository over masar::sql (table partnerships_obligations).
// overdue_only is answered in SQL: the obligation's own state and due_on,
// and its agreement's stored state, since an agreement is signed on its
// reader's day exactly when it was stored ACTIVE, EXPIRED or SUPERSEDED
// (time only moves ACTIVE to EXPIRED or SUPERSEDED). Thread-safe.
class SqlObligationRepository final : public ObligationRepository {
 public:
  absl::Status Create(Transaction& tx, const Obligation& obligation) override;
  absl::StatusOr<Obligation> Get(Transaction& tx,
                                 absl::string_view agreement_id,
                                 absl::string_view id) override;
  absl::StatusOr<Obligation> Update(Transaction& tx,
                                    const Obligation& obligation) override;
  absl::Status Delete(Transaction& tx, const Obligation& obligation) override;
  absl::StatusOr<aip::ListResult<Obligation>> List(
      Transaction& tx, const ObligationFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<Obligation>> ListAllOf(
      Transaction& tx, absl::string_view agreement_id) override;
  absl::Status DeleteAllOf(Transaction& tx,
                           absl::string_view agreement_id) override;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_OBLIGATION_REPOSITORY_H_
