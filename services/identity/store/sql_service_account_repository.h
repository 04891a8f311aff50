#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_SERVICE_ACCOUNT_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_SERVICE_ACCOUNT_REPOSITORY_H_

#include "services/identity/domain/service_account_repository.h"

namespace masar::identity {

// ServiceAccountRepository over masar::sql (table identity_service_accounts).
class SqlServiceAccountRepository final : public ServiceAccountRepository {
 public:
  absl::Status Create(Transaction& tx, const ServiceAccount& account) override;
  absl::StatusOr<ServiceAccount> Get(Transaction& tx,
                                     absl::string_view id) override;
  absl::StatusOr<std::optional<ServiceAccount>> FindByClientId(
      Transaction& tx, absl::string_view client_id) override;
  absl::StatusOr<aip::ListResult<ServiceAccount>> List(
      Transaction& tx, const ServiceAccountFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<ServiceAccount> Update(Transaction& tx,
                                        const ServiceAccount& account) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_SERVICE_ACCOUNT_REPOSITORY_H_
