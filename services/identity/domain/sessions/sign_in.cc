#include "services/identity/domain/sessions/sign_in.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/credentials/client_secret.h"
#include "services/identity/credentials/password_policy.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/sessions/throttled.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

// MfaChallenge: a ticket lives 5 minutes and allows 5 codes.
constexpr absl::Duration kMfaTicketLifetime = absl::Minutes(5);
constexpr int kMfaTicketAttempts = 5;
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMaxClientCredentialLength = 256;
constexpr size_t kMaxTicketLength = 256;
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

SignIn::SignIn(TokenPorts ports, SessionTokens* tokens)
    : ports_(ports), tokens_(tokens), totp_(*ports.clock) {}

absl::StatusOr<PasswordAttempt> SignIn::BeginPassword(
    absl::string_view email, absl::string_view password,
    std::string device_token, std::string source) {
  if (email.empty() || email.size() > kMaxEmailLength) {
    return InvalidArgumentError("email", "must be 1 to 254 characters");
  }
  RETURN_IF_ERROR(CheckPresentedPassword(password));
  PasswordAttempt attempt{.account = NormalizeEmail(email),
                          .source = std::move(source),
                          .device = "",
                          .device_token = std::move(device_token),
                          .user = std::nullopt};
  ASSIGN_OR_RETURN(attempt.device,
                   KnownDevice(attempt.account, attempt.device_token));
  // Reserved before any hashing, so parallel guesses cannot pass the limit.
  RETURN_IF_ERROR(
      ports_.throttle->Check(attempt.account, attempt.source, attempt.device));
  absl::Status read = ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(attempt.user,
                     ports_.users->FindByEmail(tx, attempt.account));
    return absl::OkStatus();
  });
  if (!read.ok()) {
    ports_.throttle->Release(attempt.account, attempt.source, attempt.device)
        .IgnoreError();
    return read;
  }
  return attempt;
}

std::string SignIn::PasswordHashOf(const PasswordAttempt& attempt) {
  return attempt.user.has_value() ? attempt.user->password_hash : "";
}

absl::StatusOr<std::string> SignIn::KnownDevice(
    const std::string& account, const std::string& device_token) {
  if (device_token.empty() || device_token.size() > kMaxDeviceTokenLength) {
    return "";
  }
  const std::string digest = OpaqueTokenDigest(device_token);
  std::string known;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    known.clear();
    ASSIGN_OR_RETURN(std::optional<DeviceToken> device,
                     ports_.sessions->FindDeviceToken(tx, digest));
    if (!device.has_value() || Now() >= device->expire_time) {
      return absl::OkStatus();
    }
    absl::StatusOr<User> user = ports_.users->Get(tx, device->user_id);
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

absl::StatusOr<std::string> SignIn::RotateDeviceToken(
    Transaction& tx, const std::string& user_id,
    const std::string& presented) {
  if (!presented.empty() && presented.size() <= kMaxDeviceTokenLength) {
    const std::string digest = OpaqueTokenDigest(presented);
    ASSIGN_OR_RETURN(std::optional<DeviceToken> old,
                     ports_.sessions->FindDeviceToken(tx, digest));
    if (old.has_value() && old->user_id == user_id) {
      RETURN_IF_ERROR(ports_.sessions->DeleteDeviceToken(tx, digest).status());
    }
  }
  const std::string token = NewOpaqueToken();
  const absl::Time now = Now();
  RETURN_IF_ERROR(ports_.sessions->AddDeviceToken(
      tx, DeviceToken{.token_hash = OpaqueTokenDigest(token),
                      .user_id = user_id,
                      .issue_time = now,
                      .expire_time =
                          now + tokens_->policy().device_token_lifetime}));
  return token;
}

absl::StatusOr<PasswordSignIn> SignIn::FinishPassword(
    const PasswordAttempt& attempt, absl::StatusOr<bool> verdict) {
  SignInThrottle& throttle = *ports_.throttle;
  if (!verdict.ok()) {
    if (NoVerdict(verdict.status())) {
      throttle.Release(attempt.account, attempt.source, attempt.device)
          .IgnoreError();
    }
    return verdict.status();
  }
  const std::optional<User>& user = attempt.user;
  if (!*verdict || !user.has_value() || user->state != UserState::kActive) {
    return WrongCredentials();  // the reservation stands as a failure
  }
  throttle.RecordSuccess(attempt.account, attempt.source, attempt.device)
      .IgnoreError();
  if (user->mfa_enabled) return Challenge(*user);
  SignedIn signed_in;
  RETURN_IF_ERROR(ports_.unit_of_work->Run([&](Transaction& tx) {
    ASSIGN_OR_RETURN(signed_in.tokens,
                     tokens_->StartSession(tx, user->name(), {"pwd"}));
    ASSIGN_OR_RETURN(signed_in.device_token,
                     RotateDeviceToken(tx, user->id, attempt.device_token));
    return absl::OkStatus();
  }));
  return signed_in;
}

absl::StatusOr<MfaChallenge> SignIn::Challenge(const User& user) {
  MfaChallenge challenge{.ticket = NewOpaqueToken(),
                         .expire_time = Now() + kMfaTicketLifetime};
  MfaTicket record;
  record.ticket_hash = OpaqueTokenDigest(challenge.ticket);
  record.user_id = user.id;
  record.expire_time = challenge.expire_time;
  RETURN_IF_ERROR(ports_.unit_of_work->Run([&](Transaction& tx) {
    return ports_.sessions->CreateMfaTicket(tx, record);
  }));
  return challenge;
}

absl::StatusOr<SignedIn> SignIn::VerifyMfaChallenge(
    absl::string_view ticket, absl::string_view code,
    const std::string& device_token, const std::string& source) {
  if (ticket.empty() || ticket.size() > kMaxTicketLength) {
    return InvalidArgumentError("mfa_ticket", "required");
  }
  if (!IsSixDigits(code)) {
    return InvalidArgumentError("code", "must be 6 digits");
  }
  const std::string digest = OpaqueTokenDigest(ticket);
  ASSIGN_OR_RETURN(const std::string user_id, TicketHolder(digest));
  // The user's TOTP budget, shared with enrolment and DisableMfa: a ticket
  // allows a few codes, but whoever knows the password can get ticket
  // after ticket.
  const std::string account =
      user_id.empty() ? UnknownCredentialAccount("mfa-ticket", source)
                      : MfaThrottleAccount(user_id);
  ASSIGN_OR_RETURN(std::optional<SignedIn> signed_in,
                   Throttled<SignedIn>(*ports_.throttle, account, source, [&] {
                     return RedeemTicket(digest, code, device_token);
                   }));
  if (!signed_in.has_value()) return BadMfaTicket();
  return *std::move(signed_in);
}

absl::StatusOr<std::string> SignIn::TicketHolder(
    const std::string& ticket_digest) {
  std::string user_id;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    ASSIGN_OR_RETURN(std::optional<MfaTicket> ticket,
                     ports_.sessions->FindMfaTicket(tx, ticket_digest));
    user_id = ticket.has_value() ? ticket->user_id : "";
    return absl::OkStatus();
  }));
  return user_id;
}

