#include "services/identity/testing/in_memory_identity_ports.h"

namespace masar::identity {

IdentityPorts InMemoryIdentityPorts::directory() {
  return IdentityPorts{.unit_of_work = &unit_of_work_,
                       .users = &users_,
                       .organizations = &organizations_,
                       .members = &members_,
                       .role_bindings = &role_bindings_,
                       .service_accounts = &service_accounts_,
                       .audit = &audit_,
                       .clock = clock_,
                       .sessions = &sessions_,
                       .revocations = &revocations_,
                       .events = &events_};
}

TokenPorts InMemoryIdentityPorts::tokens(
    SignInThrottle* throttle, const TotpSecretCipher* totp_secrets) {
  return TokenPorts{.unit_of_work = &unit_of_work_,
                    .users = &users_,
                    .service_accounts = &service_accounts_,
                    .sessions = &sessions_,
                    .revocations = &revocations_,
                    .throttle = throttle,
                    .totp_secrets = totp_secrets,
                    .clock = clock_};
}

}  // namespace masar::identity
