#ifndef MASAR_COMMON_AUDIT_AUDIT_PAGE_H_
#define MASAR_COMMON_AUDIT_AUDIT_PAGE_H_

#include "absl/status/statusor.h"
#include "common/aip/pagination.h"
#include "common/audit/audit_log.h"
#include "common/sql/database.h"

namespace masar::audit {

// The page of entries matching `filter` that `page` asks for, from the chain
// in `db`, in sequence order: what every service's ListAuditEvents serves.
// `filter.after_sequence` is the caller's resume point. The page size follows
// PageLimit (0 -> 50, above 500 -> 500); the token resumes after the previous
// page's last entry and is valid only with the same filter. INVALID_ARGUMENT
// names page_size, page_token, after_sequence or end_time.
absl::StatusOr<aip::Page<AuditEntry>> ListAuditPage(const AuditLog& log,
                                               sql::Executor& db,
                                               const AuditFilter& filter,
                                               const aip::PageRequest& page);

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_AUDIT_PAGE_H_
