#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SESSION_STORE_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SESSION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/unit_of_work/unit_of_work.h"

namespace masar::identity {

// One sign-in and every refresh after it: a refresh-token family. Its id is
// the `sid` claim, the handle that revokes all of its tokens at once.
struct Session {
  std::string id;
  std::string subject;           // "users/{id}"
  std::vector<std::string> amr;  // "pwd", "otp": kept across refreshes
  absl::Time create_time;
  absl::Time expire_time;  // absolute limit from sign-in
  std::optional<absl::Time> revoke_time;

  bool ActiveAt(absl::Time now) const {
    return !revoke_time.has_value() && now < expire_time;
  }
};

// A refresh token, by the digest of its value (the value is never stored).
struct RefreshTokenRecord {
  std::string token_hash;
  std::string session_id;
  absl::Time issue_time;
  absl::Time expire_time;
  std::optional<absl::Time> use_time;  // set once rotated
};

// The ticket of a sign-in waiting for its TOTP code, by digest.
struct MfaTicket {
  std::string ticket_hash;
  std::string user_id;
  absl::Time expire_time;
  int attempts = 0;
  bool used = false;
};

// A device token (OWASP's device cookie), by the digest of its value: the
// client that holds it signed in to `user_id` before. Presented at sign-in,
// it exempts that client from the account-wide throttle; consumed (deleted)
// by the next successful sign-in that presents it, which issues another.
struct DeviceToken {
  std::string token_hash;
  std::string user_id;
  absl::Time issue_time;
  absl::Time expire_time;
};

// Sessions, refresh tokens, MFA tickets and device tokens, inside the identity store's
// transactions so a rotation, its revocation records and user changes
// commit together.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual absl::Status CreateSession(Transaction& tx,
                                     const Session& session) = 0;
  virtual absl::StatusOr<std::optional<Session>> GetSession(
      Transaction& tx, absl::string_view id) = 0;
  // The subject's sessions neither revoked nor past their limit at `now`.
  virtual absl::StatusOr<std::vector<Session>> ActiveSessionsOf(
      Transaction& tx, absl::string_view subject, absl::Time now) = 0;
  // Marks the session revoked (kept if already); OK when absent.
  virtual absl::Status RevokeSession(Transaction& tx, absl::string_view id,
                                     absl::Time when) = 0;

  virtual absl::Status AddRefreshToken(Transaction& tx,
                                       const RefreshTokenRecord& token) = 0;
  virtual absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(
      Transaction& tx, absl::string_view token_hash) = 0;
  // Consumes the token: true when this call set its use time, false when it
  // was already used (a concurrent rotation or a replay).
  virtual absl::StatusOr<bool> MarkRefreshTokenUsed(
      Transaction& tx, absl::string_view token_hash, absl::Time when) = 0;

  virtual absl::Status CreateMfaTicket(Transaction& tx,
                                       const MfaTicket& ticket) = 0;
  virtual absl::StatusOr<std::optional<MfaTicket>> FindMfaTicket(
      Transaction& tx, absl::string_view ticket_hash) = 0;
  // Writes attempts and used.
  virtual absl::Status UpdateMfaTicket(Transaction& tx,
                                       const MfaTicket& ticket) = 0;

  virtual absl::Status AddDeviceToken(Transaction& tx,
                                      const DeviceToken& token) = 0;
  virtual absl::StatusOr<std::optional<DeviceToken>> FindDeviceToken(
      Transaction& tx, absl::string_view token_hash) = 0;
  // Consumes the token: true when this call deleted it, false when it was
  // gone already (a concurrent rotation or a replay).
  virtual absl::StatusOr<bool> DeleteDeviceToken(
      Transaction& tx, absl::string_view token_hash) = 0;
  // Ends every device token of the user (password change, disable, delete).
  virtual absl::Status DeleteDeviceTokensOf(Transaction& tx,
                                            absl::string_view user_id) = 0;

  // Deletes at most `limit` rows that nothing needs any more at `now`, and
  // returns how many: fewer than `limit` means none is left. Gone are MFA
  // tickets and device tokens past their expiry, sessions past their
  // absolute limit, and refresh tokens that are past their expiry and unused, or whose session
  // is past its limit (or gone). A used refresh token stays while its
  // session may still be refreshed: presenting it again is how a reuse is
  // detected and the family ended.
  virtual absl::StatusOr<int64_t> PurgeExpired(Transaction& tx, absl::Time now,
                                               int64_t limit) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SESSION_STORE_H_
