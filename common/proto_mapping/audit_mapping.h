#ifndef MASAR_COMMON_PROTO_MAPPING_AUDIT_MAPPING_H_
#define MASAR_COMMON_PROTO_MAPPING_AUDIT_MAPPING_H_

#include "common/audit/audit_log.h"
#include "masar/common/v1/audit.pb.h"

// common/audit's entries and chain checks as masar.common.v1 messages, what
// every service's ListAuditEvents and VerifyAuditChain answer. In
// masar::audit beside the types they map, so a handler's unqualified
// ToProto(entry) finds them.
namespace masar::audit {

common::v1::AuditEvent ToProto(const AuditEntry& entry);
common::v1::AuditChainVerification ToProto(const Verification& verification);

}  // namespace masar::audit

#endif  // MASAR_COMMON_PROTO_MAPPING_AUDIT_MAPPING_H_
