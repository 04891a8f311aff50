// IdentityDirectory: users.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/aip/update_mask.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

absl::Status ValidateNationalIdPair(absl::string_view ciphertext,
                                    absl::string_view masked) {
  if (ciphertext.empty() != masked.empty()) {
    return absl::InternalError(
        "national id ciphertext and masked form go together");
  }
  return absl::OkStatus();
}

// The demographics to store for `input` at `now`: none without attributes.
std::optional<Demographics> DemographicsOf(
    const std::optional<DemographicsInput>& input, absl::Time now) {
  if (!input.has_value() ||
      (input->gender == Gender::kUnspecified && input->birth_year == 0)) {
    return std::nullopt;
  }
  return Demographics{input->gender, input->birth_year, now};
}

absl::Status ValidateDemographicsInput(
    const std::optional<DemographicsInput>& input, absl::string_view field,
    absl::Time now) {
  if (!input.has_value()) return absl::OkStatus();
  return ValidateDemographics(field, input->gender, input->birth_year,
                              input->consent, now);
}

std::string UsersFilterKey(const UserFilter& filter) {
  return absl::StrCat("users|", NormalizeEmail(filter.email), "|",
                      static_cast<int>(filter.state), "|",
                      absl::StrJoin(filter.national_id_lookups, ","));
}

// NationalIdTaken when a user other than `self` holds the identifier whose
// digests (under every held lookup key) are `lookups`. Digests written
// under an older lookup key are matched too, which the unique index alone
// would miss.
absl::Status CheckNationalIdFree(Transaction& tx, UserRepository& users,
                                 const std::vector<std::string>& lookups,
                                 absl::string_view self) {
  if (lookups.empty()) return absl::OkStatus();
  UserFilter filter;
  filter.national_id_lookups = lookups;
  aip::PageQuery query;
  query.limit = 2;
  ASSIGN_OR_RETURN(aip::ListResult<User> holders, users.List(tx, filter, query));
  for (const User& holder : holders.items) {
    if (holder.id != self) return NationalIdTaken();
  }
  return absl::OkStatus();
}

absl::Status ValidateUserUpdate(const UserUpdate& u, absl::Time now) {
  RETURN_IF_ERROR(aip::CheckUpdateMask(
      u.update_mask, {"display_name", "email", "phone", "national_id",
                      "preferred_language", "demographics"}));
  if (aip::MaskHas(u.update_mask, "display_name")) {
    RETURN_IF_ERROR(
        ValidateUserDisplayName("user.display_name", u.display_name));
  }
  if (aip::MaskHas(u.update_mask, "email")) {
    RETURN_IF_ERROR(ValidateEmail("user.email", u.email));
  }
  if (aip::MaskHas(u.update_mask, "phone") && !u.phone.empty()) {
    RETURN_IF_ERROR(ValidatePhone("user.phone", u.phone));
  }
  if (aip::MaskHas(u.update_mask, "national_id")) {
    RETURN_IF_ERROR(
        ValidateNationalIdPair(u.national_id_ciphertext, u.national_id_masked));
  }
  if (aip::MaskHas(u.update_mask, "preferred_language")) {
    RETURN_IF_ERROR(
        ValidateLanguage("user.preferred_language", u.preferred_language));
  }
  if (aip::MaskHas(u.update_mask, "demographics")) {
    RETURN_IF_ERROR(
        ValidateDemographicsInput(u.demographics, "user.demographics", now));
  }
  return absl::OkStatus();
}

void ApplyUserUpdate(const UserUpdate& u, absl::Time now, User& user) {
  if (aip::MaskHas(u.update_mask, "display_name"))
    user.display_name = u.display_name;
  if (aip::MaskHas(u.update_mask, "email")) user.email = u.email;
  if (aip::MaskHas(u.update_mask, "phone")) user.phone = u.phone;
  if (aip::MaskHas(u.update_mask, "national_id")) {
    user.national_id_ciphertext = u.national_id_ciphertext;
    user.national_id_masked = u.national_id_masked;
    user.national_id_lookup = u.national_id_lookup;
  }
  if (aip::MaskHas(u.update_mask, "preferred_language")) {
    user.preferred_language = u.preferred_language;
  }
  if (aip::MaskHas(u.update_mask, "demographics")) {
    user.demographics = DemographicsOf(u.demographics, now);
  }
  user.update_time = now;
}

