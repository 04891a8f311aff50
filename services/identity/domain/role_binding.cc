#include "services/identity/domain/role_binding.h"

#include <array>
#include <utility>

namespace masar::identity {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 8> kRoleNames = {{
    {Role::kPlatformAdmin, "PLATFORM_ADMIN"},
    {Role::kProgramManager, "PROGRAM_MANAGER"},
    {Role::kReviewer, "REVIEWER"},
    {Role::kMentor, "MENTOR"},
    {Role::kFounder, "FOUNDER"},
    {Role::kPartnershipOfficer, "PARTNERSHIP_OFFICER"},
    {Role::kAuditor, "AUDITOR"},
    {Role::kService, "SERVICE"},
}};

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "UNSPECIFIED";
}

std::optional<Role> ParseRoleName(absl::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

}  // namespace masar::identity
