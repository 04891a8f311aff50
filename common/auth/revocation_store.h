#ifndef MASAR_COMMON_AUTH_REVOCATION_STORE_H_
#define MASAR_COMMON_AUTH_REVOCATION_STORE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/revocation.h"
#include "common/auth/revocation_source.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

namespace masar::auth {

// Revocations in SQL (table masar_auth_revocations), the source of truth
// that pub/sub only speeds up.
class RevocationStore final : public RevocationSource {
 public:
  // `db` must outlive the store.
  explicit RevocationStore(sql::Database* db) : db_(db) {}

  // Records `revocation` (its sequence is ignored) inside `tx`, the
  // transaction of the change that revokes (DisableUser...), and returns it
  // with its sequence. Publish it (PublishRevocation) after `tx` commits.
  static absl::StatusOr<Revocation> Append(sql::Transaction& tx,
                                           const Revocation& revocation);

  absl::StatusOr<std::vector<Revocation>> ListAfter(int64_t sequence,
                                                     int limit) override;

  // Deletes revocations past their expire_time, except the newest one,
  // which keeps the sequence from starting over; the number deleted.
  absl::StatusOr<int64_t> PurgeExpired(absl::Time now);

 private:
  sql::Database* db_;
};

// The tables this module needs (component "revocations"), for sql::Migrate
// in identity's database.
absl::StatusOr<sql::MigrationSet> RevocationMigrations();

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_REVOCATION_STORE_H_
