#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_SESSION_STORE_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_SESSION_STORE_H_

#include "services/identity/domain/session_store.h"

namespace masar::identity {

// SessionStore over the identity store's SQL database (migration
// 0003_refresh_tokens, 0005_device_tokens); transactions come from
// sql::SqlUnitOfWork.
class SqlSessionStore final : public SessionStore {
 public:
  absl::Status CreateSession(Transaction& tx, const Session& session) override;
  absl::StatusOr<std::optional<Session>> GetSession(
      Transaction& tx, absl::string_view id) override;
  absl::StatusOr<std::vector<Session>> ActiveSessionsOf(
      Transaction& tx, absl::string_view subject, absl::Time now) override;
  absl::Status RevokeSession(Transaction& tx, absl::string_view id,
                             absl::Time when) override;

  absl::Status AddRefreshToken(Transaction& tx,
                               const RefreshTokenRecord& token) override;
  absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(
      Transaction& tx, absl::string_view token_hash) override;
  absl::StatusOr<bool> MarkRefreshTokenUsed(Transaction& tx,
                                            absl::string_view token_hash,
                                            absl::Time when) override;

  absl::Status CreateMfaTicket(Transaction& tx,
                               const MfaTicket& ticket) override;
  absl::StatusOr<std::optional<MfaTicket>> FindMfaTicket(
      Transaction& tx, absl::string_view ticket_hash) override;
  absl::Status UpdateMfaTicket(Transaction& tx,
                               const MfaTicket& ticket) override;

  absl::Status AddDeviceToken(Transaction& tx,
                              const DeviceToken& token) override;
  absl::StatusOr<std::optional<DeviceToken>> FindDeviceToken(
      Transaction& tx, absl::string_view token_hash) override;
  absl::StatusOr<bool> DeleteDeviceToken(
      Transaction& tx, absl::string_view token_hash) override;
  absl::Status DeleteDeviceTokensOf(Transaction& tx,
                                    absl::string_view user_id) override;

  absl::StatusOr<int64_t> PurgeExpired(Transaction& tx, absl::Time now,
                                       int64_t limit) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_SESSION_STORE_H_
