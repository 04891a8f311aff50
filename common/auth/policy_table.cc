#include "common/auth/policy_table.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/auth_errors.h"

namespace masar::auth {

std::string GrpcMethodName(absl::string_view service_full_name,
                           absl::string_view method) {
  return absl::StrCat("/", service_full_name, "/", method);
}

absl::StatusOr<PolicyTable> PolicyTable::Create(
    absl::string_view service_full_name, std::vector<Entry> entries) {
  PolicyTable table;
  for (auto& [method, access] : entries) {
    if (method.empty() || absl::StrContains(method, '/')) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy table: bad method name \"", method, "\""));
    }
    if (access.kind() == Access::Kind::kRoles && access.roles().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy table: ", method, " lists no role"));
    }
    std::string name = GrpcMethodName(service_full_name, method);
    if (!table.methods_.emplace(name, std::move(access)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy table: ", method, " listed twice"));
    }
  }
  return table;
}

bool PolicyTable::IsPublic(absl::string_view method) const {
  auto it = methods_.find(method);
  return it != methods_.end() && it->second.kind() == Access::Kind::kPublic;
}

absl::Status PolicyTable::Check(absl::string_view method,
                                const Principal* principal) const {
  auto it = methods_.find(method);
  if (it != methods_.end() && it->second.kind() == Access::Kind::kPublic) {
    return absl::OkStatus();
  }
  if (principal == nullptr) return MissingToken();
  if (it == methods_.end()) return MethodDenied(method);
  if (it->second.kind() == Access::Kind::kAuthenticated) {
    return absl::OkStatus();
  }
  const std::vector<Role>& roles = it->second.roles();
  bool allowed = std::any_of(roles.begin(), roles.end(), [&](Role role) {
    return principal->HasRoleInAnyScope(role);
  });
  return allowed ? absl::OkStatus() : MethodDenied(method);
}

std::vector<std::string> PolicyTable::MissingMethods(
    absl::Span<const std::string> methods) const {
  std::vector<std::string> missing;
  for (const std::string& method : methods) {
    if (!methods_.contains(method)) missing.push_back(method);
  }
  return missing;
}

}  // namespace masar::auth
