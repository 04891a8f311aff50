#ifndef MASAR_COMMON_AUTH_ROLE_H_
#define MASAR_COMMON_AUTH_ROLE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::auth {

// The roles of masar.identity.v1.Role, without the proto dependency.
enum class Role {
  kPlatformAdmin,
  kProgramManager,
  kReviewer,
  kMentor,
  kFounder,
  kPartnershipOfficer,
  kAuditor,
  kService,
};

// "PLATFORM_ADMIN", ... as tokens carry them.
absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

// A role within a scope: "*", "programs/{p}" or "organizations/{o}".
struct RoleBinding {
  Role role;
  std::string scope;

  friend bool operator==(const RoleBinding&, const RoleBinding&) = default;
};

// Parses "ROLE@scope" ("FOUNDER@organizations/123"); INVALID_ARGUMENT for
// an unknown role or a scope of another form.
absl::StatusOr<RoleBinding> ParseRoleBinding(absl::string_view text);
std::string FormatRoleBinding(const RoleBinding& binding);

// True for "*", "programs/{id}" and "organizations/{id}" (id non-empty, no
// '/').
bool IsValidScope(absl::string_view scope);

// Whether a binding in `scope` reaches `resource`: "*" reaches everything;
// "programs/p" reaches "programs/p" and what lies under it
// ("programs/p/applications/a"), not "programs/p2"; likewise organizations.
bool ScopeCovers(absl::string_view scope, absl::string_view resource);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_ROLE_H_
