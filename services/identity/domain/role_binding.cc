#include "services/identity/domain/role_binding.h"

#include "common/auth/role.h"

namespace masar::identity {
namespace {

// The names are common/auth's, the one table tokens and policies use; this
// enum only adds kUnspecified in front, as the proto does.
static_assert(static_cast<int>(Role::kPlatformAdmin) ==
              static_cast<int>(auth::Role::kPlatformAdmin) + 1);
static_assert(static_cast<int>(Role::kService) ==
              static_cast<int>(auth::Role::kService) + 1);

}  // namespace

absl::string_view RoleName(Role role) {
  if (role < Role::kPlatformAdmin || role > Role::kService) {
    return "UNSPECIFIED";
  }
  return auth::RoleName(static_cast<auth::Role>(static_cast<int>(role) - 1));
}

std::optional<Role> ParseRoleName(absl::string_view name) {
  const std::optional<auth::Role> role = auth::ParseRole(name);
  if (!role.has_value()) return std::nullopt;
  return static_cast<Role>(static_cast<int>(*role) + 1);
}

}  // namespace masar::identity
