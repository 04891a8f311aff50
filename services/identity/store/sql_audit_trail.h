#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_AUDIT_TRAIL_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_AUDIT_TRAIL_H_

#include "common/audit/audit_log.h"
#include "services/identity/domain/audit_trail.h"

namespace masar::identity {

// AuditTrail over common/audit's hash chain, in the change's SQL
// transaction.
class SqlAuditTrail final : public AuditTrail {
 public:
  explicit SqlAuditTrail(const audit::AuditLog* log) : log_(log) {}
  absl::Status Append(Transaction& tx, const AuditEvent& event) override;

 private:
  const audit::AuditLog* log_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_AUDIT_TRAIL_H_
