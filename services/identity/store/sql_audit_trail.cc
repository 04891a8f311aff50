#include "services/identity/store/sql_audit_trail.h"

#include "common/sql/sql_unit_of_work.h"

namespace masar::identity {

absl::Status SqlAuditTrail::Append(Transaction& tx, const AuditEvent& event) {
  absl::StatusOr<sql::Transaction*> stx = sql::SqlOf(tx);
  if (!stx.ok()) return stx.status();
  audit::AuditRecord record;
  record.actor = event.actor;
  record.action = event.action;
  record.resource = event.resource;
  record.request_id = event.request_id;
  record.payload_digest = event.payload_digest;
  return log_->Append(**stx, record).status();
}

}  // namespace masar::identity
