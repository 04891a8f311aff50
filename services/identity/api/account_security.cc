// Sign-up, password change and TOTP enrolment: the account's own
// credentials.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/role.h"
#include "common/crypto/digest.h"
#include "common/idempotency/recorded_call.h"
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
    ASSIGN_OR_RETURN(out.national_id_lookups,
                     national_ids->LookupDigests(normalized));
    out.national_id_lookup = out.national_id_lookups.front();
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

// Sign-up has no principal: its request-id records are keyed by the
// digest of the normalised email instead. Not by the source address: a
// client that retries from another network (a phone leaving Wi-Fi) must
// still find its first answer rather than ALREADY_EXISTS, and one address
// shared by many clients (NAT) must not mix their records. Replaying needs
// the request id and the same request; the email is only stored as a
// digest, the key of a table that already holds it.
idempotency::RecordedCall TokenHandlers::SignUpCall(const v1::CreateUserRequest& request) {
  return RecordedCallOf(
      absl::StrCat("sign-up:",
                   crypto::Sha256Hex(NormalizeEmail(request.user().email()))),
      "CreateUser", request, {"password", "user.national_id"});
}

std::optional<absl::Status> TokenHandlers::SignUpStep(
    grpc::ServerUnaryReactor* reactor, const v1::CreateUserRequest* request,
    const std::string& source, v1::CreateUserResponse* response) {
  RETURN_IF_ERROR(deps_.sign_up_throttle->Check("sign-up", source));
  // A repeat is answered before hashing: it changes nothing, so it need
  // not spend the hasher's one core.
  ASSIGN_OR_RETURN(
      const bool repeat,
      idempotency::ReplayRecorded(*deps_.idempotency, SignUpCall(*request), response));
  if (repeat) return absl::OkStatus();
  deps_.hasher->Hash(
      request->password(),
      [this, reactor, request, response](absl::StatusOr<std::string> result) {
        AfterHashing<std::string>(
            reactor,
            [this, request, response](absl::StatusOr<std::string> hash) {
              return std::optional<absl::Status>(
                  FinishSignUp(*request, std::move(hash), response));
            },
            std::move(result));
      });
  return std::nullopt;
}

absl::Status TokenHandlers::FinishSignUp(
    const v1::CreateUserRequest& request,
    absl::StatusOr<std::string> password_hash,
    v1::CreateUserResponse* response) {
  if (!password_hash.ok()) return password_hash.status();
  ASSIGN_OR_RETURN(NewUser user, NewUserOf(request, deps_.national_ids));
  user.password_hash = *std::move(password_hash);
  const Actor anonymous = Actor::Anonymous(request.request_id());
  return idempotency::RunRecorded(
             *deps_.idempotency, SignUpCall(request), response,
             [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
               ASSIGN_OR_RETURN(User created, deps_.directory->CreateUser(
                                                  tx, anonymous, user));
               v1::CreateUserResponse out;
               *out.mutable_user() = ToProto(created);
               return idempotency::SameOutcome(out);
             })
      .status();
}

idempotency::RecordedCall TokenHandlers::ChangePasswordCall(
    const auth::Principal& caller, const v1::ChangePasswordRequest& request) {
  return RecordedCallOf(caller.subject(), "ChangePassword", request,
                        {"current_password", "new_password"});
}

std::optional<absl::Status> TokenHandlers::ChangePasswordStep(
    grpc::ServerUnaryReactor* reactor, Principal caller,
    const v1::ChangePasswordRequest* request,
    v1::ChangePasswordResponse* response, std::string source) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(*caller, request->name()));
  RETURN_IF_ERROR(CheckNewPassword(request->new_password()));
  if (absl::Status s = CheckPresentedPassword(request->current_password());
      !s.ok()) {
    return InvalidArgumentError("current_password", "does not match");
  }
  // Before the password check: after the first call the current password
  // is the new one, and the repeat would be refused as a wrong guess.
  ASSIGN_OR_RETURN(const bool repeat,
                   idempotency::ReplayRecorded(*deps_.idempotency,
                                  ChangePasswordCall(*caller, *request),
                                  response));
  if (repeat) return absl::OkStatus();
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
      [this, reactor, caller = std::move(caller), request, response,
       account = std::move(account),
       source = std::move(source)](absl::StatusOr<bool> result) mutable {
        AfterHashing<bool>(
            reactor,
            [this, reactor, caller = std::move(caller), request, response,
             account = std::move(account),
             source = std::move(source)](absl::StatusOr<bool> verdict) {
              return StoreNewPassword(reactor, caller, request, response,
                                      std::move(verdict), account, source);
            },
            std::move(result));
      });
  return std::nullopt;
}

