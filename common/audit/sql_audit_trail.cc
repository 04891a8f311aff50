#include "common/audit/sql_audit_trail.h"

#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"

namespace masar::audit {

absl::Status SqlAuditTrail::Append(Transaction& tx, const AuditRecord& record) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return log_->Append(*stx, record).status();
}

}  // namespace masar::audit
