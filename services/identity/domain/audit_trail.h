#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_AUDIT_TRAIL_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_AUDIT_TRAIL_H_

#include <string>

#include "absl/status/status.h"
#include "common/unit_of_work/unit_of_work.h"

namespace masar::identity {

// One change as the audit chain records it: ids and digests only, never
// personal data, so that erasing a person leaves the chain whole.
struct AuditEvent {
  std::string actor;           // "users/..", "serviceAccounts/..", "system"
  std::string action;          // the RPC, such as "UpdateUser"
  std::string resource;        // the changed resource's name
  std::string request_id;      // the caller's idempotency key, or empty
  std::string payload_digest;  // hex SHA-256 of the change's canonical form

  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

// The port through which every change appends its audit record, in the
// change's own transaction (store/ adapts common/audit's hash chain).
class AuditTrail {
 public:
  virtual ~AuditTrail() = default;
  virtual absl::Status Append(Transaction& tx, const AuditEvent& event) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_AUDIT_TRAIL_H_
