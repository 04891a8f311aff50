#include "services/identity/domain/errors.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace masar::identity {

absl::Status UserNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}
absl::Status OrganizationNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}
absl::Status MemberNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}
absl::Status ServiceAccountNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}
absl::Status RoleBindingNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

absl::Status EmailTaken() {
  return WithFieldViolations(
      absl::AlreadyExistsError("a user with this email already exists"),
      {{"email", "already taken"}});
}
absl::Status NationalIdTaken() {
  return WithFieldViolations(
      absl::AlreadyExistsError(
          "a user with this national identifier already exists"),
      {{"national_id", "already registered"}});
}
absl::Status IceTaken() {
  return WithFieldViolations(
      absl::AlreadyExistsError("an organization with this ICE already exists"),
      {{"ice", "already taken"}});
}
absl::Status MemberExists(absl::string_view name) {
  return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
}
absl::Status ServiceAccountIdTaken(absl::string_view name) {
  return absl::AlreadyExistsError(
      absl::StrCat(name, " already exists or existed"));
}
absl::Status RoleBindingExists() {
  return absl::AlreadyExistsError(
      "the principal already holds this role at this scope");
}

absl::Status PermissionDenied(absl::string_view action,
                              absl::string_view resource) {
  return absl::PermissionDeniedError(
      absl::StrCat("not allowed to ", action, " ", resource));
}

absl::Status LastOwner(absl::string_view organization) {
  return FailedPreconditionError(
      "role", absl::StrCat("the last OWNER of ", organization,
                           ": promote another member or delete the "
                           "organization first"));
}
absl::Status LastPlatformAdmin(absl::string_view principal) {
  return absl::FailedPreconditionError(absl::StrCat(
      "the last PLATFORM_ADMIN binding of an active user (", principal, ")"));
}
absl::Status UserNotActive(absl::string_view name) {
  return absl::FailedPreconditionError(absl::StrCat(name, " is not ACTIVE"));
}
absl::Status UserNotDisabled(absl::string_view name) {
  return absl::FailedPreconditionError(absl::StrCat(name, " is not DISABLED"));
}
absl::Status UserErased(absl::string_view name) {
  return absl::FailedPreconditionError(absl::StrCat(name, " is erased"));
}
absl::Status CannotDisableSelf() {
  return absl::FailedPreconditionError("a user cannot disable themself");
}
absl::Status HoldsPlatformAdmin(absl::string_view name) {
  return absl::FailedPreconditionError(
      absl::StrCat(name, " holds a PLATFORM_ADMIN binding: delete it first"));
}
absl::Status OrganizationDeleted(absl::string_view name) {
  return absl::FailedPreconditionError(absl::StrCat(name, " is deleted"));
}
absl::Status ServiceAccountNotActive(absl::string_view name) {
  return absl::FailedPreconditionError(absl::StrCat(name, " is not ACTIVE"));
}
absl::Status ServiceAccountNotDisabled(absl::string_view name) {
  return absl::FailedPreconditionError(absl::StrCat(name, " is not DISABLED"));
}
absl::Status MfaRequiredForPlatformAdmin(absl::string_view name) {
  return FailedPreconditionError(
      "role_binding.principal",
      absl::StrCat(name, " must enable MFA before holding PLATFORM_ADMIN"));
}
absl::Status FounderNeedsMember(absl::string_view principal,
                                absl::string_view organization) {
  return FailedPreconditionError(
      "role_binding.principal",
      absl::StrCat(principal, " is not a member of ", organization));
}
absl::Status FounderNeedsFoundedKind(absl::string_view organization) {
  return FailedPreconditionError(
      "role_binding.scope",
      absl::StrCat(organization, " is not a live STARTUP or SME"));
}

absl::Status WrongCredentials() {
  return absl::UnauthenticatedError("wrong email or password");
}
absl::Status WrongClientCredentials() {
  return absl::UnauthenticatedError("wrong client credentials");
}
absl::Status BadMfaTicket() {
  return absl::UnauthenticatedError(
      "the MFA ticket or code is not valid; sign in again if the ticket "
      "expired");
}
absl::Status InvalidRefreshToken() {
  return absl::UnauthenticatedError(
      "the refresh token is not valid; sign in again");
}

}  // namespace masar::identity
