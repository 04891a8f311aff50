// Sign-in: Authenticate (password, then an MFA challenge when enabled),
// VerifyMfaChallenge and AuthenticateServiceAccount.
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/api/directory_handlers.h"
#include "services/identity/api/proto_mapping.h"
#include "services/identity/api/token_handlers.h"
#include "services/identity/credentials/password_policy.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

// MfaChallenge: a ticket lives 5 minutes and allows 5 codes.
constexpr absl::Duration kMfaTicketLifetime = absl::Minutes(5);
constexpr int kMfaTicketAttempts = 5;
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMaxClientCredentialLength = 256;

// One answer for an unknown email, a wrong password and a user who may not
// sign in, so that the answer tells nothing about which accounts exist.
absl::Status WrongCredentials() {
  return absl::UnauthenticatedError("wrong email or password");
}

absl::Status WrongClientCredentials() {
  return absl::UnauthenticatedError("wrong client credentials");
}

absl::Status BadTicket() {
  return absl::UnauthenticatedError(
      "the MFA ticket or code is not valid; sign in again if the ticket "
      "expired");
}

// A device token longer than any we issue is not looked up: no token.
constexpr size_t kMaxDeviceTokenLength = 256;

bool IsSixDigits(absl::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::optional<absl::Status> TokenHandlers::PasswordStep(
    grpc::ServerUnaryReactor* reactor, const v1::AuthenticateRequest& request,
    std::string source, v1::AuthenticateResponse* response) {
  const std::string& email = request.email();
  if (email.empty() || email.size() > kMaxEmailLength) {
    return InvalidArgumentError("email", "must be 1 to 254 characters");
  }
  RETURN_IF_ERROR(CheckPresentedPassword(request.password()));
  SignInAttempt attempt{.account = NormalizeEmail(email),
                        .source = std::move(source),
                        .device = "",
                        .device_token = request.device_token()};
  ASSIGN_OR_RETURN(attempt.device,
                   KnownDevice(attempt.account, attempt.device_token));
  // Reserved before any hashing, so parallel guesses cannot pass the limit.
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(
      attempt.account, attempt.source, attempt.device));
  std::optional<User> user;
  absl::Status read = deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(user, deps_.users->FindByEmail(tx, attempt.account));
    return absl::OkStatus();
  });
  if (!read.ok()) {
    deps_.sign_in_throttle
        ->Release(attempt.account, attempt.source, attempt.device)
        .IgnoreError();
    return read;
  }
  auto done = [this, reactor, user, attempt,
               response](absl::StatusOr<bool> result) mutable {
    AfterHashing<bool>(
        reactor,
        [this, user = std::move(user), attempt = std::move(attempt),
         response](absl::StatusOr<bool> verdict) {
          return std::optional<absl::Status>(FinishPasswordSignIn(
              user, attempt, std::move(verdict), response));
        },
        std::move(result));
  };
  const std::string& password = request.password();
  if (user.has_value() && !user->password_hash.empty()) {
    deps_.hasher->Verify(user->password_hash, password, std::move(done));
  } else {
    // The same work as a wrong password, so timing tells nothing either.
    deps_.hasher->VerifyAgainstDummy(password, std::move(done));
  }
  return std::nullopt;
}

absl::StatusOr<std::string> TokenHandlers::KnownDevice(
    const std::string& account, const std::string& device_token) {
  if (device_token.empty() || device_token.size() > kMaxDeviceTokenLength) {
    return "";
  }
  const std::string digest = OpaqueTokenDigest(device_token);
  std::string known;
  RETURN_IF_ERROR(deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    known.clear();
    ASSIGN_OR_RETURN(std::optional<DeviceToken> device,
                     deps_.sessions->FindDeviceToken(tx, digest));
    if (!device.has_value() || Now() >= device->expire_time) {
      return absl::OkStatus();
    }
    absl::StatusOr<User> user = deps_.users->Get(tx, device->user_id);
    if (absl::IsNotFound(user.status())) return absl::OkStatus();
    RETURN_IF_ERROR(user.status());
    // Another account's token, or a user who may not sign in: no token.
    if (user->state == UserState::kActive &&
        NormalizeEmail(user->email) == account) {
      known = digest;
    }
    return absl::OkStatus();
  }));
  return known;
}

