#include "services/identity/api/revocation_mapping.h"

#include <google/protobuf/util/time_util.h>

#include "common/status/errors.h"

namespace masar::identity {
namespace {

using ::google::protobuf::util::TimeUtil;

// The store keeps microseconds, so a round trip is exact.
google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

v1::Revocation::Kind KindToProto(auth::RevocationKind kind) {
  switch (kind) {
    case auth::RevocationKind::kToken:
      return v1::Revocation::KIND_TOKEN;
    case auth::RevocationKind::kSession:
      return v1::Revocation::KIND_SESSION;
    case auth::RevocationKind::kSubject:
      return v1::Revocation::KIND_SUBJECT;
  }
  return v1::Revocation::KIND_UNSPECIFIED;
}

}  // namespace

v1::Revocation RevocationToProto(const auth::Revocation& revocation) {
  v1::Revocation out;
  out.set_sequence(revocation.sequence);
  out.set_kind(KindToProto(revocation.kind));
  out.set_value(revocation.value);
  *out.mutable_revoke_time() = ToTimestamp(revocation.time);
  *out.mutable_expire_time() = ToTimestamp(revocation.expire_time);
  return out;
}

absl::StatusOr<auth::Revocation> RevocationFromProto(
    const v1::Revocation& revocation) {
  auth::Revocation out;
  switch (revocation.kind()) {
    case v1::Revocation::KIND_TOKEN:
      out.kind = auth::RevocationKind::kToken;
      break;
    case v1::Revocation::KIND_SESSION:
      out.kind = auth::RevocationKind::kSession;
      break;
    case v1::Revocation::KIND_SUBJECT:
      out.kind = auth::RevocationKind::kSubject;
      break;
    default:
      return InvalidArgumentError("revocation.kind", "unknown kind");
  }
  if (revocation.sequence() < 1) {
    return InvalidArgumentError("revocation.sequence", "must be 1 or more");
  }
  if (revocation.value().empty()) {
    return InvalidArgumentError("revocation.value", "must not be empty");
  }
  out.sequence = revocation.sequence();
  out.value = revocation.value();
  out.time = FromTimestamp(revocation.revoke_time());
  out.expire_time = FromTimestamp(revocation.expire_time());
  return out;
}

}  // namespace masar::identity
