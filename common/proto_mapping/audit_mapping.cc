#include "common/proto_mapping/audit_mapping.h"

#include "common/proto_mapping/proto_mapping.h"

namespace masar::audit {

common::v1::AuditEvent ToProto(const AuditEntry& entry) {
  common::v1::AuditEvent out;
  out.set_sequence(entry.sequence);
  *out.mutable_event_time() = ToProtoTimestamp(entry.event_time);
  out.set_actor(entry.record.actor);
  out.set_action(entry.record.action);
  out.set_resource(entry.record.resource);
  out.set_request_id(entry.record.request_id);
  out.set_payload_digest(entry.record.payload_digest);
  out.set_previous_digest(entry.previous_digest);
  out.set_digest(entry.digest);
  return out;
}

common::v1::AuditChainVerification ToProto(const Verification& verification) {
  common::v1::AuditChainVerification out;
  out.set_valid(verification.valid);
  out.set_entries_checked(verification.entries_checked);
  out.set_first_invalid_sequence(verification.first_invalid_sequence);
  out.set_problem(verification.problem);
  out.set_head_digest(verification.head_digest);
  out.set_checkpoint_sequence(verification.checkpoint_sequence);
  return out;
}

}  // namespace masar::audit
