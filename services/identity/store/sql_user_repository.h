#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_USER_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_USER_REPOSITORY_H_

#include "services/identity/domain/user_repository.h"

namespace masar::identity {

// UserRepository over masar::sql (table identity_users). Stateless.
class SqlUserRepository final : public UserRepository {
 public:
  absl::Status Create(Transaction& tx, const User& user) override;
  absl::StatusOr<User> Get(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<std::optional<User>> FindByEmail(
      Transaction& tx, absl::string_view email) override;
  absl::StatusOr<ListResult<User>> List(Transaction& tx,
                                        const UserFilter& filter,
                                        const PageQuery& page) override;
  absl::StatusOr<User> Update(Transaction& tx, const User& user) override;
  absl::StatusOr<bool> Empty(Transaction& tx) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_USER_REPOSITORY_H_
