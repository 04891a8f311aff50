#ifndef MASAR_COMMON_AUDIT_SQL_AUDIT_TRAIL_H_
#define MASAR_COMMON_AUDIT_SQL_AUDIT_TRAIL_H_

#include "absl/status/status.h"
#include "common/audit/audit_log.h"
#include "common/audit/audit_trail.h"
#include "common/unit_of_work/unit_of_work.h"

namespace masar::audit {

// AuditTrail over the hash chain (AuditLog), in the change's SQL
// transaction (sql::SqlUnitOfWork's): the entry commits or rolls back with
// the change it records. Every service's store hands one to its domain.
class SqlAuditTrail final : public AuditTrail {
 public:
  // `log` must outlive the trail.
  explicit SqlAuditTrail(const AuditLog* log) : log_(log) {}
  absl::Status Append(Transaction& tx, const AuditRecord& record) override;

 private:
  const AuditLog* const log_;
};

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_SQL_AUDIT_TRAIL_H_