// Destroys every personal field and secret (law 09-08); keeps the id.
void Erase(User& user, absl::Time now) {
  const std::string id = user.id;
  const absl::Time create_time = user.create_time;
  const int64_t version = user.version;
  user = User{};
  user.id = id;
  user.create_time = create_time;
  user.version = version;
  user.state = UserState::kErased;
  user.update_time = now;
}

}  // namespace

absl::StatusOr<User> IdentityDirectory::CreateUser(Transaction& tx,
                                                   const Actor& actor,
                                                   const NewUser& n) {
  const absl::Time now = Now();
  RETURN_IF_ERROR(ValidateUserDisplayName("user.display_name", n.display_name));
  RETURN_IF_ERROR(ValidateEmail("user.email", n.email));
  if (!n.phone.empty()) RETURN_IF_ERROR(ValidatePhone("user.phone", n.phone));
  RETURN_IF_ERROR(
      ValidateLanguage("user.preferred_language", n.preferred_language));
  RETURN_IF_ERROR(
      ValidateDemographicsInput(n.demographics, "user.demographics", now));
  RETURN_IF_ERROR(
      ValidateNationalIdPair(n.national_id_ciphertext, n.national_id_masked));
  if (n.password_hash.empty()) {
    return absl::InternalError("a user is created with a password hash");
  }
  User user;
  user.id = NewUuid();
  user.display_name = n.display_name;
  user.email = n.email;
  user.phone = n.phone;
  user.national_id_ciphertext = n.national_id_ciphertext;
  user.national_id_masked = n.national_id_masked;
  user.national_id_lookup = n.national_id_lookup;
  user.preferred_language = n.preferred_language;
  user.state = UserState::kActive;
  user.demographics = DemographicsOf(n.demographics, now);
  user.password_hash = n.password_hash;
  user.create_time = now;
  user.update_time = now;
  user.version = 1;
  RETURN_IF_ERROR(
      CheckNationalIdFree(tx, *ports_.users, n.national_id_lookups, ""));
  RETURN_IF_ERROR(ports_.users->Create(tx, user));
  const Actor auditor =
      actor.subject().empty()  // sign-up: the new user acts
          ? Actor(auth::Principal(user.name(), {}), actor.request_id())
          : actor;
  RETURN_IF_ERROR(Audit(tx, auditor, "CreateUser", user.name(), user.etag()));
  return user;
}

absl::StatusOr<User> IdentityDirectory::GetUser(const Actor& actor,
                                                const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, VisibleUserId(actor, name));
  return ReadUser(id);
}

absl::StatusOr<std::string> IdentityDirectory::VisibleUserId(
    const Actor& actor, const std::string& name) const {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", name));
  if (!CanSeeUser(actor, id)) return UserNotFound(name);
  return id;
}

absl::StatusOr<User> IdentityDirectory::ReadUser(absl::string_view id) {
  return ReadOnly<User>(
      [&](Transaction& tx) { return ports_.users->Get(tx, id); });
}

absl::StatusOr<aip::Page<User>> IdentityDirectory::ListUsers(
    const Actor& actor, const UserFilter& filter, const aip::PageRequest& page) {
  if (!actor.IsPlatformAdmin() && !actor.HasGlobalRole(auth::Role::kService)) {
    return PermissionDenied("list", "users");
  }
  if (!filter.email.empty() && filter.email.size() > 254) {
    return InvalidArgumentError("email", "at most 254 characters");
  }
  const std::string key = UsersFilterKey(filter);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, key));
  return ReadOnly<aip::Page<User>>(
      [&](Transaction& tx) -> absl::StatusOr<aip::Page<User>> {
        ASSIGN_OR_RETURN(aip::ListResult<User> result,
                         ports_.users->List(tx, filter, query));
        return aip::MakePage(std::move(result), key, [](const User& u) {
          return aip::PageCursor{u.create_time, u.id};
        });
      });
}

absl::StatusOr<User> IdentityDirectory::UpdateUser(Transaction& tx,
                                                   const Actor& actor,
                                                   const UserUpdate& update) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("user.name", update.name));
  if (!CanSeeUser(actor, id)) return UserNotFound(update.name);
  if (!actor.IsUser(id) && !actor.IsPlatformAdmin()) {
    return PermissionDenied("update", update.name);
  }
  const absl::Time now = Now();
  RETURN_IF_ERROR(ValidateUserUpdate(update, now));
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  if (user.state == UserState::kErased) return UserErased(user.name());
  RETURN_IF_ERROR(aip::CheckRequiredEtag(update.etag, user.version, user.name()));
  if (aip::MaskHas(update.update_mask, "national_id")) {
    RETURN_IF_ERROR(CheckNationalIdFree(tx, *ports_.users,
                                        update.national_id_lookups, id));
  }
  ApplyUserUpdate(update, now, user);
  ASSIGN_OR_RETURN(User updated, ports_.users->Update(tx, user));
  RETURN_IF_ERROR(Audit(tx, actor, "UpdateUser", updated.name(),
                        absl::StrCat(updated.etag(), "\n",
                                     absl::StrJoin(update.update_mask, ","))));
  return updated;
}

