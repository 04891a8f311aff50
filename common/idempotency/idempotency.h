#ifndef MASAR_COMMON_IDEMPOTENCY_IDEMPOTENCY_H_
#define MASAR_COMMON_IDEMPOTENCY_IDEMPOTENCY_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

// request_id handling for creates and custom methods (DESIGN section 3):
// the repeat of a call returns the first response and changes nothing; the
// same id with a different request is INVALID_ARGUMENT.
namespace masar::idempotency {

// Identifies a call: who, which method, which request id.
struct RequestKey {
  std::string principal;  // "users/..", "serviceAccounts/.."
  std::string method;     // full gRPC method name
  std::string request_id;
};

// What a change answers: `response` goes to the caller; `replay_response`
// is recorded and returned to repeats. They differ when the response carries
// a secret shown once (a client secret): the replay omits it.
struct Outcome {
  std::string response;
  std::string replay_response;
};

// How long records are kept: a client may repeat a call for a day.
inline constexpr absl::Duration kRecordLifetime = absl::Hours(24);

// The longest request id accepted.
inline constexpr size_t kMaxRequestIdLength = 128;

class IdempotentRunner {
 public:
  IdempotentRunner(sql::Database* db, const Clock* clock)
      : db_(db), clock_(clock) {}

  // Runs `change` and records its outcome in the same transaction, unless a
  // record for `key` exists: then returns the recorded response without
  // running `change` (INVALID_ARGUMENT naming request_id when
  // `request_digest` differs). A concurrent repeat of a call still in
  // flight waits for the first to commit (the store serializes them on the
  // record's key) and returns its response. With an empty request id the
  // change simply runs in one transaction.
  absl::StatusOr<std::string> Run(
      const RequestKey& key, absl::string_view request_digest,
      const sql::TransactionOptions& options,
      absl::FunctionRef<absl::StatusOr<Outcome>(sql::Transaction&)> change);

  // Deletes records past their lifetime; returns how many.
  absl::StatusOr<int64_t> PurgeExpired();

 private:
  absl::StatusOr<std::string> RunOnce(
      const RequestKey& key, absl::string_view request_digest,
      const sql::TransactionOptions& options,
      absl::FunctionRef<absl::StatusOr<Outcome>(sql::Transaction&)> change);

  sql::Database* db_;
  const Clock* clock_;
};

// The tables this module needs (component "idempotency"), to apply with
// sql::Migrate in every database that uses it.
absl::StatusOr<sql::MigrationSet> IdempotencyMigrations();

}  // namespace masar::idempotency

#endif  // MASAR_COMMON_IDEMPOTENCY_IDEMPOTENCY_H_