std::optional<absl::Status> TokenHandlers::StoreNewPassword(
    grpc::ServerUnaryReactor* reactor, Principal caller,
    const v1::ChangePasswordRequest* request,
    v1::ChangePasswordResponse* response, absl::StatusOr<bool> verdict,
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
      [this, reactor, caller = std::move(caller), request,
       response](absl::StatusOr<std::string> result) mutable {
        AfterHashing<std::string>(
            reactor,
            [this, caller = std::move(caller), request,
             response](absl::StatusOr<std::string> hash) {
              return std::optional<absl::Status>(
                  ReplacePassword(*caller, *request, std::move(hash), response));
            },
            std::move(result));
      });
  return std::nullopt;
}

absl::Status TokenHandlers::ReplacePassword(
    const auth::Principal& caller, const v1::ChangePasswordRequest& request,
    absl::StatusOr<std::string> hash, v1::ChangePasswordResponse* response) {
  if (!hash.ok()) return hash.status();
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", request.name()));
  std::vector<auth::Revocation> revoked;
  ASSIGN_OR_RETURN(
      const bool changed,
      idempotency::RunRecorded(
          *deps_.idempotency, ChangePasswordCall(caller, request), response,
          [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
            revoked.clear();  // the body may run more than once
            ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
            if (user.state != UserState::kActive) {
              return UserNotActive(request.name());
            }
            user.password_hash = *hash;
            user.update_time = Now();
            RETURN_IF_ERROR(deps_.users->Update(tx, user).status());
            RETURN_IF_ERROR(EndOtherSessions(tx, user.name(),
                                             caller.session_id(), revoked));
            // Every device signs in as new again, this one included.
            RETURN_IF_ERROR(deps_.sessions->DeleteDeviceTokensOf(tx, user.id));
            return idempotency::SameOutcome(v1::ChangePasswordResponse());
          }));
  if (changed) Publish(revoked);
  return absl::OkStatus();
}

absl::Status TokenHandlers::SettleCodeCheck(const std::string& account,
                                            const std::string& source,
                                            const absl::StatusOr<bool>& ran) {
  if (!ran.ok()) return ran.status();  // the reservation stands
  if (*ran) {
    deps_.sign_in_throttle->RecordSuccess(account, source).IgnoreError();
  } else {
    deps_.sign_in_throttle->Release(account, source).IgnoreError();
  }
  return absl::OkStatus();
}

absl::Status TokenHandlers::BeginMfa(const auth::Principal& caller,
                                     const v1::BeginMfaEnrollmentRequest& request,
                                     v1::BeginMfaEnrollmentResponse* response) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(caller, request.name()));
  return idempotency::RunRecorded(
             *deps_.idempotency,
             RecordedCallOf(caller.subject(), "BeginMfaEnrollment", request),
             response,
             [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
               return StartEnrollment(tx, id, request.name());
             })
      .status();
}

absl::StatusOr<idempotency::Outcome> TokenHandlers::StartEnrollment(
    Transaction& tx, const std::string& id, absl::string_view name) {
  ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
  if (user.state != UserState::kActive) return UserNotActive(name);
  if (user.mfa_enabled) {
    return FailedPreconditionError("name", "MFA is already enabled");
  }
  const std::string secret = Totp::GenerateSecret();
  const absl::Time expire_time = Now() + kMfaEnrollmentLifetime;
  user.pending_totp_secret_ciphertext = deps_.totp_secrets->Seal(id, secret);
  user.pending_totp_expire_time = expire_time;
  user.update_time = Now();
  RETURN_IF_ERROR(deps_.users->Update(tx, user).status());
  v1::BeginMfaEnrollmentResponse out;
  *out.mutable_expire_time() = ToProtoTimestamp(expire_time);
  idempotency::Outcome outcome;
  // The secret is shown once: a repeat gets the expiry alone.
  outcome.replay_response = out.SerializeAsString();
  out.set_secret(Base32Encode(secret));
  out.set_otpauth_uri(OtpauthUri(user.email, secret));
  outcome.response = out.SerializeAsString();
  return outcome;
}

