#include "common/auth/principal.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "common/auth/auth_errors.h"

namespace masar::auth {
namespace {

constexpr absl::string_view kUsers = "users/";
constexpr absl::string_view kServiceAccounts = "serviceAccounts/";

bool HasIdAfter(absl::string_view name, absl::string_view collection) {
  if (!absl::StartsWith(name, collection)) return false;
  absl::string_view id = name.substr(collection.size());
  return !id.empty() && !absl::StrContains(id, '/');
}

}  // namespace

bool IsValidSubject(absl::string_view subject) {
  return HasIdAfter(subject, kUsers) || HasIdAfter(subject, kServiceAccounts);
}

absl::StatusOr<Principal> Principal::FromClaims(const Claims& claims) {
  if (!IsValidSubject(claims.subject)) return InvalidToken("invalid sub");
  std::vector<RoleBinding> bindings;
  for (const std::string& text : claims.roles) {
    absl::StatusOr<RoleBinding> binding = ParseRoleBinding(text);
    if (binding.ok()) bindings.push_back(*std::move(binding));
  }
  Principal p(claims.subject, std::move(bindings));
  p.amr_ = claims.amr;
  p.token_id_ = claims.token_id;
  p.session_id_ = claims.session_id;
  p.issued_at_ = claims.issued_at;
  p.expires_at_ = claims.expires_at;
  return p;
}

bool Principal::IsUser() const { return HasIdAfter(subject_, kUsers); }

bool Principal::IsServiceAccount() const {
  return HasIdAfter(subject_, kServiceAccounts);
}

bool Principal::HasRole(Role role, absl::string_view resource) const {
  return std::any_of(bindings_.begin(), bindings_.end(),
                     [&](const RoleBinding& b) {
                       return b.role == role && ScopeCovers(b.scope, resource);
                     });
}

bool Principal::HasAnyRole(std::initializer_list<Role> roles,
                           absl::string_view resource) const {
  return std::any_of(roles.begin(), roles.end(),
                     [&](Role role) { return HasRole(role, resource); });
}

bool Principal::HasRoleInAnyScope(Role role) const {
  return std::any_of(bindings_.begin(), bindings_.end(),
                     [&](const RoleBinding& b) { return b.role == role; });
}

bool Principal::HasAuthenticationMethod(absl::string_view method) const {
  return std::find(amr_.begin(), amr_.end(), method) != amr_.end();
}

}  // namespace masar::auth
