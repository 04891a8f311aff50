#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ACTOR_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ACTOR_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/identity/domain/role_binding.h"

namespace masar::identity {

// The subject of changes the service makes on its own (bootstrap, expiry).
inline constexpr char kSystemActor[] = "system";

struct ScopedRole {
  Role role = Role::kUnspecified;
  std::string scope;
};

// Who makes a call, as the authentication step established it from the
// access token: the domain's object-level checks decide from it.
struct Actor {
  // "users/{id}" or "serviceAccounts/{id}"; empty for an anonymous caller
  // (sign-up).
  std::string subject;
  // The token's scoped roles ("FOUNDER@organizations/..").
  std::vector<ScopedRole> roles;
  bool is_service = false;
  // The call's idempotency key, recorded in audit entries; may be empty.
  std::string request_id;

  // Holds `role` at `scope` or at "*".
  bool HasRole(Role role, absl::string_view scope) const;
  // Holds `role` at "*".
  bool HasGlobalRole(Role role) const;
  bool IsPlatformAdmin() const { return HasGlobalRole(Role::kPlatformAdmin); }
  bool IsUser(absl::string_view user_id) const;
  // The actor as audit entries name it ("anonymous" when signed out).
  std::string AuditName() const;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ACTOR_H_
