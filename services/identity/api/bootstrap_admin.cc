#include "services/identity/api/bootstrap_admin.h"

#include "common/status/status_macros.h"
#include "services/identity/domain/actor.h"
#include "services/identity/domain/role_binding.h"

namespace masar::identity {

absl::StatusOr<std::string> BootstrapAdmin(IdentityDirectory& directory,
                                           UnitOfWork& unit_of_work,
                                           UserRepository& users,
                                           PasswordHasher& hasher,
                                           absl::string_view email,
                                           absl::string_view password) {
  ASSIGN_OR_RETURN(std::string hash, hasher.Hash(password));
  const Actor system(auth::Principal(
      kSystemActor, {{auth::Role::kPlatformAdmin, kGlobalScope}}));
  std::string created;
  RETURN_IF_ERROR(unit_of_work.Run([&](Transaction& tx) {
    created.clear();
    ASSIGN_OR_RETURN(bool empty, users.Empty(tx));
    if (!empty) return absl::OkStatus();
    NewUser admin;
    admin.display_name = "Platform administrator";
    admin.email = std::string(email);
    admin.preferred_language = Language::kEn;
    admin.password_hash = hash;
    ASSIGN_OR_RETURN(User user, directory.CreateUser(tx, system, admin));
    NewRoleBinding binding;
    binding.principal = user.name();
    binding.role = Role::kPlatformAdmin;
    binding.scope = std::string(kGlobalScope);
    RETURN_IF_ERROR(directory.CreateRoleBinding(tx, system, binding).status());
    created = user.name();
    return absl::OkStatus();
  }));
  return created;
}

}  // namespace masar::identity
