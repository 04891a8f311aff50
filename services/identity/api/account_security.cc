// Sign-up, password change and TOTP enrolment: the account's own
// credentials.
#include <string>
#include <utility>
#include <vector>

#include "common/auth/role.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/api/proto_mapping.h"
#include "services/identity/api/token_handlers.h"
#include "services/identity/credentials/base32.h"
#include "services/identity/credentials/national_id.h"
#include "services/identity/credentials/otpauth_uri.h"
#include "services/identity/credentials/password_policy.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

// A pending enrolment expires if not confirmed.
constexpr absl::Duration kMfaEnrollmentLifetime = absl::Minutes(10);

bool NoVerdict(const absl::Status& status) {
  return absl::IsResourceExhausted(status) || absl::IsUnavailable(status);
}

bool IsPlatformAdmin(const auth::Principal& principal) {
  return principal.HasRole(auth::Role::kPlatformAdmin, "*");
}

// The counters that throttle wrong TOTP codes for one user.
std::string MfaAccount(absl::string_view user_id) {
  return absl::StrCat("mfa:", user_id);
}

absl::StatusOr<NewUser> NewUserOf(const v1::CreateUserRequest& request,
                                  const NationalIdCipher* national_ids) {
  const v1::User& user = request.user();
  NewUser out;
  out.display_name = user.display_name();
  out.email = user.email();
  out.phone = user.phone();
  out.preferred_language = FromProto(user.preferred_language());
  if (user.has_demographics()) {
    out.demographics = DemographicsInput{
        .gender = FromProto(user.demographics().gender()),
        .birth_year = user.demographics().birth_year(),
        .consent = user.demographics().consent()};
  }
  if (!user.national_id().empty()) {
    if (national_ids == nullptr) {
      return InvalidArgumentError("user.national_id",
                                  "not accepted by this deployment");
    }
    ASSIGN_OR_RETURN(std::string normalized,
                     NormalizeNationalId(user.national_id()));
    ASSIGN_OR_RETURN(out.national_id_ciphertext,
                     national_ids->Encrypt(normalized));
    out.national_id_masked = MaskNationalId(normalized);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> TokenHandlers::OwnUserId(
    const auth::Principal& caller, absl::string_view name) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", name));
  if (caller.subject() != name) return UserNotFound(name);
  return id;
}

absl::Status TokenHandlers::FinishSignUp(
    const v1::CreateUserRequest& request,
    absl::StatusOr<std::string> password_hash,
    v1::CreateUserResponse* response) {
  if (!password_hash.ok()) return password_hash.status();
  ASSIGN_OR_RETURN(NewUser user, NewUserOf(request, deps_.national_ids));
  user.password_hash = *std::move(password_hash);
  Actor anonymous;
  anonymous.request_id = request.request_id();
  ASSIGN_OR_RETURN(User created, deps_.directory->CreateUser(anonymous, user));
  *response->mutable_user() = ToProto(created);
  return absl::OkStatus();
}

std::optional<absl::Status> TokenHandlers::ChangePasswordStep(
    grpc::ServerUnaryReactor* reactor, Principal caller,
    const v1::ChangePasswordRequest* request, std::string source) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(*caller, request->name()));
  RETURN_IF_ERROR(CheckNewPassword(request->new_password()));
  if (absl::Status s = CheckPresentedPassword(request->current_password());
      !s.ok()) {
    return InvalidArgumentError("current_password", "does not match");
  }
  User user;
  RETURN_IF_ERROR(deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(user, deps_.users->Get(tx, id));
    return absl::OkStatus();
  }));
  if (user.state != UserState::kActive) return UserNotActive(request->name());
  // The sign-in counters of the account: a stolen access token must not
  // give a faster way to guess the password.
  std::string account = NormalizeEmail(user.email);
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(account, source));
  deps_.hasher->Verify(
      user.password_hash, request->current_password(),
      [this, reactor, caller = std::move(caller), request,
       account = std::move(account),
       source = std::move(source)](absl::StatusOr<bool> result) mutable {
        AfterHashing<bool>(
            reactor,
            [this, reactor, caller = std::move(caller), request,
             account = std::move(account),
             source = std::move(source)](absl::StatusOr<bool> verdict) {
              return StoreNewPassword(reactor, caller, request,
                                      std::move(verdict), account, source);
            },
            std::move(result));
      });
  return std::nullopt;
}

std::optional<absl::Status> TokenHandlers::StoreNewPassword(
    grpc::ServerUnaryReactor* reactor, Principal caller,
    const v1::ChangePasswordRequest* request, absl::StatusOr<bool> verdict,
    const std::string& account, const std::string& source) {
  if (!verdict.ok()) {
    if (NoVerdict(verdict.status())) {
      deps_.sign_in_throttle->Release(account, source).IgnoreError();
    }
    return verdict.status();
  }
  if (!*verdict) {
    return InvalidArgumentError("current_password", "does not match");
  }
  deps_.sign_in_throttle->RecordSuccess(account, source).IgnoreError();
  deps_.hasher->Hash(
      request->new_password(),
      [this, reactor, caller = std::move(caller),
       request](absl::StatusOr<std::string> result) mutable {
        AfterHashing<std::string>(
            reactor,
            [this, caller = std::move(caller),
             request](absl::StatusOr<std::string> hash)
                -> std::optional<absl::Status> {
              if (!hash.ok()) return hash.status();
              ASSIGN_OR_RETURN(std::string id,
                               ParseUserName("name", request->name()));
              std::vector<auth::Revocation> revoked;
              RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
                revoked.clear();
                ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
                if (user.state != UserState::kActive) {
                  return UserNotActive(request->name());
                }
                user.password_hash = *hash;
                user.update_time = Now();
                RETURN_IF_ERROR(deps_.users->Update(tx, user).status());
                return EndOtherSessions(tx, user.name(), caller->session_id(),
                                        revoked);
              }));
              Publish(revoked);
              return absl::OkStatus();
            },
            std::move(result));
      });
  return std::nullopt;
}

