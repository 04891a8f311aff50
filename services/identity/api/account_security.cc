// Sign-up, password change and TOTP enrolment: the account's own
// credentials, mapped onto AccountSecurity and the directory, with the
// hasher's hand-offs.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/role.h"
#include "common/crypto/digest.h"
#include "common/idempotency/recorded_call.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/api/proto_mapping.h"
#include "services/identity/api/token_handlers.h"
#include "services/identity/credentials/national_id.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/sessions/throttled.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

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

// Sign-up has no principal: its request-id records are keyed by the
// digest of the normalised email instead. Not by the source address: a
// client that retries from another network (a phone leaving Wi-Fi) must
// still find its first answer rather than ALREADY_EXISTS, and one address
// shared by many clients (NAT) must not mix their records. Replaying needs
// the request id and the same request; the email is only stored as a
// digest, the key of a table that already holds it.
grpc::ServerUnaryReactor* TokenHandlers::CreateUser(
    grpc::CallbackServerContext* context, const v1::CreateUserRequest* request,
    v1::CreateUserResponse* response) {
  RequestRecording recording{
      .undigested = {"password", "user.national_id"},
      .principal = absl::StrCat(
          "sign-up:",
          crypto::Sha256Hex(NormalizeEmail(request->user().email())))};
  return scaffold_.ServeRecordedSteps(
      context, "CreateUser", *request, response, std::move(recording),
      [this, context, request](const auth::Caller&, Record record,
                               PendingCall call) {
        SignUp(*request, std::move(record), SourceOf(*context),
               std::move(call));
      });
}

void TokenHandlers::SignUp(const v1::CreateUserRequest& request, Record record,
                           const std::string& source, PendingCall call) {
  if (absl::Status s = deps_.sign_up_throttle->Check("sign-up", source);
      !s.ok()) {
    return std::move(call).Finish(s);
  }
  // A repeat is answered before hashing: it changes nothing, so it need
  // not spend the hasher's one core.
  absl::StatusOr<bool> repeat = record.Replay();
  if (!repeat.ok() || *repeat) return std::move(call).Finish(repeat.status());
  deps_.hasher->Hash(
      request.password(),
      OnExecutor<std::string>(
          std::move(call), [this, &request, record = std::move(record)](
                               absl::StatusOr<std::string> hash,
                               PendingCall resumed) {
            std::move(resumed).Finish(
                FinishSignUp(request, record, std::move(hash)));
          }));
}

absl::Status TokenHandlers::FinishSignUp(
    const v1::CreateUserRequest& request, const Record& record,
    absl::StatusOr<std::string> password_hash) {
  if (!password_hash.ok()) return password_hash.status();
  ASSIGN_OR_RETURN(NewUser user, NewUserOf(request, deps_.national_ids));
  user.password_hash = *std::move(password_hash);
  const Actor anonymous = Actor::Anonymous(request.request_id());
  return record
      .Run([&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
        ASSIGN_OR_RETURN(User created,
                         deps_.directory->CreateUser(tx, anonymous, user));
        v1::CreateUserResponse out;
        *out.mutable_user() = ToProto(created);
        return idempotency::SameOutcome(out);
      })
      .status();
}

grpc::ServerUnaryReactor* TokenHandlers::ChangePassword(
    grpc::CallbackServerContext* context,
    const v1::ChangePasswordRequest* request,
    v1::ChangePasswordResponse* response) {
  return scaffold_.ServeRecordedSteps(
      context, "ChangePassword", *request, response,
      {.undigested = {"current_password", "new_password"}},
      [this, context, request](const auth::Caller& caller, Record record,
                               PendingCall call) {
        CheckCurrentPassword(caller, *request, std::move(record),
                             SourceOf(*context), std::move(call));
      });
}

void TokenHandlers::CheckCurrentPassword(
    const auth::Caller& caller, const v1::ChangePasswordRequest& request,
    Record record, const std::string& source, PendingCall call) {
  absl::StatusOr<std::string> id = account_security_.CheckPasswordChange(
      caller, request.name(), request.current_password(),
      request.new_password());
  if (!id.ok()) return std::move(call).Finish(id.status());
  // Before the password check: after the first call the current password
  // is the new one, and the repeat would be refused as a wrong guess.
  absl::StatusOr<bool> repeat = record.Replay();
  if (!repeat.ok() || *repeat) return std::move(call).Finish(repeat.status());
  absl::StatusOr<User> user = account_security_.ActiveUser(*id, request.name());
  if (!user.ok()) return std::move(call).Finish(user.status());
  // The sign-in counters of the account: a stolen access token must not
  // give a faster way to guess the password.
  std::string account = NormalizeEmail(user->email);
  if (absl::Status s = deps_.sign_in_throttle->Check(account, source);
      !s.ok()) {
    return std::move(call).Finish(s);
  }
  deps_.hasher->Verify(
      user->password_hash, request.current_password(),
      OnExecutor<bool>(std::move(call),
                       [this, caller, &request, record = std::move(record),
                        account = std::move(account),
                        source](absl::StatusOr<bool> verdict,
                                PendingCall resumed) {
                         StoreNewPassword(caller, request, record,
                                          std::move(verdict), account, source,
                                          std::move(resumed));
                       }));
}

