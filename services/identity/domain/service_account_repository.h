#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SERVICE_ACCOUNT_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SERVICE_ACCOUNT_REPOSITORY_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/aip/pagination.h"
#include "services/identity/domain/service_account.h"
#include "services/identity/domain/transaction.h"

namespace masar::identity {

struct ServiceAccountFilter {
  ServiceAccountState state = ServiceAccountState::kUnspecified;  // any
};

// Service accounts, ordered by (create_time, id). Deleted accounts stay
// stored (their ids are reserved) but leave lists.
class ServiceAccountRepository {
 public:
  virtual ~ServiceAccountRepository() = default;

  // ALREADY_EXISTS (ServiceAccountIdTaken) when the id was ever used.
  virtual absl::Status Create(Transaction& tx,
                              const ServiceAccount& account) = 0;

  // Deleted ones included. NOT_FOUND (ServiceAccountNotFound) when absent.
  virtual absl::StatusOr<ServiceAccount> Get(Transaction& tx,
                                             absl::string_view id) = 0;

  // The account with this client id, deleted ones included, if any.
  virtual absl::StatusOr<std::optional<ServiceAccount>> FindByClientId(
      Transaction& tx, absl::string_view client_id) = 0;

  // Deleted accounts excluded.
  virtual absl::StatusOr<ListResult<ServiceAccount>> List(
      Transaction& tx, const ServiceAccountFilter& filter,
      const PageQuery& page) = 0;

  // Compare-and-set on `account.version` (see UserRepository::Update).
  virtual absl::StatusOr<ServiceAccount> Update(
      Transaction& tx, const ServiceAccount& account) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SERVICE_ACCOUNT_REPOSITORY_H_
