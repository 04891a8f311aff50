#ifndef MASAR_COMMON_AUTH_PRINCIPAL_H_
#define MASAR_COMMON_AUTH_PRINCIPAL_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/claims.h"
#include "common/auth/role.h"

namespace masar::auth {

// Who is calling, as a verified access token says: what handlers and the
// domain receive (as an argument, never a global).
class Principal {
 public:
  // From verified claims: `sub` must name a user or a service account.
  // Role bindings that do not parse (a role this binary does not know yet,
  // during a rolling upgrade) are dropped: an unknown grant grants nothing.
  static absl::StatusOr<Principal> FromClaims(const Claims& claims);

  Principal(std::string subject, std::vector<RoleBinding> bindings)
      : subject_(std::move(subject)), bindings_(std::move(bindings)) {}

  // "users/{user}" or "serviceAccounts/{service_account}".
  const std::string& subject() const { return subject_; }
  bool IsUser() const;
  bool IsServiceAccount() const;

  const std::vector<RoleBinding>& bindings() const { return bindings_; }
  const std::vector<std::string>& amr() const { return amr_; }
  const std::string& token_id() const { return token_id_; }
  const std::string& session_id() const { return session_id_; }
  absl::Time issued_at() const { return issued_at_; }
  absl::Time expires_at() const { return expires_at_; }

  // True when a binding of `role` has a scope reaching `resource` (see
  // ScopeCovers); HasRole(role, "*") needs a binding scoped to "*".
  bool HasRole(Role role, absl::string_view resource) const;
  bool HasAnyRole(std::initializer_list<Role> roles,
                  absl::string_view resource) const;
  // True when some binding holds `role`, whatever its scope: what the
  // policy table asks before the domain checks the object.
  bool HasRoleInAnyScope(Role role) const;
  // Whether the sign-in used `method` ("otp" for a verified TOTP code).
  bool HasAuthenticationMethod(absl::string_view method) const;

 private:
  std::string subject_;
  std::vector<RoleBinding> bindings_;
  std::vector<std::string> amr_;
  std::string token_id_;
  std::string session_id_;
  absl::Time issued_at_ = absl::InfinitePast();
  absl::Time expires_at_ = absl::InfinitePast();
};

// True for "users/{id}" and "serviceAccounts/{id}" (id non-empty, no '/').
bool IsValidSubject(absl::string_view subject);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_PRINCIPAL_H_