absl::StatusOr<std::string> TokenHandlers::RotateDeviceToken(
    Transaction& tx, const std::string& user_id,
    const std::string& presented) {
  if (!presented.empty() && presented.size() <= kMaxDeviceTokenLength) {
    const std::string digest = OpaqueTokenDigest(presented);
    ASSIGN_OR_RETURN(std::optional<DeviceToken> old,
                     deps_.sessions->FindDeviceToken(tx, digest));
    if (old.has_value() && old->user_id == user_id) {
      RETURN_IF_ERROR(deps_.sessions->DeleteDeviceToken(tx, digest).status());
    }
  }
  const std::string token = NewOpaqueToken();
  const absl::Time now = Now();
  RETURN_IF_ERROR(deps_.sessions->AddDeviceToken(
      tx, DeviceToken{.token_hash = OpaqueTokenDigest(token),
                      .user_id = user_id,
                      .issue_time = now,
                      .expire_time =
                          now + tokens_.policy().device_token_lifetime}));
  return token;
}

absl::Status TokenHandlers::FinishPasswordSignIn(
    const std::optional<User>& user, const SignInAttempt& attempt,
    absl::StatusOr<bool> verdict, v1::AuthenticateResponse* response) {
  SignInThrottle& throttle = *deps_.sign_in_throttle;
  if (!verdict.ok()) {
    if (NoVerdict(verdict.status())) {
      throttle.Release(attempt.account, attempt.source, attempt.device)
          .IgnoreError();
    }
    return verdict.status();
  }
  if (!*verdict || !user.has_value() || user->state != UserState::kActive) {
    return WrongCredentials();  // the reservation stands as a failure
  }
  throttle.RecordSuccess(attempt.account, attempt.source, attempt.device)
      .IgnoreError();
  if (user->mfa_enabled) {
    const std::string ticket = NewOpaqueToken();
    MfaTicket record;
    record.ticket_hash = OpaqueTokenDigest(ticket);
    record.user_id = user->id;
    record.expire_time = Now() + kMfaTicketLifetime;
    RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
      return deps_.sessions->CreateMfaTicket(tx, record);
    }));
    v1::MfaChallenge* challenge = response->mutable_mfa_challenge();
    challenge->set_mfa_ticket(ticket);
    *challenge->mutable_expire_time() = ToProtoTimestamp(record.expire_time);
    return absl::OkStatus();
  }
  IssuedTokens tokens;
  std::string device_token;
  RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
    ASSIGN_OR_RETURN(tokens, tokens_.StartSession(tx, user->name(), {"pwd"}));
    ASSIGN_OR_RETURN(device_token,
                     RotateDeviceToken(tx, user->id, attempt.device_token));
    return absl::OkStatus();
  }));
  FillGrant(tokens, response->mutable_token());
  response->set_device_token(device_token);
  return absl::OkStatus();
}

absl::Status TokenHandlers::VerifyChallenge(
    const v1::VerifyMfaChallengeRequest& request, const std::string& source,
    v1::VerifyMfaChallengeResponse* response) {
  if (request.mfa_ticket().empty() || request.mfa_ticket().size() > 256) {
    return InvalidArgumentError("mfa_ticket", "required");
  }
  if (!IsSixDigits(request.code())) {
    return InvalidArgumentError("code", "must be 6 digits");
  }
  const std::string digest = OpaqueTokenDigest(request.mfa_ticket());
  ASSIGN_OR_RETURN(const std::string user_id, TicketHolder(digest));
  // The user's TOTP budget, shared with enrolment and DisableMfa: a ticket
  // allows a few codes, but whoever knows the password can get ticket
  // after ticket.
  const std::string account =
      user_id.empty() ? UnknownCredentialAccount("mfa-ticket", source)
                      : MfaThrottleAccount(user_id);
  std::string device_token;
  ASSIGN_OR_RETURN(std::optional<IssuedTokens> tokens,
                   Throttled(account, source, [&] {
                     return RedeemTicket(digest, request.code(),
                                         request.device_token(), device_token);
                   }));
  if (!tokens.has_value()) return BadTicket();
  FillGrant(*tokens, response->mutable_token());
  response->set_device_token(device_token);
  return absl::OkStatus();
}

absl::StatusOr<std::string> TokenHandlers::TicketHolder(
    const std::string& ticket_digest) {
  std::string user_id;
  RETURN_IF_ERROR(deps_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(std::optional<MfaTicket> ticket,
                     deps_.sessions->FindMfaTicket(tx, ticket_digest));
    user_id = ticket.has_value() ? ticket->user_id : "";
    return absl::OkStatus();
  }));
  return user_id;
}

