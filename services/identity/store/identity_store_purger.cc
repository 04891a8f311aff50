#include "services/identity/store/identity_store_purger.h"

#include <string>

#include "common/status/status_macros.h"
#include "services/identity/store/outbox_identity_event_log.h"

namespace masar::identity {

IdentityStorePurger::IdentityStorePurger(sql::Database* db, const Clock* clock,
                                         Logger* logger, PurgeOptions options)
    : clock_(clock),
      logger_(logger),
      options_(options),
      unit_of_work_(db),
      counters_(*db, *clock),
      request_ids_(db, clock),
      revocations_(db),
      outbox_(db, kIdentityEventSource, clock) {}

IdentityStorePurger::~IdentityStorePurger() { Stop(); }

void IdentityStorePurger::Start() {
  periodic_.Start(options_.interval, [this] {
    absl::StatusOr<int64_t> purged = PurgeOnce();
    if (!purged.ok()) {
      logger_->Warning("identity store purge failed",
                       {{"error", std::string(purged.status().message())}});
    }
  });
}

void IdentityStorePurger::Stop() { periodic_.Stop(); }

absl::StatusOr<int64_t> IdentityStorePurger::PurgeOnce() {
  const absl::Time now = clock_->Now();
  int64_t purged = 0;
  absl::Status first;
  auto count = [&](absl::StatusOr<int64_t> deleted) {
    if (deleted.ok()) {
      purged += *deleted;
    } else {
      first.Update(deleted.status());
    }
  };
  count(InBatches([&](int64_t limit) -> absl::StatusOr<int64_t> {
    int64_t deleted = 0;
    RETURN_IF_ERROR(unit_of_work_.Run([&](Transaction& tx) {
      ASSIGN_OR_RETURN(deleted, sessions_.PurgeExpired(tx, now, limit));
      return absl::OkStatus();
    }));
    return deleted;
  }));
  count(InBatches(
      [&](int64_t limit) { return counters_.PurgeExpired(now, limit); }));
  count(request_ids_.PurgeExpired());
  count(revocations_.PurgeExpired(now));
  count(outbox_.Purge());
  if (!first.ok()) return first;
  return purged;
}

absl::StatusOr<int64_t> IdentityStorePurger::InBatches(
    absl::FunctionRef<absl::StatusOr<int64_t>(int64_t limit)> batch) const {
  int64_t total = 0;
  while (!periodic_.stopping()) {
    ASSIGN_OR_RETURN(const int64_t deleted, batch(options_.batch_size));
    total += deleted;
    if (deleted < options_.batch_size) break;
  }
  return total;
}

}  // namespace masar::identity
