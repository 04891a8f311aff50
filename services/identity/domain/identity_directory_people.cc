// IdentityDirectory: what other services read about people, person cards
// and demographic counts, without reading whole users.
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/resource_names.h"

namespace masar::identity {
namespace {

// The ids `names` name, in order; INVALID_ARGUMENT naming `field` for none,
// more than `limit`, or a malformed name.
absl::StatusOr<std::vector<std::string>> ParseUserNames(
    absl::string_view field, const std::vector<std::string>& names,
    int limit) {
  if (names.empty()) return InvalidArgumentError(field, "name at least one user");
  if (names.size() > static_cast<size_t>(limit)) {
    return InvalidArgumentError(
        field, absl::StrCat("at most ", limit, " users in one call"));
  }
  std::vector<std::string> ids;
  ids.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    ASSIGN_OR_RETURN(std::string id,
                     ParseUserName(absl::StrCat(field, "[", i, "]"), names[i]));
    ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace

AgeBand AgeBandAt(int birth_year, int reference_year) {
  if (birth_year == 0) return AgeBand::kUndisclosed;
  const int age = reference_year - birth_year;
  if (age < 25) return AgeBand::kUnder25;
  if (age < 35) return AgeBand::k25To34;
  if (age < 45) return AgeBand::k35To44;
  if (age < 55) return AgeBand::k45To54;
  return AgeBand::k55AndOver;
}

absl::StatusOr<absl::flat_hash_map<std::string, User>>
IdentityDirectory::UsersById(const Actor& actor,
                             const std::vector<std::string>& ids) {
  if (!actor.HasGlobalRole(auth::Role::kService)) {
    return PermissionDenied("read the people of", "users");
  }
  const std::set<std::string> distinct(ids.begin(), ids.end());
  ASSIGN_OR_RETURN(
      std::vector<User> users,
      ReadOnly<std::vector<User>>([&](Transaction& tx) {
        return ports_.users->GetMany(
            tx, std::vector<std::string>(distinct.begin(), distinct.end()));
      }));
  absl::flat_hash_map<std::string, User> by_id;
  for (User& user : users) by_id.emplace(user.id, std::move(user));
  for (const std::string& id : ids) {
    if (!by_id.contains(id)) return UserNotFound(absl::StrCat("users/", id));
  }
  return by_id;
}

absl::StatusOr<std::vector<User>> IdentityDirectory::BatchGetUsers(
    const Actor& actor, const std::vector<std::string>& names) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseUserNames("names", names, kMaxBatchUsers));
  ASSIGN_OR_RETURN(auto by_id, UsersById(actor, ids));
  std::vector<User> users;
  users.reserve(ids.size());
  for (const std::string& id : ids) users.push_back(by_id.at(id));
  return users;
}

absl::StatusOr<DemographicsCounts> IdentityDirectory::CountDemographics(
    const Actor& actor, const std::vector<std::string>& names,
    int reference_year) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseUserNames("users", names, kMaxCountedUsers));
  if (reference_year < 1900 || reference_year > 9999) {
    return InvalidArgumentError("reference_year", "must be 1900..9999");
  }
  ASSIGN_OR_RETURN(auto by_id, UsersById(actor, ids));
  DemographicsCounts result;
  for (const auto& [id, user] : by_id) {
    // Only attributes held with consent count; an erased user has none.
    const Demographics given =
        user.demographics.value_or(Demographics{});
    ++result.counts[{given.gender,
                     AgeBandAt(given.birth_year, reference_year)}];
    ++result.total;
  }
  return result;
}

}  // namespace masar::identity
