#include "services/identity/domain/revocation_log.h"

#include "common/auth/token_signer.h"

namespace masar::identity {
namespace {

// How long a session or subject revocation must be remembered: past the
// last access token it concerns, with verifiers' clock leeway.
const absl::Duration kRevocationMemory =
    auth::kMaxTokenLifetime + absl::Seconds(60);

auth::Revocation Make(auth::RevocationKind kind, absl::string_view value,
                      absl::Time now, absl::Time expire_time) {
  auth::Revocation revocation;
  revocation.kind = kind;
  revocation.value = std::string(value);
  revocation.time = now;
  revocation.expire_time = expire_time;
  return revocation;
}

}  // namespace

auth::Revocation SessionRevocation(absl::string_view session_id,
                                   absl::Time now) {
  return Make(auth::RevocationKind::kSession, session_id, now,
              now + kRevocationMemory);
}

auth::Revocation SubjectRevocation(absl::string_view subject, absl::Time now) {
  return Make(auth::RevocationKind::kSubject, subject, now,
              now + kRevocationMemory);
}

auth::Revocation TokenRevocation(absl::string_view token_id, absl::Time now,
                                 absl::Time expires_at) {
  return Make(auth::RevocationKind::kToken, token_id, now, expires_at);
}

}  // namespace masar::identity