void TokenHandlers::StoreNewPassword(const auth::Caller& caller,
                                     const v1::ChangePasswordRequest& request,
                                     Record record,
                                     absl::StatusOr<bool> verdict,
                                     const std::string& account,
                                     const std::string& source,
                                     PendingCall call) {
  if (!verdict.ok()) {
    if (NoVerdict(verdict.status())) {
      deps_.sign_in_throttle->Release(account, source).IgnoreError();
    }
    return std::move(call).Finish(verdict.status());
  }
  if (!*verdict) {
    return std::move(call).Finish(
        InvalidArgumentError("current_password", "does not match"));
  }
  deps_.sign_in_throttle->RecordSuccess(account, source).IgnoreError();
  deps_.hasher->Hash(
      request.new_password(),
      OnExecutor<std::string>(
          std::move(call),
          [this, caller, &request, record = std::move(record)](
              absl::StatusOr<std::string> hash, PendingCall resumed) {
            std::move(resumed).Finish(
                ReplacePassword(caller, request, record, std::move(hash)));
          }));
}

absl::Status TokenHandlers::ReplacePassword(
    const auth::Caller& caller, const v1::ChangePasswordRequest& request,
    const Record& record, absl::StatusOr<std::string> hash) {
  if (!hash.ok()) return hash.status();
  return record
      .Run([&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
        RETURN_IF_ERROR(account_security_.ReplacePassword(
            tx, caller, request.name(), *hash));
        return idempotency::SameOutcome(v1::ChangePasswordResponse());
      })
      .status();
}

grpc::ServerUnaryReactor* TokenHandlers::BeginMfaEnrollment(
    grpc::CallbackServerContext* context,
    const v1::BeginMfaEnrollmentRequest* request,
    v1::BeginMfaEnrollmentResponse* response) {
  return scaffold_.ServeRecorded(
      context, "BeginMfaEnrollment", *request, response,
      [this, request](Transaction& tx, const auth::Caller& caller) {
        return BeginMfa(tx, caller, *request);
      });
}

absl::StatusOr<idempotency::Outcome> TokenHandlers::BeginMfa(
    Transaction& tx, const auth::Caller& caller,
    const v1::BeginMfaEnrollmentRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   AccountSecurity::OwnUserId(caller, request.name()));
  ASSIGN_OR_RETURN(
      MfaEnrollment enrollment,
      account_security_.BeginMfaEnrollment(tx, id, request.name()));
  v1::BeginMfaEnrollmentResponse out;
  *out.mutable_expire_time() = ToProtoTimestamp(enrollment.expire_time);
  idempotency::Outcome outcome;
  // The secret is shown once: a repeat gets the expiry alone.
  outcome.replay_response = out.SerializeAsString();
  out.set_secret(enrollment.secret_base32);
  out.set_otpauth_uri(enrollment.otpauth_uri);
  outcome.response = out.SerializeAsString();
  return outcome;
}

grpc::ServerUnaryReactor* TokenHandlers::ConfirmMfaEnrollment(
    grpc::CallbackServerContext* context,
    const v1::ConfirmMfaEnrollmentRequest* request,
    v1::ConfirmMfaEnrollmentResponse* response) {
  return scaffold_.ServeRecordedSteps(
      context, "ConfirmMfaEnrollment", *request, response,
      {.undigested = {"code"}},
      [this, context, request](const auth::Caller& caller, Record record,
                               PendingCall call) {
        std::move(call).Finish(
            ConfirmMfa(caller, *request, SourceOf(*context), record));
      });
}

absl::Status TokenHandlers::ConfirmMfa(
    const auth::Caller& caller, const v1::ConfirmMfaEnrollmentRequest& request,
    const std::string& source, const Record& record) {
  ASSIGN_OR_RETURN(std::string id,
                   AccountSecurity::OwnUserId(caller, request.name()));
  const std::string account = MfaThrottleAccount(id);
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(account, source));
  absl::StatusOr<bool> ran = record.Run(
      [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
        ASSIGN_OR_RETURN(User updated,
                         account_security_.ConfirmMfaEnrollment(
                             tx, id, request.name(), request.code()));
        v1::ConfirmMfaEnrollmentResponse out;
        *out.mutable_user() = ToProto(updated);
        return idempotency::SameOutcome(out);
      });
  return SettleCodeCheck(*deps_.sign_in_throttle, account, source, ran);
}

grpc::ServerUnaryReactor* TokenHandlers::DisableMfa(
    grpc::CallbackServerContext* context, const v1::DisableMfaRequest* request,
    v1::DisableMfaResponse* response) {
  return scaffold_.ServeRecordedSteps(
      context, "DisableMfa", *request, response, {.undigested = {"code"}},
      [this, context, request](const auth::Caller& caller, Record record,
                               PendingCall call) {
        std::move(call).Finish(
            TurnOffMfa(caller, *request, SourceOf(*context), record));
      });
}

absl::Status TokenHandlers::TurnOffMfa(const auth::Caller& caller,
                                       const v1::DisableMfaRequest& request,
                                       const std::string& source,
                                       const Record& record) {
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
  absl::StatusOr<bool> ran = record.Run(
      [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
        ASSIGN_OR_RETURN(
            User updated,
            account_security_.DisableMfa(
                tx, caller, id,
                NameAndEtag{.name = request.name(), .etag = request.etag()},
                request.code(), admin));
        v1::DisableMfaResponse out;
        *out.mutable_user() = ToProto(updated);
        return idempotency::SameOutcome(out);
      });
  if (admin) return ran.status();
  return SettleCodeCheck(*deps_.sign_in_throttle, account, source, ran);
}

}  // namespace masar::identity
