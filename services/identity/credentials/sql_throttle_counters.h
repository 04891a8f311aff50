#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_SQL_THROTTLE_COUNTERS_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_SQL_THROTTLE_COUNTERS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"
#include "services/identity/credentials/throttle_counters.h"

namespace masar::identity {

// Counters in the identity store, for while the cache answers UNAVAILABLE:
// one row per counter with its window, incremented by one upsert statement,
// atomic on SQLite and PostgreSQL alike.
class SqlThrottleCounters final : public ThrottleCounters {
 public:
  // `db` and `clock` must outlive this object; `db` has ThrottleMigrations()
  // applied.
  SqlThrottleCounters(sql::Database& db, const Clock& clock)
      : db_(db), clock_(clock) {}

  absl::StatusOr<int64_t> Add(absl::string_view key, int64_t delta,
                              absl::Duration window) override;
  absl::Status Reset(absl::string_view key) override;

  // Deletes at most `limit` counters whose window was over at `now`;
  // returns how many (fewer than `limit`: none is left). For a periodic
  // clean-up: rows are otherwise only reused, never removed.
  absl::StatusOr<int64_t> PurgeExpired(absl::Time now, int64_t limit);

 private:
  sql::Database& db_;
  const Clock& clock_;
};

// The table SqlThrottleCounters needs (component "sign_in_throttle"), to
// apply with sql::Migrate in the identity store.
absl::StatusOr<sql::MigrationSet> ThrottleMigrations();

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_SQL_THROTTLE_COUNTERS_H_
