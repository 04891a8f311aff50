#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_ACCOUNT_SECURITY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_ACCOUNT_SECURITY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "services/identity/credentials/totp.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/sessions/sessions.h"
#include "services/identity/domain/sessions/token_ports.h"

namespace masar::identity {

// A pending TOTP enrolment, shown once.
struct MfaEnrollment {
  std::string secret_base32;
  std::string otpauth_uri;
  absl::Time expire_time;
};

// A user's own credentials after sign-up: the password change and TOTP
// enrolment. The changes take the transaction their request-id record is
// written in. Thread-safe.
class AccountSecurity {
 public:
  // All must outlive this object.
  AccountSecurity(TokenPorts ports, IdentityDirectory* directory,
                  Sessions* sessions);

  // The user `name` names, who must be the caller (NOT_FOUND otherwise, as
  // for anything the caller may not see): their id.
  static absl::StatusOr<std::string> OwnUserId(const auth::Caller& caller,
                                               absl::string_view name);

  // ChangePassword before hashing: the caller's own user id once the
  // passwords are acceptable.
  absl::StatusOr<std::string> CheckPasswordChange(
      const auth::Caller& caller, absl::string_view name,
      absl::string_view current_password, absl::string_view new_password);
  // The active user `id` (`name`), whose password hash the current password
  // is verified against.
  absl::StatusOr<User> ActiveUser(const std::string& id,
                                  absl::string_view name);
  // Stores `new_hash`, ends the caller's other sessions, and forgets every
  // device of the user (this one included: all sign in as new again).
  absl::Status ReplacePassword(Transaction& tx, const auth::Caller& caller,
                               absl::string_view name,
                               const std::string& new_hash);

  // A fresh pending secret for the caller's user `name`.
  absl::StatusOr<MfaEnrollment> BeginMfaEnrollment(Transaction& tx,
                                                   const std::string& id,
                                                   absl::string_view name);
  // Turns MFA on when `code` matches the pending secret.
  absl::StatusOr<User> ConfirmMfaEnrollment(Transaction& tx,
                                            const std::string& id,
                                            absl::string_view name,
                                            absl::string_view code);
  // Turns MFA off for user `id` (the code is checked unless `admin`; a
  // PLATFORM_ADMIN keeps it) and ends the caller's other sessions.
  absl::StatusOr<User> DisableMfa(Transaction& tx, const auth::Caller& caller,
                                  const std::string& id,
                                  const NameAndEtag& target,
                                  absl::string_view code, bool admin);

 private:
  absl::Time Now() const { return ports_.clock->Now(); }

  TokenPorts ports_;
  IdentityDirectory* directory_;
  Sessions* sessions_;
  Totp totp_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_ACCOUNT_SECURITY_H_
