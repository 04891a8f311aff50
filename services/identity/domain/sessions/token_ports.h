#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_TOKEN_PORTS_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_TOKEN_PORTS_H_

#include "common/clock/clock.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/identity/domain/revocation_log.h"
#include "services/identity/domain/service_account_repository.h"
#include "services/identity/domain/session_store.h"
#include "services/identity/domain/user_repository.h"

namespace masar::identity {

// What the token side's use cases (SignIn, Sessions, AccountSecurity) work
// through; none is owned, all outlive them.
struct TokenPorts {
  UnitOfWork* unit_of_work = nullptr;
  UserRepository* users = nullptr;
  ServiceAccountRepository* service_accounts = nullptr;
  SessionStore* sessions = nullptr;
  RevocationLog* revocations = nullptr;
  // Per (email, source) and per email, for sign-in and the wrong-password
  // check of ChangePassword; per (user, source) and per user
  // (MfaThrottleAccount) for every TOTP code checked; per (session, source)
  // and per session for refreshes (RefreshThrottleAccount).
  SignInThrottle* throttle = nullptr;
  // Seals the users' TOTP secrets at rest.
  const TotpSecretCipher* totp_secrets = nullptr;
  const Clock* clock = nullptr;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_TOKEN_PORTS_H_
