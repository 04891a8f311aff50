#include "services/identity/domain/sessions/account_security.h"

#include <vector>

#include "common/aip/etag.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/credentials/base32.h"
#include "services/identity/credentials/otpauth_uri.h"
#include "services/identity/credentials/password_policy.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/resource_names.h"

namespace masar::identity {
namespace {

// A pending enrolment expires if not confirmed.
constexpr absl::Duration kMfaEnrollmentLifetime = absl::Minutes(10);

}  // namespace

AccountSecurity::AccountSecurity(TokenPorts ports,
                                 IdentityDirectory* directory,
                                 Sessions* sessions)
    : ports_(ports),
      directory_(directory),
      sessions_(sessions),
      totp_(*ports.clock) {}

absl::StatusOr<std::string> AccountSecurity::OwnUserId(
    const auth::Caller& caller, absl::string_view name) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", name));
  if (caller.subject() != name) return UserNotFound(name);
  return id;
}

absl::StatusOr<std::string> AccountSecurity::CheckPasswordChange(
    const auth::Caller& caller, absl::string_view name,
    absl::string_view current_password, absl::string_view new_password) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(caller, name));
  RETURN_IF_ERROR(CheckNewPassword(new_password));
  if (!CheckPresentedPassword(current_password).ok()) {
    return InvalidArgumentError("current_password", "does not match");
  }
  return id;
}

absl::StatusOr<User> AccountSecurity::ActiveUser(const std::string& id,
                                                 absl::string_view name) {
  User user;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(user, ports_.users->Get(tx, id));
    return absl::OkStatus();
  }));
  if (user.state != UserState::kActive) return UserNotActive(name);
  return user;
}

absl::Status AccountSecurity::ReplacePassword(Transaction& tx,
                                              const auth::Caller& caller,
                                              absl::string_view name,
                                              const std::string& new_hash) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", name));
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  if (user.state != UserState::kActive) return UserNotActive(name);
  user.password_hash = new_hash;
  user.update_time = Now();
  RETURN_IF_ERROR(ports_.users->Update(tx, user).status());
  RETURN_IF_ERROR(
      sessions_->EndOtherSessions(tx, user.name(), caller.session_id()));
  return ports_.sessions->DeleteDeviceTokensOf(tx, user.id);
}

absl::StatusOr<MfaEnrollment> AccountSecurity::BeginMfaEnrollment(
    Transaction& tx, const std::string& id, absl::string_view name) {
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  if (user.state != UserState::kActive) return UserNotActive(name);
  if (user.mfa_enabled) {
    return FailedPreconditionError("name", "MFA is already enabled");
  }
  const std::string secret = Totp::GenerateSecret();
  const absl::Time expire_time = Now() + kMfaEnrollmentLifetime;
  user.pending_totp_secret_ciphertext = ports_.totp_secrets->Seal(id, secret);
  user.pending_totp_expire_time = expire_time;
  user.update_time = Now();
  RETURN_IF_ERROR(ports_.users->Update(tx, user).status());
  return MfaEnrollment{.secret_base32 = Base32Encode(secret),
                       .otpauth_uri = OtpauthUri(user.email, secret),
                       .expire_time = expire_time};
}

absl::StatusOr<User> AccountSecurity::ConfirmMfaEnrollment(
    Transaction& tx, const std::string& id, absl::string_view name,
    absl::string_view code) {
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  if (user.state != UserState::kActive) return UserNotActive(name);
  if (user.mfa_enabled) {
    return FailedPreconditionError("name", "MFA is already enabled");
  }
  if (user.pending_totp_secret_ciphertext.empty() ||
      !user.pending_totp_expire_time.has_value() ||
      Now() >= *user.pending_totp_expire_time) {
    return FailedPreconditionError("name", "no pending MFA enrolment");
  }
  ASSIGN_OR_RETURN(const std::string secret,
                   ports_.totp_secrets->Open(
                       id, user.pending_totp_secret_ciphertext));
  absl::StatusOr<int64_t> step = totp_.Verify(secret, code);
  if (!step.ok()) return InvalidArgumentError("code", "does not match");
  user.mfa_enabled = true;
  user.totp_secret_ciphertext = user.pending_totp_secret_ciphertext;
  user.pending_totp_secret_ciphertext.clear();
  user.pending_totp_expire_time.reset();
  user.totp_last_step = *step;
  user.update_time = Now();
  return ports_.users->Update(tx, user);
}

absl::StatusOr<User> AccountSecurity::DisableMfa(Transaction& tx,
                                                 const auth::Caller& caller,
                                                 const std::string& id,
                                                 const NameAndEtag& target,
                                                 absl::string_view code,
                                                 bool admin) {
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, id));
  if (!target.etag.empty() && target.etag != user.etag()) {
    return aip::StaleEtag(target.name);
  }
  if (!user.mfa_enabled) {
    return FailedPreconditionError("name", "MFA is not enabled");
  }
  ASSIGN_OR_RETURN(std::vector<RoleBinding> bindings,
                   directory_->RolesOf(tx, user.name()));
  for (const RoleBinding& binding : bindings) {
    if (binding.role == Role::kPlatformAdmin) {
      return MfaRequiredForPlatformAdmin(target.name);
    }
  }
  if (!admin) {
    ASSIGN_OR_RETURN(const std::string secret,
                     ports_.totp_secrets->Open(id, user.totp_secret_ciphertext));
    absl::StatusOr<int64_t> step =
        totp_.Verify(secret, code, user.totp_last_step);
    if (!step.ok()) return InvalidArgumentError("code", "does not match");
  }
  user.mfa_enabled = false;
  user.totp_secret_ciphertext.clear();
  user.pending_totp_secret_ciphertext.clear();
  user.pending_totp_expire_time.reset();
  user.update_time = Now();
  ASSIGN_OR_RETURN(User updated, ports_.users->Update(tx, user));
  RETURN_IF_ERROR(
      sessions_->EndOtherSessions(tx, updated.name(), caller.session_id()));
  return updated;
}

}  // namespace masar::identity
