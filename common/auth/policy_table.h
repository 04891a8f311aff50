#ifndef MASAR_COMMON_AUTH_POLICY_TABLE_H_
#define MASAR_COMMON_AUTH_POLICY_TABLE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/auth/principal.h"
#include "common/auth/role.h"

namespace masar::auth {

// Who may call one method.
class Access {
 public:
  enum class Kind { kPublic, kAuthenticated, kRoles };

  // Anyone, without a token (sign-in, sign-up, JWKS).
  static Access Public() { return Access(Kind::kPublic, {}); }
  // Any signed-in principal; the domain decides what it may see.
  static Access Authenticated() { return Access(Kind::kAuthenticated, {}); }
  // A principal holding one of `roles` in any scope; the domain then checks
  // that the scope reaches the object.
  static Access AnyRole(std::vector<Role> roles) {
    return Access(Kind::kRoles, std::move(roles));
  }

  Kind kind() const { return kind_; }
  const std::vector<Role>& roles() const { return roles_; }

 private:
  Access(Kind kind, std::vector<Role> roles)
      : kind_(kind), roles_(std::move(roles)) {}

  Kind kind_;
  std::vector<Role> roles_;
};

// "/masar.identity.v1.IdentityService/GetUser", as gRPC names a method.
std::string GrpcMethodName(absl::string_view service_full_name,
                           absl::string_view method);

// One service's declarative access table: every method is listed with its
// Access, and anything absent is denied (fail closed).
class PolicyTable {
 public:
  using Entry = std::pair<std::string, Access>;

  // `service_full_name` ("masar.identity.v1.IdentityService") prefixes the
  // short method names of `entries` ("GetUser"). INVALID_ARGUMENT for a
  // repeated method, a name with '/', or AnyRole with no role.
  static absl::StatusOr<PolicyTable> Create(absl::string_view service_full_name,
                                            std::vector<Entry> entries);

  // Whether `principal` (null: no valid token) may call `method` (full gRPC
  // name): OK; UNAUTHENTICATED without a principal on a non-public method;
  // PERMISSION_DENIED when its roles do not allow it or the method is not
  // in the table.
  absl::Status Check(absl::string_view method,
                     const Principal* principal) const;

  // Whether `method` is public: its calls need no token at all.
  bool IsPublic(absl::string_view method) const;

  // The methods of `methods` (full gRPC names, such as a test builds from
  // the service descriptor) that the table does not list, so each service
  // can test that its table is complete.
  std::vector<std::string> MissingMethods(
      absl::Span<const std::string> methods) const;

 private:
  PolicyTable() = default;

  absl::flat_hash_map<std::string, Access> methods_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_POLICY_TABLE_H_
