#ifndef MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_SESSION_STORE_H_
#define MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_SESSION_STORE_H_

#include "services/identity/domain/revocation_log.h"
#include "services/identity/domain/session_store.h"
#include "services/identity/testing/in_memory_identity_store.h"

// In-memory fakes of the token side's ports, in the same state (and under
// the same InMemoryUnitOfWork) as the directory's fakes: a session and the
// user change that ends it commit or roll back together.
namespace masar::identity {

class InMemorySessionStore final : public SessionStore {
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

// Keeps revocations in the transaction's state, numbered from 1; read them
// back with InMemoryUnitOfWork::revocations().
class InMemoryRevocationLog final : public RevocationLog {
 public:
  absl::Status Append(Transaction& tx,
                      const auth::Revocation& revocation) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_SESSION_STORE_H_
