#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_USER_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_USER_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/aip/pagination.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/user.h"

namespace masar::identity {

struct UserFilter {
  std::string email;  // compared case-insensitively; empty for any
  UserState state = UserState::kUnspecified;  // kUnspecified for any
  // When set, only users whose national id lookup digest is one of these
  // (the digests of one identifier under every held lookup key).
  std::vector<std::string> national_id_lookups;
};

// Users, ordered by (create_time, id). Emails are unique among users that
// have one (erased users have none), compared by NormalizeEmail; so are
// national id lookup digests.
class UserRepository {
 public:
  virtual ~UserRepository() = default;

  // Stores a new user as given (version included). ALREADY_EXISTS: EmailTaken
  // when the email is taken, NationalIdTaken when the lookup digest is, or
  // when the id is.
  virtual absl::Status Create(Transaction& tx, const User& user) = 0;

  // NOT_FOUND (UserNotFound) when absent.
  virtual absl::StatusOr<User> Get(Transaction& tx, absl::string_view id) = 0;

  // The users with these ids, in no particular order; absent ids are
  // skipped (the caller names them). Ids are distinct.
  virtual absl::StatusOr<std::vector<User>> GetMany(
      Transaction& tx, const std::vector<std::string>& ids) = 0;
  // The user with this email (case-insensitive), if any.
  virtual absl::StatusOr<std::optional<User>> FindByEmail(
      Transaction& tx, absl::string_view email) = 0;

  virtual absl::StatusOr<aip::ListResult<User>> List(Transaction& tx,
                                                const UserFilter& filter,
                                                const aip::PageQuery& page) = 0;

  // Compare-and-set: writes `user` if the stored version still equals
  // `user.version`, and returns it with the version incremented. ABORTED
  // (aip::StaleEtag) when the stored version differs, NOT_FOUND when absent,
  // ALREADY_EXISTS (EmailTaken, NationalIdTaken) when the new email or
  // lookup digest is taken.
  virtual absl::StatusOr<User> Update(Transaction& tx, const User& user) = 0;

  // True when no user exists (first start).
  virtual absl::StatusOr<bool> Empty(Transaction& tx) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_USER_REPOSITORY_H_
