#include "common/auth/role.h"

#include <array>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace masar::auth {
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

constexpr absl::string_view kScopeCollections[] = {"programs/",
                                                   "organizations/"};

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "UNKNOWN";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (const auto& [role, n] : kRoleNames) {
    if (n == name) return role;
  }
  return std::nullopt;
}

bool IsValidScope(absl::string_view scope) {
  if (scope == "*") return true;
  for (absl::string_view collection : kScopeCollections) {
    if (absl::StartsWith(scope, collection)) {
      absl::string_view id = scope.substr(collection.size());
      return !id.empty() && !absl::StrContains(id, '/');
    }
  }
  return false;
}

absl::StatusOr<RoleBinding> ParseRoleBinding(absl::string_view text) {
  size_t at = text.find('@');
  if (at == absl::string_view::npos) {
    return absl::InvalidArgumentError("a role binding reads ROLE@scope");
  }
  std::optional<Role> role = ParseRole(text.substr(0, at));
  if (!role.has_value()) {
    return absl::InvalidArgumentError("unknown role in role binding");
  }
  absl::string_view scope = text.substr(at + 1);
  if (!IsValidScope(scope)) {
    return absl::InvalidArgumentError("invalid scope in role binding");
  }
  return RoleBinding{*role, std::string(scope)};
}

std::string FormatRoleBinding(const RoleBinding& binding) {
  return absl::StrCat(RoleName(binding.role), "@", binding.scope);
}

bool ScopeCovers(absl::string_view scope, absl::string_view resource) {
  if (scope == "*") return true;
  if (!IsValidScope(scope) || !absl::StartsWith(resource, scope)) return false;
  // The next character must end the scope's last segment, so "programs/p"
  // does not reach "programs/p2".
  return resource.size() == scope.size() || resource[scope.size()] == '/';
}

}  // namespace masar::auth
