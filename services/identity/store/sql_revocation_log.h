#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_REVOCATION_LOG_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_REVOCATION_LOG_H_

#include "common/cache/cache.h"
#include "services/identity/domain/revocation_log.h"

namespace masar::identity {

// RevocationLog over identity's SQL store (auth::RevocationStore's table,
// auth::RevocationMigrations), announced on `channel` after commit
// (auth::PublishRevocation); transactions come from sql::SqlUnitOfWork.
class SqlRevocationLog final : public RevocationLog {
 public:
  // `channel` may be null: replicas then find revocations at their next
  // poll of the store. It must outlive the log.
  explicit SqlRevocationLog(cache::Cache* channel) : channel_(channel) {}

  absl::Status Append(Transaction& tx,
                      const auth::Revocation& revocation) override;

 private:
  cache::Cache* channel_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_REVOCATION_LOG_H_
