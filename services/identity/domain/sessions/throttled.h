#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_THROTTLED_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_THROTTLED_H_

#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/identity/credentials/sign_in_throttle.h"

// How the token side counts the attempts SignInThrottle limits beyond the
// password sign-in's (email, source): TOTP codes and refresh tokens.
namespace masar::identity {

// The throttle's account for TOTP codes checked for one user, and for
// refreshes of one session.
std::string MfaThrottleAccount(absl::string_view user_id);
std::string RefreshThrottleAccount(absl::string_view session_id);
// The account of a refresh token or MFA ticket that names no session or
// user: the source's own, so that one source sending garbage is held back
// without a shared budget others could exhaust.
std::string UnknownCredentialAccount(absl::string_view kind,
                                     absl::string_view source);
// Whether a reservation should be given back: the attempt got no verdict
// (the hasher was full or stopping).
bool NoVerdict(const absl::Status& status);

// Runs `attempt` (a code or refresh-token check) under the throttle's
// reservation for (account, source), taken first so parallel attempts
// cannot pass the limit: a value clears the pair's failures, a refusal
// (nullopt) keeps the reservation as a failure, an error gives it back.
template <typename T>
absl::StatusOr<std::optional<T>> Throttled(
    SignInThrottle& throttle, const std::string& account,
    const std::string& source,
    absl::FunctionRef<absl::StatusOr<std::optional<T>>()> attempt) {
  if (absl::Status s = throttle.Check(account, source); !s.ok()) return s;
  absl::StatusOr<std::optional<T>> result = attempt();
  if (!result.ok()) {
    throttle.Release(account, source).IgnoreError();
  } else if (result->has_value()) {
    throttle.RecordSuccess(account, source).IgnoreError();
  }
  return result;
}

// Settles the reservation Check(account, source) made before a TOTP code
// was checked in a change recorded under a request id (`ran`, as
// idempotency::RunRecorded answers): a verified code clears the pair's
// failures, a repeat answered from its record gives the attempt back, an
// error keeps it as a failure and is returned.
absl::Status SettleCodeCheck(SignInThrottle& throttle,
                             const std::string& account,
                             const std::string& source,
                             const absl::StatusOr<bool>& ran);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_THROTTLED_H_
