#ifndef MASAR_COMMON_PROTO_MAPPING_AUDIT_MAPPING_H_
#define MASAR_COMMON_PROTO_MAPPING_AUDIT_MAPPING_H_

#include <optional>

#include "common/audit/audit_log.h"
#include "common/proto_mapping/proto_mapping.h"
#include "masar/common/v1/audit.pb.h"

// common/audit's entries and chain checks as masar.common.v1 messages, what
// every service's ListAuditEvents and VerifyAuditChain answer. In
// masar::audit beside the types they map, so a handler's unqualified
// ToProto(entry) finds them.
namespace masar::audit {

common::v1::AuditEvent ToProto(const AuditEntry& entry);
common::v1::AuditChainVerification ToProto(const Verification& verification);

// The filter of a ListAuditEventsRequest: every service's has the same
// fields (resource, actor, action, start_time, end_time, after_sequence).
template <typename Request>
AuditFilter AuditFilterOf(const Request& request) {
  return AuditFilter{
      .resource = request.resource(),
      .actor = request.actor(),
      .action = request.action(),
      .start_time = request.has_start_time()
                        ? std::optional(FromProtoTimestamp(request.start_time()))
                        : std::nullopt,
      .end_time = request.has_end_time()
                      ? std::optional(FromProtoTimestamp(request.end_time()))
                      : std::nullopt,
      .after_sequence = request.after_sequence()};
}

}  // namespace masar::audit

#endif  // MASAR_COMMON_PROTO_MAPPING_AUDIT_MAPPING_H_
