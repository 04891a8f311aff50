#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_ROLE_BINDING_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_ROLE_BINDING_REPOSITORY_H_

#include "services/identity/domain/role_binding_repository.h"

namespace masar::identity {

// RoleBindingRepository over masar::sql (table identity_role_bindings).
class SqlRoleBindingRepository final : public RoleBindingRepository {
 public:
  absl::Status Create(Transaction& tx, const RoleBinding& binding) override;
  absl::StatusOr<RoleBinding> Get(Transaction& tx,
                                  absl::string_view id) override;
  absl::StatusOr<aip::ListResult<RoleBinding>> List(Transaction& tx,
                                               const RoleBindingFilter& filter,
                                               const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<RoleBinding>> FindAll(
      Transaction& tx, const RoleBindingFilter& filter) override;
  absl::Status Delete(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<int64_t> DeleteAll(Transaction& tx,
                                    const RoleBindingFilter& filter) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_ROLE_BINDING_REPOSITORY_H_
