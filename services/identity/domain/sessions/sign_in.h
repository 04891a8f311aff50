#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SIGN_IN_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SIGN_IN_H_

#include <optional>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/identity/credentials/totp.h"
#include "services/identity/domain/sessions/session_tokens.h"
#include "services/identity/domain/sessions/token_ports.h"
#include "services/identity/domain/user.h"

namespace masar::identity {

// A password sign-in between its two halves: what was read and reserved
// before the password hasher runs.
struct PasswordAttempt {
  std::string account;  // the normalised email
  std::string source;
  // The digest of `device_token` when that is a valid device token of
  // `account`, else empty (an unknown client), as the throttle counts it.
  std::string device;
  std::string device_token;  // as presented, to rotate on success
  std::optional<User> user;  // none for an unknown email
};

// Tokens of a new session, with the client's next device token.
struct SignedIn {
  IssuedTokens tokens;
  std::string device_token;
};

// A password accepted for a user with MFA: the ticket its TOTP code redeems.
struct MfaChallenge {
  std::string ticket;
  absl::Time expire_time;
};

// What a password sign-in ends in.
using PasswordSignIn = std::variant<SignedIn, MfaChallenge>;

// Sign-in: a password (then a TOTP code when MFA is on), or a service
// account's client credentials. Throttled per (account, source) and per
// account before any secret is checked; an unknown email, a wrong password
// and a user who may not sign in get the same answer (WrongCredentials).
// Argon2 is not run here: the caller hands the password to the hasher
// between BeginPassword and FinishPassword. Thread-safe.
class SignIn {
 public:
  // `tokens` must outlive this object.
  SignIn(TokenPorts ports, SessionTokens* tokens);

  // Validates the input, reserves the attempt (the throttle) and reads the
  // user. Verify the password against PasswordHashOf(attempt), then call
  // FinishPassword with the verdict.
  absl::StatusOr<PasswordAttempt> BeginPassword(absl::string_view email,
                                                absl::string_view password,
                                                std::string device_token,
                                                std::string source);
  // The hash to verify the password against; empty: the hasher's dummy, the
  // same work as a wrong password, so timing tells nothing either.
  static std::string PasswordHashOf(const PasswordAttempt& attempt);
  // Settles the reservation by the hasher's verdict: a new session, or an
  // MFA challenge when the user enabled MFA.
  absl::StatusOr<PasswordSignIn> FinishPassword(
      const PasswordAttempt& attempt, absl::StatusOr<bool> verdict);

  // Redeems an MFA ticket with a TOTP code: a ticket allows 5 codes within
  // its 5 minutes, and the user's TOTP budget is shared with enrolment and
  // DisableMfa.
  absl::StatusOr<SignedIn> VerifyMfaChallenge(
      absl::string_view ticket, absl::string_view code,
      const std::string& device_token, const std::string& source);

  // Client credentials: an access token only (no session).
  absl::StatusOr<IssuedTokens> SignInServiceAccount(
      absl::string_view client_id, absl::string_view client_secret,
      const std::string& source);

 private:
  absl::StatusOr<std::string> KnownDevice(const std::string& account,
                                          const std::string& device_token);
  // A new device token for `user_id`, stored in `tx`; `presented` (may be
  // empty or invalid) stops working if it was one of that user's.
  absl::StatusOr<std::string> RotateDeviceToken(Transaction& tx,
                                                const std::string& user_id,
                                                const std::string& presented);
  absl::StatusOr<MfaChallenge> Challenge(const User& user);
  // The user an MFA ticket was issued to, or empty.
  absl::StatusOr<std::string> TicketHolder(const std::string& ticket_digest);
  // Checks `code` against `digest`'s ticket in one transaction: signed in,
  // or nullopt for a refusal (counted on the ticket).
  absl::StatusOr<std::optional<SignedIn>> RedeemTicket(
      const std::string& digest, absl::string_view code,
      const std::string& presented_device_token);
  absl::Time Now() const { return ports_.clock->Now(); }

  TokenPorts ports_;
  SessionTokens* tokens_;
  Totp totp_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSIONS_SIGN_IN_H_