absl::Status TokenHandlers::BeginMfa(const auth::Principal& caller,
                                     const v1::BeginMfaEnrollmentRequest& request,
                                     v1::BeginMfaEnrollmentResponse* response) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(caller, request.name()));
  const std::string secret = Totp::GenerateSecret();
  const absl::Time expire_time = Now() + kMfaEnrollmentLifetime;
  std::string email;
  RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
    ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
    if (user.state != UserState::kActive) return UserNotActive(request.name());
    if (user.mfa_enabled) {
      return FailedPreconditionError("name", "MFA is already enabled");
    }
    user.pending_totp_secret_ciphertext = secret;
    user.pending_totp_expire_time = expire_time;
    user.update_time = Now();
    email = user.email;
    return deps_.users->Update(tx, user).status();
  }));
  response->set_secret(Base32Encode(secret));
  response->set_otpauth_uri(OtpauthUri(email, secret));
  *response->mutable_expire_time() = ToProtoTimestamp(expire_time);
  return absl::OkStatus();
}

absl::Status TokenHandlers::ConfirmMfa(
    const auth::Principal& caller, const v1::ConfirmMfaEnrollmentRequest& request,
    const std::string& source, v1::ConfirmMfaEnrollmentResponse* response) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(caller, request.name()));
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(MfaAccount(id), source));
  User updated;
  absl::Status status = deps_.unit_of_work->Run([&](Transaction& tx) {
    ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
    if (user.state != UserState::kActive) return UserNotActive(request.name());
    if (user.mfa_enabled) {
      return FailedPreconditionError("name", "MFA is already enabled");
    }
    if (user.pending_totp_secret_ciphertext.empty() ||
        !user.pending_totp_expire_time.has_value() ||
        Now() >= *user.pending_totp_expire_time) {
      return FailedPreconditionError("name", "no pending MFA enrolment");
    }
    absl::StatusOr<int64_t> step =
        totp_.Verify(user.pending_totp_secret_ciphertext, request.code());
    if (!step.ok()) return InvalidArgumentError("code", "does not match");
    user.mfa_enabled = true;
    user.totp_secret_ciphertext = user.pending_totp_secret_ciphertext;
    user.pending_totp_secret_ciphertext.clear();
    user.pending_totp_expire_time.reset();
    user.totp_last_step = *step;
    user.update_time = Now();
    ASSIGN_OR_RETURN(updated, deps_.users->Update(tx, user));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  deps_.sign_in_throttle->RecordSuccess(MfaAccount(id), source).IgnoreError();
  *response->mutable_user() = ToProto(updated);
  return absl::OkStatus();
}

absl::Status TokenHandlers::TurnOffMfa(const auth::Principal& caller,
                                       const v1::DisableMfaRequest& request,
                                       const std::string& source,
                                       v1::DisableMfaResponse* response) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", request.name()));
  const bool admin = IsPlatformAdmin(caller);
  if (!admin && caller.subject() != request.name()) {
    return UserNotFound(request.name());
  }
  if (!admin) {
    if (request.code().empty()) return InvalidArgumentError("code", "required");
    RETURN_IF_ERROR(deps_.sign_in_throttle->Check(MfaAccount(id), source));
  }
  User updated;
  std::vector<auth::Revocation> revoked;
  absl::Status status = deps_.unit_of_work->Run([&](Transaction& tx) {
    revoked.clear();
    ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
    if (!request.etag().empty() && request.etag() != user.etag()) {
      return StaleEtag(request.name());
    }
    if (!user.mfa_enabled) {
      return FailedPreconditionError("name", "MFA is not enabled");
    }
    ASSIGN_OR_RETURN(std::vector<RoleBinding> bindings,
                     deps_.directory->RolesOf(tx, user.name()));
    for (const RoleBinding& binding : bindings) {
      if (binding.role == Role::kPlatformAdmin) {
        return MfaRequiredForPlatformAdmin(request.name());
      }
    }
    if (!admin) {
      absl::StatusOr<int64_t> step = totp_.Verify(
          user.totp_secret_ciphertext, request.code(), user.totp_last_step);
      if (!step.ok()) return InvalidArgumentError("code", "does not match");
    }
    user.mfa_enabled = false;
    user.totp_secret_ciphertext.clear();
    user.pending_totp_secret_ciphertext.clear();
    user.pending_totp_expire_time.reset();
    user.update_time = Now();
    ASSIGN_OR_RETURN(updated, deps_.users->Update(tx, user));
    return EndOtherSessions(tx, user.name(), caller.session_id(), revoked);
  });
  if (!status.ok()) return status;
  if (!admin) {
    deps_.sign_in_throttle->RecordSuccess(MfaAccount(id), source).IgnoreError();
  }
  Publish(revoked);
  *response->mutable_user() = ToProto(updated);
  return absl::OkStatus();
}

}  // namespace masar::identity
