#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_AUDIT_TRAIL_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_AUDIT_TRAIL_H_

#include "common/audit/audit_record.h"
#include "common/audit/audit_trail.h"

namespace masar::identity {

// Identity's changes append their audit records through the port every
// service shares (common/audit/audit_trail.h; the SQL adapter is
// common/audit/sql_audit_trail.h). The names identity's code already uses.
using AuditEvent = audit::AuditRecord;
using AuditTrail = audit::AuditTrail;

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_AUDIT_TRAIL_H_
