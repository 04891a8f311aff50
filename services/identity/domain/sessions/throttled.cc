#include "services/identity/domain/sessions/throttled.h"

#include "absl/strings/str_cat.h"

namespace masar::identity {

std::string MfaThrottleAccount(absl::string_view user_id) {
  return absl::StrCat("mfa:", user_id);
}

std::string RefreshThrottleAccount(absl::string_view session_id) {
  return absl::StrCat("refresh:", session_id);
}

std::string UnknownCredentialAccount(absl::string_view kind,
                                     absl::string_view source) {
  return absl::StrCat("unknown-", kind, ":", source);
}

bool NoVerdict(const absl::Status& status) {
  return absl::IsResourceExhausted(status) || absl::IsUnavailable(status);
}

absl::Status SettleCodeCheck(SignInThrottle& throttle,
                             const std::string& account,
                             const std::string& source,
                             const absl::StatusOr<bool>& ran) {
  if (!ran.ok()) return ran.status();  // the reservation stands
  if (*ran) {
    throttle.RecordSuccess(account, source).IgnoreError();
  } else {
    throttle.Release(account, source).IgnoreError();
  }
  return absl::OkStatus();
}

}  // namespace masar::identity
