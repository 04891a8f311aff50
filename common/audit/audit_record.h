#ifndef MASAR_COMMON_AUDIT_AUDIT_RECORD_H_
#define MASAR_COMMON_AUDIT_AUDIT_RECORD_H_

#include <string>

namespace masar::audit {

// What a change appends: ids and digests only, never personal data, so that
// erasing a person leaves the chain whole.
struct AuditRecord {
  std::string actor;           // "users/..", "serviceAccounts/..", "system"
  std::string action;          // "SubmitApplication"
  std::string resource;        // "programs/p/applications/a"
  std::string request_id;      // the caller's idempotency key, or empty
  std::string payload_digest;  // hex SHA-256 of the change's canonical content

  friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_AUDIT_RECORD_H_
