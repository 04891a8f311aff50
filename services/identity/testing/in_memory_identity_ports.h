#ifndef MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_IDENTITY_PORTS_H_
#define MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_IDENTITY_PORTS_H_

#include "common/clock/clock.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/sessions/token_ports.h"
#include "services/identity/testing/in_memory_identity_store.h"
#include "services/identity/testing/in_memory_session_store.h"

namespace masar::identity {

// Every in-memory fake of identity's ports, over one shared state, handed
// out as the ports the directory and the token side take: what a domain
// test holds instead of a member per fake and a wiring of its own.
class InMemoryIdentityPorts {
 public:
  // `clock` must outlive the fakes' users.
  explicit InMemoryIdentityPorts(const Clock* clock) : clock_(clock) {}
  InMemoryIdentityPorts(const InMemoryIdentityPorts&) = delete;
  InMemoryIdentityPorts& operator=(const InMemoryIdentityPorts&) = delete;

  // IdentityDirectory's ports.
  IdentityPorts directory();
  // The token side's ports (SignIn, Sessions, AccountSecurity); the
  // throttle and the TOTP cipher (null: none) are the test's own.
  TokenPorts tokens(SignInThrottle* throttle,
                    const TotpSecretCipher* totp_secrets = nullptr);

  // The fakes a test reads or seeds directly.
  InMemoryUnitOfWork& unit_of_work() { return unit_of_work_; }
  InMemoryUserRepository& users() { return users_; }
  InMemoryRoleBindingRepository& role_bindings() { return role_bindings_; }
  InMemorySessionStore& sessions() { return sessions_; }

 private:
  const Clock* clock_;
  InMemoryUnitOfWork unit_of_work_;
  InMemoryUserRepository users_;
  InMemoryOrganizationRepository organizations_;
  InMemoryMemberRepository members_;
  InMemoryRoleBindingRepository role_bindings_;
  InMemoryServiceAccountRepository service_accounts_;
  InMemoryAuditTrail audit_;
  InMemorySessionStore sessions_;
  InMemoryRevocationLog revocations_;
  InMemoryIdentityEventLog events_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_IDENTITY_PORTS_H_
