#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ROLE_BINDING_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ROLE_BINDING_REPOSITORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/aip/pagination.h"
#include "services/identity/domain/role_binding.h"
#include "services/identity/domain/transaction.h"

namespace masar::identity {

struct RoleBindingFilter {
  std::string principal;           // exact; empty for any
  Role role = Role::kUnspecified;  // any
  std::string scope;               // exact; empty for any
};

// Role bindings, ordered by (create_time, id); (principal, role, scope) is
// unique.
class RoleBindingRepository {
 public:
  virtual ~RoleBindingRepository() = default;

  // ALREADY_EXISTS (RoleBindingExists) for the same principal, role and
  // scope.
  virtual absl::Status Create(Transaction& tx, const RoleBinding& binding) = 0;

  // NOT_FOUND (RoleBindingNotFound) when absent.
  virtual absl::StatusOr<RoleBinding> Get(Transaction& tx,
                                          absl::string_view id) = 0;

  virtual absl::StatusOr<ListResult<RoleBinding>> List(
      Transaction& tx, const RoleBindingFilter& filter,
      const PageQuery& page) = 0;

  // Every binding matching `filter`, unpaged, in list order: for a
  // principal's token claims and for rules over few bindings.
  virtual absl::StatusOr<std::vector<RoleBinding>> FindAll(
      Transaction& tx, const RoleBindingFilter& filter) = 0;

  // NOT_FOUND when absent.
  virtual absl::Status Delete(Transaction& tx, absl::string_view id) = 0;

  // Deletes every binding matching `filter` (at least one field set);
  // returns how many.
  virtual absl::StatusOr<int64_t> DeleteAll(
      Transaction& tx, const RoleBindingFilter& filter) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ROLE_BINDING_REPOSITORY_H_