absl::StatusOr<User> IdentityDirectory::DisableUser(Transaction& tx,
                                                    const Actor& actor,
                                                    const NameAndEtag& req) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", req.name));
  if (!CanSeeUser(actor, id)) return UserNotFound(req.name);
  if (!actor.IsPlatformAdmin()) return PermissionDenied("disable", req.name);
  if (actor.IsUser(id)) return CannotDisableSelf();
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, user.version, user.name()));
  if (user.state != UserState::kActive) return UserNotActive(user.name());
  const absl::Time now = Now();
  user.state = UserState::kDisabled;
  RETURN_IF_ERROR(EndSessionsOf(tx, user, now));
  // A re-enabled user's clients sign in as new ones.
  RETURN_IF_ERROR(ports_.sessions->DeleteDeviceTokensOf(tx, id));
  user.update_time = now;
  ASSIGN_OR_RETURN(User updated, ports_.users->Update(tx, user));
  RETURN_IF_ERROR(Emit(tx, UserStateChanged{id, updated.state}));
  RETURN_IF_ERROR(
      Audit(tx, actor, "DisableUser", updated.name(), updated.etag()));
  return updated;
}

absl::StatusOr<User> IdentityDirectory::EnableUser(Transaction& tx,
                                                   const Actor& actor,
                                                   const NameAndEtag& req) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", req.name));
  if (!CanSeeUser(actor, id)) return UserNotFound(req.name);
  if (!actor.IsPlatformAdmin()) return PermissionDenied("enable", req.name);
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, user.version, user.name()));
  if (user.state != UserState::kDisabled) return UserNotDisabled(user.name());
  user.state = UserState::kActive;
  user.update_time = Now();
  ASSIGN_OR_RETURN(User updated, ports_.users->Update(tx, user));
  RETURN_IF_ERROR(Emit(tx, UserStateChanged{id, updated.state}));
  RETURN_IF_ERROR(
      Audit(tx, actor, "EnableUser", updated.name(), updated.etag()));
  return updated;
}

absl::StatusOr<User> IdentityDirectory::DeleteUser(Transaction& tx,
                                                   const Actor& actor,
                                                   const NameAndEtag& req) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", req.name));
  if (!CanSeeUser(actor, id)) return UserNotFound(req.name);
  if (!actor.IsUser(id) && !actor.IsPlatformAdmin()) {
    return PermissionDenied("delete", req.name);
  }
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  if (user.state == UserState::kErased) return user;  // changes nothing
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, user.version, user.name()));
  RoleBindingFilter admin_bindings;
  admin_bindings.principal = user.name();
  admin_bindings.role = Role::kPlatformAdmin;
  ASSIGN_OR_RETURN(std::vector<RoleBinding> admin,
                   ports_.role_bindings->FindAll(tx, admin_bindings));
  if (!admin.empty()) return HoldsPlatformAdmin(user.name());
  const absl::Time now = Now();
  Erase(user, now);
  RETURN_IF_ERROR(EndSessionsOf(tx, user, now));
  RETURN_IF_ERROR(ports_.sessions->DeleteDeviceTokensOf(tx, id));
  ASSIGN_OR_RETURN(std::vector<Member> memberships,
                   ports_.members->DeleteAllOfUser(tx, id));
  RETURN_IF_ERROR(MembersRemoved(tx, memberships));
  RoleBindingFilter all_bindings;
  all_bindings.principal = user.name();
  RETURN_IF_ERROR(DeleteBindings(tx, all_bindings).status());
  ASSIGN_OR_RETURN(User erased, ports_.users->Update(tx, user));
  RETURN_IF_ERROR(Emit(tx, UserStateChanged{id, erased.state}));
  RETURN_IF_ERROR(Audit(tx, actor, "DeleteUser", erased.name(), erased.etag()));
  return erased;
}

}  // namespace masar::identity
