#ifndef MASAR_SERVICES_IDENTITY_STORE_IDENTITY_STORE_PURGER_H_
#define MASAR_SERVICES_IDENTITY_STORE_IDENTITY_STORE_PURGER_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/revocation_store.h"
#include "common/events/outbox.h"
#include "common/clock/clock.h"
#include "common/executor/periodic.h"
#include "common/idempotency/idempotency.h"
#include "common/log/logger.h"
#include "common/sql/database.h"
#include "common/sql/sql_unit_of_work.h"
#include "services/identity/credentials/sql_throttle_counters.h"
#include "services/identity/store/sql_session_store.h"

namespace masar::identity {

struct PurgeOptions {
  absl::Duration interval = absl::Minutes(10);
  // Rows deleted by one statement (one short transaction), so that a large
  // backlog never holds the tables for long.
  int64_t batch_size = 500;
};

// Deletes, every interval on its own thread, what identity's store keeps
// past its use: sessions, refresh tokens and MFA tickets
// (SessionStore::PurgeExpired), throttle counters whose window is over,
// request-id records past their lifetime, revocations past their
// memory and domain events past their retention (events::kEventRetention). Every replica may run one: the deletes are idempotent.
class IdentityStorePurger {
 public:
  // All must outlive the purger; `db` is identity's store, migrated.
  IdentityStorePurger(sql::Database* db, const Clock* clock, Logger* logger,
                      PurgeOptions options = {});
  // Stops the thread.
  ~IdentityStorePurger();
  IdentityStorePurger(const IdentityStorePurger&) = delete;
  IdentityStorePurger& operator=(const IdentityStorePurger&) = delete;

  // A pass every interval (the first one interval after Start) until Stop.
  void Start();
  void Stop();

  // One pass over every table, at the clock's now: the rows deleted, or the
  // first failure after trying them all.
  absl::StatusOr<int64_t> PurgeOnce();

 private:
  // Runs `batch` (given the batch size) until it deletes fewer rows.
  absl::StatusOr<int64_t> InBatches(
      absl::FunctionRef<absl::StatusOr<int64_t>(int64_t limit)> batch) const;

  const Clock* clock_;
  Logger* logger_;
  const PurgeOptions options_;
  sql::SqlUnitOfWork unit_of_work_;
  SqlSessionStore sessions_;
  SqlThrottleCounters counters_;
  idempotency::IdempotentRunner request_ids_;
  auth::RevocationStore revocations_;
  events::Outbox outbox_;
  Periodic periodic_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_IDENTITY_STORE_PURGER_H_