absl::StatusOr<std::optional<SignedIn>> SignIn::RedeemTicket(
    const std::string& digest, absl::string_view code,
    const std::string& presented_device_token) {
  std::optional<SignedIn> signed_in;
  RETURN_IF_ERROR(ports_.unit_of_work->Run([&](Transaction& tx) {
    signed_in.reset();  // the body may run more than once
    ASSIGN_OR_RETURN(std::optional<MfaTicket> ticket,
                     ports_.sessions->FindMfaTicket(tx, digest));
    if (!ticket.has_value() || ticket->used ||
        ticket->attempts >= kMfaTicketAttempts ||
        Now() >= ticket->expire_time) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, ticket->user_id));
    if (user.state != UserState::kActive || !user.mfa_enabled) {
      ticket->used = true;
      return ports_.sessions->UpdateMfaTicket(tx, *ticket);
    }
    ASSIGN_OR_RETURN(const std::string secret,
                     ports_.totp_secrets->Open(user.id,
                                               user.totp_secret_ciphertext));
    absl::StatusOr<int64_t> step =
        totp_.Verify(secret, code, user.totp_last_step);
    if (!step.ok()) {
      if (!absl::IsUnauthenticated(step.status())) return step.status();
      ++ticket->attempts;  // committed: the wrong code counts
      return ports_.sessions->UpdateMfaTicket(tx, *ticket);
    }
    ticket->used = true;
    RETURN_IF_ERROR(ports_.sessions->UpdateMfaTicket(tx, *ticket));
    user.totp_last_step = *step;
    user.update_time = Now();
    RETURN_IF_ERROR(ports_.users->Update(tx, user).status());
    SignedIn in;
    ASSIGN_OR_RETURN(in.tokens,
                     tokens_->StartSession(tx, user.name(), {"pwd", "otp"}));
    ASSIGN_OR_RETURN(in.device_token,
                     RotateDeviceToken(tx, user.id, presented_device_token));
    signed_in = std::move(in);
    return absl::OkStatus();
  }));
  return signed_in;
}

absl::StatusOr<IssuedTokens> SignIn::SignInServiceAccount(
    absl::string_view client_id, absl::string_view client_secret,
    const std::string& source) {
  if (client_id.empty() || client_id.size() > kMaxClientCredentialLength) {
    return InvalidArgumentError("client_id", "must be 1 to 256 characters");
  }
  if (client_secret.empty() ||
      client_secret.size() > kMaxClientCredentialLength) {
    return InvalidArgumentError("client_secret",
                                "must be 1 to 256 characters");
  }
  const std::string account = absl::StrCat("client:", client_id);
  RETURN_IF_ERROR(ports_.throttle->Check(account, source));
  std::optional<IssuedTokens> tokens;
  absl::Status status = ports_.unit_of_work->Run([&](Transaction& tx) {
    tokens.reset();
    ASSIGN_OR_RETURN(std::optional<ServiceAccount> sa,
                     ports_.service_accounts->FindByClientId(tx, client_id));
    if (!sa.has_value() || sa->deleted() ||
        sa->state != ServiceAccountState::kActive) {
      return absl::OkStatus();
    }
    const bool current = ClientSecretMatches(client_secret, sa->secret_hash);
    const bool previous =
        !sa->previous_secret_hash.empty() &&
        sa->previous_secret_expire_time.has_value() &&
        Now() < *sa->previous_secret_expire_time &&
        ClientSecretMatches(client_secret, sa->previous_secret_hash);
    if (!current && !previous) return absl::OkStatus();
    ASSIGN_OR_RETURN(tokens, tokens_->AccessTokenOnly(tx, sa->name()));
    return absl::OkStatus();
  });
  if (!status.ok()) {
    ports_.throttle->Release(account, source).IgnoreError();
    return status;
  }
  if (!tokens.has_value()) return WrongClientCredentials();
  ports_.throttle->RecordSuccess(account, source).IgnoreError();
  return *std::move(tokens);
}

}  // namespace masar::identity