absl::Status TokenHandlers::ConfirmMfa(
    const auth::Principal& caller, const v1::ConfirmMfaEnrollmentRequest& request,
    const std::string& source, v1::ConfirmMfaEnrollmentResponse* response) {
  ASSIGN_OR_RETURN(std::string id, OwnUserId(caller, request.name()));
  const std::string account = MfaThrottleAccount(id);
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(account, source));
  absl::StatusOr<bool> ran = idempotency::RunRecorded(
      *deps_.idempotency,
      RecordedCallOf(caller.subject(), "ConfirmMfaEnrollment", request,
                     {"code"}),
      response, [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
        ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
        if (user.state != UserState::kActive) {
          return UserNotActive(request.name());
        }
        if (user.mfa_enabled) {
          return FailedPreconditionError("name", "MFA is already enabled");
        }
        if (user.pending_totp_secret_ciphertext.empty() ||
            !user.pending_totp_expire_time.has_value() ||
            Now() >= *user.pending_totp_expire_time) {
          return FailedPreconditionError("name", "no pending MFA enrolment");
        }
        ASSIGN_OR_RETURN(const std::string secret,
                         deps_.totp_secrets->Open(
                             id, user.pending_totp_secret_ciphertext));
        absl::StatusOr<int64_t> step = totp_.Verify(secret, request.code());
        if (!step.ok()) return InvalidArgumentError("code", "does not match");
        user.mfa_enabled = true;
        user.totp_secret_ciphertext = user.pending_totp_secret_ciphertext;
        user.pending_totp_secret_ciphertext.clear();
        user.pending_totp_expire_time.reset();
        user.totp_last_step = *step;
        user.update_time = Now();
        ASSIGN_OR_RETURN(User updated, deps_.users->Update(tx, user));
        v1::ConfirmMfaEnrollmentResponse out;
        *out.mutable_user() = ToProto(updated);
        return idempotency::SameOutcome(out);
      });
  return SettleCodeCheck(account, source, ran);
}

absl::Status TokenHandlers::TurnOffMfa(const auth::Principal& caller,
                                       const v1::DisableMfaRequest& request,
                                       const std::string& source,
                                       v1::DisableMfaResponse* response) {
  ASSIGN_OR_RETURN(std::string id, ParseUserName("name", request.name()));
  const bool admin = caller.HasRole(auth::Role::kPlatformAdmin, "*");
  if (!admin && caller.subject() != request.name()) {
    return UserNotFound(request.name());
  }
  const std::string account = MfaThrottleAccount(id);
  if (!admin) {
    if (request.code().empty()) return InvalidArgumentError("code", "required");
    RETURN_IF_ERROR(deps_.sign_in_throttle->Check(account, source));
  }
  std::vector<auth::Revocation> revoked;
  absl::StatusOr<bool> ran = idempotency::RunRecorded(
      *deps_.idempotency,
      RecordedCallOf(caller.subject(), "DisableMfa", request, {"code"}),
      response, [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
        revoked.clear();  // the body may run more than once
        ASSIGN_OR_RETURN(User updated, RemoveMfa(tx, id, request, admin));
        RETURN_IF_ERROR(EndOtherSessions(tx, updated.name(),
                                         caller.session_id(), revoked));
        v1::DisableMfaResponse out;
        *out.mutable_user() = ToProto(updated);
        return idempotency::SameOutcome(out);
      });
  if (admin) {
    if (!ran.ok()) return ran.status();
  } else {
    RETURN_IF_ERROR(SettleCodeCheck(account, source, ran));
  }
  if (*ran) Publish(revoked);
  return absl::OkStatus();
}

absl::StatusOr<User> TokenHandlers::RemoveMfa(
    Transaction& tx, const std::string& id, const v1::DisableMfaRequest& request,
    bool admin) {
  ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, id));
  if (!request.etag().empty() && request.etag() != user.etag()) {
    return aip::StaleEtag(request.name());
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
    ASSIGN_OR_RETURN(const std::string secret,
                     deps_.totp_secrets->Open(id, user.totp_secret_ciphertext));
    absl::StatusOr<int64_t> step =
        totp_.Verify(secret, request.code(), user.totp_last_step);
    if (!step.ok()) return InvalidArgumentError("code", "does not match");
  }
  user.mfa_enabled = false;
  user.totp_secret_ciphertext.clear();
  user.pending_totp_secret_ciphertext.clear();
  user.pending_totp_expire_time.reset();
  user.update_time = Now();
  return deps_.users->Update(tx, user);
}

}  // namespace masar::identity
