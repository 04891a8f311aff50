#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ERRORS_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The identity service's error catalog: every error the domain and its
// stores return is built here, with its canonical code (DESIGN section 3).
// Messages name resources and fields, never personal values.
namespace masar::identity {

// NOT_FOUND: absent, or not visible to the caller.
absl::Status UserNotFound(absl::string_view name);
absl::Status OrganizationNotFound(absl::string_view name);
absl::Status MemberNotFound(absl::string_view name);
absl::Status ServiceAccountNotFound(absl::string_view name);
absl::Status RoleBindingNotFound(absl::string_view name);

// ALREADY_EXISTS.
absl::Status EmailTaken();
// A user already holds this national identifier (its lookup digest).
absl::Status NationalIdTaken();
absl::Status IceTaken();
absl::Status MemberExists(absl::string_view name);
absl::Status ServiceAccountIdTaken(absl::string_view name);
absl::Status RoleBindingExists();

// PERMISSION_DENIED: the caller may see `resource` but not do `action`.
absl::Status PermissionDenied(absl::string_view action,
                              absl::string_view resource);

// FAILED_PRECONDITION, rules of the domain.
absl::Status LastOwner(absl::string_view organization);
absl::Status LastPlatformAdmin(absl::string_view principal);
absl::Status UserNotActive(absl::string_view name);
absl::Status UserNotDisabled(absl::string_view name);
absl::Status UserErased(absl::string_view name);
absl::Status CannotDisableSelf();
absl::Status HoldsPlatformAdmin(absl::string_view name);
absl::Status OrganizationDeleted(absl::string_view name);
absl::Status ServiceAccountNotActive(absl::string_view name);
absl::Status ServiceAccountNotDisabled(absl::string_view name);
absl::Status MfaRequiredForPlatformAdmin(absl::string_view name);
absl::Status FounderNeedsMember(absl::string_view principal,
                                absl::string_view organization);
absl::Status FounderNeedsFoundedKind(absl::string_view organization);

// UNAUTHENTICATED, sign-in and sessions. One answer for an unknown email,
// a wrong password and a user who may not sign in, so that the answer tells
// nothing about which accounts exist; likewise for client credentials,
// MFA tickets and refresh tokens.
absl::Status WrongCredentials();
absl::Status WrongClientCredentials();
absl::Status BadMfaTicket();
absl::Status InvalidRefreshToken();

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ERRORS_H_
