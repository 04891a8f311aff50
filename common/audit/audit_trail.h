#ifndef MASAR_COMMON_AUDIT_AUDIT_TRAIL_H_
#define MASAR_COMMON_AUDIT_AUDIT_TRAIL_H_

#include "absl/status/status.h"
#include "common/audit/audit_record.h"
#include "common/unit_of_work/unit_of_work.h"

namespace masar::audit {

// The port through which a service's domain appends the audit record of
// every change, in the change's own transaction. No SQL here: the adapter
// over the hash chain is SqlAuditTrail (common/audit/sql_audit_trail.h);
// domain tests use a fake.
class AuditTrail {
 public:
  virtual ~AuditTrail() = default;
  virtual absl::Status Append(Transaction& tx, const AuditRecord& record) = 0;
};

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_AUDIT_TRAIL_H_
