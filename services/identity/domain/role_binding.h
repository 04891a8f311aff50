#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ROLE_BINDING_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ROLE_BINDING_H_

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::identity {

// Values match masar.identity.v1.Role.
enum class Role {
  kUnspecified = 0,
  kPlatformAdmin = 1,
  kProgramManager = 2,
  kReviewer = 3,
  kMentor = 4,
  kFounder = 5,
  kPartnershipOfficer = 6,
  kAuditor = 7,
  kService = 8,
};

// "PLATFORM_ADMIN", as tokens and policy tables write roles.
absl::string_view RoleName(Role role);
// The inverse of RoleName; nullopt for an unknown name.
std::optional<Role> ParseRoleName(absl::string_view name);

inline constexpr char kGlobalScope[] = "*";

// A grant of one role to one principal within one scope. Immutable: it has
// no etag and no update time.
struct RoleBinding {
  std::string id;         // UUIDv4; the resource name is "roleBindings/{id}"
  std::string principal;  // "users/{u}" or "serviceAccounts/{sa}"
  Role role = Role::kUnspecified;
  std::string scope;    // "*", "programs/{p}", "organizations/{o}"
  std::string creator;  // principal whose call created it, or "system"
  absl::Time create_time;

  std::string name() const { return absl::StrCat("roleBindings/", id); }
  // "FOUNDER@organizations/..", as the `roles` claim carries it.
  std::string ScopedRole() const {
    return absl::StrCat(RoleName(role), "@", scope);
  }

  friend bool operator==(const RoleBinding&, const RoleBinding&) = default;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ROLE_BINDING_H_
