#include "services/identity/credentials/sql_throttle_counters.h"

#include "services/identity/credentials/masar_identity_credentials_migrations.h"

namespace masar::identity {
namespace {

// One statement, so atomic on its own on both drivers: SQLite runs it on
// its single writer; PostgreSQL's INSERT ... ON CONFLICT DO UPDATE locks
// the row and, under READ COMMITTED, adds to the latest committed value.
// It runs outside InTransaction on purpose: there, PostgreSQL's
// SERIALIZABLE would abort all but one of many concurrent increments of
// the same row, and a guessing flood would turn into retries. The window is
// restarted in the same statement when the stored one is over.
constexpr char kAdd[] = R"sql(
INSERT INTO masar_sign_in_throttle (counter_key, window_start, expires_at, n)
VALUES (?, ?, ?, ?)
ON CONFLICT (counter_key) DO UPDATE SET
  n = CASE WHEN masar_sign_in_throttle.expires_at <= excluded.window_start
      THEN excluded.n ELSE masar_sign_in_throttle.n + excluded.n END,
  window_start = CASE
      WHEN masar_sign_in_throttle.expires_at <= excluded.window_start
      THEN excluded.window_start ELSE masar_sign_in_throttle.window_start END,
  expires_at = CASE
      WHEN masar_sign_in_throttle.expires_at <= excluded.window_start
      THEN excluded.expires_at ELSE masar_sign_in_throttle.expires_at END
RETURNING n
)sql";

constexpr char kReset[] =
    "DELETE FROM masar_sign_in_throttle WHERE counter_key = ?";
constexpr char kPurgeExpired[] = R"sql(
DELETE FROM masar_sign_in_throttle WHERE counter_key IN (
  SELECT counter_key FROM masar_sign_in_throttle WHERE expires_at <= ?
  LIMIT ?)
)sql";

}  // namespace

absl::StatusOr<int64_t> SqlThrottleCounters::Add(absl::string_view key,
                                                 int64_t delta,
                                                 absl::Duration window) {
  const absl::Time now = clock_.Now();
  const sql::Value params[] = {std::string(key), absl::ToUnixMicros(now),
                               absl::ToUnixMicros(now + window), delta};
  absl::StatusOr<sql::Result> result = db_.Execute(kAdd, params);
  if (!result.ok()) return result.status();
  if (result->rows.size() != 1) {
    return absl::InternalError("throttle upsert returned no row");
  }
  return result->rows[0].Int(0);
}

absl::Status SqlThrottleCounters::Reset(absl::string_view key) {
  const sql::Value params[] = {std::string(key)};
  return db_.Execute(kReset, params).status();
}

absl::StatusOr<int64_t> SqlThrottleCounters::PurgeExpired(absl::Time now,
                                                          int64_t limit) {
  const sql::Value params[] = {absl::ToUnixMicros(now), limit};
  absl::StatusOr<sql::Result> result = db_.Execute(kPurgeExpired, params);
  if (!result.ok()) return result.status();
  return result->affected_rows;
}

absl::StatusOr<sql::MigrationSet> ThrottleMigrations() {
  return sql::MigrationSet::Create(
      "sign_in_throttle", sql::embedded::MasarIdentityCredentialsMigrations());
}

}  // namespace masar::identity
