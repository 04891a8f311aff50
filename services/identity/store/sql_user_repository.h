#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_USER_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_USER_REPOSITORY_H_

#include "common/resource_cache/resource_cache.h"
#include "services/identity/domain/user_repository.h"

namespace masar::identity {

// The read-through cache of users' public view (GetUser's answer, which
// holds no secret and only the masked national id), keyed by user id.
ResourceCacheOptions UserCacheOptions();

// UserRepository over masar::sql (table identity_users). Every update
// invalidates the user's key in `cache` (when given) in its transaction, so
// that no path that changes a user (directory, sign-in, MFA, passwords) can
// leave a stale cached view. Thread-safe.
class SqlUserRepository final : public UserRepository {
 public:
  explicit SqlUserRepository(ResourceCache* cache = nullptr) : cache_(cache) {}

  absl::Status Create(Transaction& tx, const User& user) override;
  absl::StatusOr<User> Get(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<std::vector<User>> GetMany(
      Transaction& tx, const std::vector<std::string>& ids) override;
  absl::StatusOr<std::optional<User>> FindByEmail(
      Transaction& tx, absl::string_view email) override;
  absl::StatusOr<aip::ListResult<User>> List(Transaction& tx,
                                        const UserFilter& filter,
                                        const aip::PageQuery& page) override;
  absl::StatusOr<User> Update(Transaction& tx, const User& user) override;
  absl::StatusOr<bool> Empty(Transaction& tx) override;

 private:
  ResourceCache* const cache_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_USER_REPOSITORY_H_