absl::StatusOr<std::optional<IssuedTokens>> TokenHandlers::RedeemTicket(
    const std::string& digest, absl::string_view code,
    const std::string& presented_device_token, std::string& device_token) {
  std::optional<IssuedTokens> tokens;
  RETURN_IF_ERROR(deps_.unit_of_work->Run([&](Transaction& tx) {
    tokens.reset();  // the body may run more than once
    ASSIGN_OR_RETURN(std::optional<MfaTicket> ticket,
                     deps_.sessions->FindMfaTicket(tx, digest));
    if (!ticket.has_value() || ticket->used ||
        ticket->attempts >= kMfaTicketAttempts || Now() >= ticket->expire_time) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(User user, deps_.users->Get(tx, ticket->user_id));
    if (user.state != UserState::kActive || !user.mfa_enabled) {
      ticket->used = true;
      return deps_.sessions->UpdateMfaTicket(tx, *ticket);
    }
    ASSIGN_OR_RETURN(const std::string secret,
                     deps_.totp_secrets->Open(user.id,
                                              user.totp_secret_ciphertext));
    absl::StatusOr<int64_t> step =
        totp_.Verify(secret, code, user.totp_last_step);
    if (!step.ok()) {
      if (!absl::IsUnauthenticated(step.status())) return step.status();
      ++ticket->attempts;  // committed: the wrong code counts
      return deps_.sessions->UpdateMfaTicket(tx, *ticket);
    }
    ticket->used = true;
    RETURN_IF_ERROR(deps_.sessions->UpdateMfaTicket(tx, *ticket));
    user.totp_last_step = *step;
    user.update_time = Now();
    RETURN_IF_ERROR(deps_.users->Update(tx, user).status());
    ASSIGN_OR_RETURN(tokens,
                     tokens_.StartSession(tx, user.name(), {"pwd", "otp"}));
    ASSIGN_OR_RETURN(device_token,
                     RotateDeviceToken(tx, user.id, presented_device_token));
    return absl::OkStatus();
  }));
  return tokens;
}

absl::Status TokenHandlers::SignInServiceAccount(
    const v1::AuthenticateServiceAccountRequest& request,
    const std::string& source,
    v1::AuthenticateServiceAccountResponse* response) {
  if (request.client_id().empty() ||
      request.client_id().size() > kMaxClientCredentialLength) {
    return InvalidArgumentError("client_id", "must be 1 to 256 characters");
  }
  if (request.client_secret().empty() ||
      request.client_secret().size() > kMaxClientCredentialLength) {
    return InvalidArgumentError("client_secret",
                                "must be 1 to 256 characters");
  }
  const std::string account = absl::StrCat("client:", request.client_id());
  RETURN_IF_ERROR(deps_.sign_in_throttle->Check(account, source));
  bool accepted = false;
  IssuedTokens tokens;
  absl::Status status = deps_.unit_of_work->Run([&](Transaction& tx) {
    accepted = false;
    ASSIGN_OR_RETURN(std::optional<ServiceAccount> sa,
                     deps_.service_accounts->FindByClientId(
                         tx, request.client_id()));
    if (!sa.has_value() || sa->deleted() ||
        sa->state != ServiceAccountState::kActive) {
      return absl::OkStatus();
    }
    const bool current =
        ClientSecretMatches(request.client_secret(), sa->secret_hash);
    const bool previous =
        !sa->previous_secret_hash.empty() &&
        sa->previous_secret_expire_time.has_value() &&
        Now() < *sa->previous_secret_expire_time &&
        ClientSecretMatches(request.client_secret(), sa->previous_secret_hash);
    if (!current && !previous) return absl::OkStatus();
    ASSIGN_OR_RETURN(tokens, tokens_.AccessTokenOnly(tx, sa->name()));
    accepted = true;
    return absl::OkStatus();
  });
  if (!status.ok()) {
    deps_.sign_in_throttle->Release(account, source).IgnoreError();
    return status;
  }
  if (!accepted) return WrongClientCredentials();
  deps_.sign_in_throttle->RecordSuccess(account, source).IgnoreError();
  FillGrant(tokens, response->mutable_token());
  return absl::OkStatus();
}

}  // namespace masar::identity
