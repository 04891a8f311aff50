#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_AGREEMENT_REPOSITORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_AGREEMENT_REPOSITORY_H_

#include <vector>

#include "common/resource_cache/resource_cache.h"
#include "services/partnerships/domain/agreement_repository.h"

namespace masar::partnerships {

// The read-through cache of agreements (GetAgreement's answer), keyed by
// agreement id.
ResourceCacheOptions AgreementCacheOptions();

// AgreementRepository over masar::sql: table partnerships_agreements, its
// parties (partnerships_agreement_parties) and scope areas
// (partnerships_agreement_scopes), written together. Every filter of
// AgreementFilter is a SQL condition over indexed columns, effective states
// included (computed from state, expires_on and supersede_on on the
// filter's day). Update and Delete compare-and-set on version with
// `WHERE id = ? AND version = ?`, which is what lets exactly one of
// concurrent writers of the same version win on both drivers. Every update
// and delete invalidates the agreement's key in `cache` (when given) in its
// transaction. Thread-safe.
class SqlAgreementRepository final : public AgreementRepository {
 public:
  explicit SqlAgreementRepository(ResourceCache* cache = nullptr)
      : cache_(cache) {}

  absl::Status Create(Transaction& tx, const Agreement& agreement) override;
  absl::StatusOr<Agreement> Get(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<Agreement> Update(Transaction& tx,
                                   const Agreement& agreement) override;
  absl::Status Delete(Transaction& tx, const Agreement& agreement) override;
  absl::StatusOr<aip::ListResult<Agreement>> List(
      Transaction& tx, const AgreementFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<Agreement>> ListExtending(
      Transaction& tx, absl::string_view id) override;
  absl::StatusOr<std::vector<Agreement>> ListDue(Transaction& tx,
                                                 absl::CivilDay today,
                                                 int limit) override;
  absl::StatusOr<std::vector<Agreement>> ListUnsignedBySignatory(
      Transaction& tx, absl::string_view user_id) override;

 private:
  ResourceCache* const cache_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_AGREEMENT_REPOSITORY_H_
