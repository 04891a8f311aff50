#ifndef MASAR_SERVICES_IDENTITY_API_BOOTSTRAP_ADMIN_H_
#define MASAR_SERVICES_IDENTITY_API_BOOTSTRAP_ADMIN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/credentials/password_hasher.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/user_repository.h"

namespace masar::identity {

// First start (MASAR_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD): when the store
// holds no user at all, creates one ACTIVE user with `email` and `password`
// and binds PLATFORM_ADMIN at "*" to it, in one serializable transaction, so
// replicas starting together create it once; later starts change nothing.
// Returns the new user's name, or "" when users already existed.
//
// The admin has no MFA yet. PLATFORM_ADMIN needs it: until the admin
// enrols, sign-in gives a token without the PLATFORM_ADMIN role (see
// SessionTokens), enough for BeginMfaEnrollment and ConfirmMfaEnrollment;
// signing in again with the TOTP code gives the role. The password is
// hashed on `hasher`'s thread (this call waits for it: start-up only).
absl::StatusOr<std::string> BootstrapAdmin(IdentityDirectory& directory,
                                           UnitOfWork& unit_of_work,
                                           UserRepository& users,
                                           PasswordHasher& hasher,
                                           absl::string_view email,
                                           absl::string_view password);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_BOOTSTRAP_ADMIN_H_
