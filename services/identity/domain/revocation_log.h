#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_REVOCATION_LOG_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_REVOCATION_LOG_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/revocation.h"
#include "common/unit_of_work/unit_of_work.h"

namespace masar::identity {

// Where identity records what it revokes, inside the transaction of the
// change that revokes, so that every process's verifier stops accepting
// the tokens concerned before they expire. The store is the source of truth
// every replica polls; an adapter may also announce each revocation once
// its transaction commits (never before: a rolled-back change revokes
// nothing).
class RevocationLog {
 public:
  virtual ~RevocationLog() = default;

  // Records `revocation` (its sequence is the store's to assign).
  virtual absl::Status Append(Transaction& tx,
                              const auth::Revocation& revocation) = 0;
};

// Every token of the session `session_id` (a reused refresh token, a
// revoked refresh token, a password change ending other sessions).
auth::Revocation SessionRevocation(absl::string_view session_id,
                                   absl::Time now);
// Every token of `subject` issued up to `now` (a disabled or erased user, a
// removed role).
auth::Revocation SubjectRevocation(absl::string_view subject, absl::Time now);
// The one access token `token_id`, remembered until it expires.
auth::Revocation TokenRevocation(absl::string_view token_id, absl::Time now,
                                 absl::Time expires_at);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_REVOCATION_LOG_H_
