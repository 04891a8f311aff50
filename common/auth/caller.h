#ifndef MASAR_COMMON_AUTH_CALLER_H_
#define MASAR_COMMON_AUTH_CALLER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "common/auth/role.h"

namespace masar::auth {

// Who makes one call, as every service's domain sees it: the verified
// principal (none for an anonymous caller of a public method) and the
// call's request id, which audit entries record. Built by the RPC scaffold
// (common/grpc/rpc_scaffold.h); the domain's object-level checks decide
// from it.
class Caller {
 public:
  // An anonymous caller (sign-up).
  Caller() = default;
  // An anonymous caller whose call carries `request_id`.
  static Caller Anonymous(std::string request_id);
  explicit Caller(Principal principal, std::string request_id = "")
      : principal_(std::move(principal)), request_id_(std::move(request_id)) {}

  // "users/{id}" or "serviceAccounts/{id}"; empty when anonymous.
  const std::string& subject() const;
  bool IsServiceAccount() const;
  // The session (sid) the caller's token belongs to; empty for service
  // accounts and anonymous callers.
  const std::string& session_id() const;
  // The authentication methods of the caller's token (its `amr` claim,
  // such as {"pwd", "otp"}) and the token's id (`jti`): what a signature
  // records. Empty for anonymous callers.
  const std::vector<std::string>& amr() const;
  const std::string& token_id() const;
  // The caller's role bindings; empty when anonymous. For listing what a
  // scoped role reaches (HasRole answers for one resource).
  const std::vector<RoleBinding>& bindings() const;
  // The call's request id; may be empty.
  const std::string& request_id() const { return request_id_; }

  // Holds `role` in a scope reaching `resource` ("*" reaches everything).
  bool HasRole(Role role, absl::string_view resource) const;
  // Holds `role` at "*".
  bool HasGlobalRole(Role role) const { return HasRole(role, "*"); }
  bool IsPlatformAdmin() const { return HasGlobalRole(Role::kPlatformAdmin); }
  // True when the caller is the user `user_id` (the id, not the name).
  bool IsUser(absl::string_view user_id) const;
  // The caller as audit entries name it ("anonymous" when signed out).
  std::string AuditName() const;

 private:
  std::optional<Principal> principal_;
  std::string request_id_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_CALLER_H_
