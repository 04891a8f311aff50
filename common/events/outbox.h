#ifndef MASAR_COMMON_EVENTS_OUTBOX_H_
#define MASAR_COMMON_EVENTS_OUTBOX_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "common/events/event.h"
#include "common/events/event_announcer.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

namespace masar::events {

// How long an outbox keeps events: a consumer stopped for longer than this
// has missed some and refuses to start (EventConsumer::Start).
inline constexpr absl::Duration kEventRetention = absl::Hours(24 * 30);

// The domain events one service writes (table masar_event_outbox of its
// store, created by EventMigrations()): the log its consumers read by
// sequence, and the only copy of each event.
class Outbox {
 public:
  // `db`, `clock` and `announcer` must outlive the outbox; `announcer` may
  // be null (consumers then find events by polling).
  Outbox(sql::Database* db, std::string source, const Clock* clock,
         EventAnnouncer* announcer = nullptr)
      : db_(db), source_(std::move(source)), clock_(clock),
        announcer_(announcer) {}

  const std::string& source() const { return source_; }

  // Appends `event` inside `tx`, the transaction of the change it describes,
  // with the source's next sequence, and announces it once `tx` commits.
  // The sequence is allocated on a row `tx` then holds until it ends:
  // appenders of one source take turns (a concurrent one waits, or on
  // PostgreSQL gets ABORTED and the transaction is retried), which keeps
  // the sequence gap-free and committed in order.
  absl::StatusOr<Event> Append(sql::Transaction& tx, const NewEvent& event);

  // Up to `limit` events after `after_sequence`, in order, and the oldest
  // sequence kept.
  absl::StatusOr<EventPage> ReadAfter(int64_t after_sequence, int limit);

  // The oldest sequence kept: the last one plus one when none is, 1 before
  // the first event.
  absl::StatusOr<int64_t> FirstRetainedSequence();

  // Deletes the events older than `retention` (kEventRetention in
  // production); the number deleted.
  absl::StatusOr<int64_t> Purge(absl::Duration retention = kEventRetention);

 private:
  sql::Database* const db_;
  const std::string source_;
  const Clock* const clock_;
  EventAnnouncer* const announcer_;
};

// The tables of common/events (component "events": the outbox, its
// sequences and the consumers' cursors), migrated in every service's store
// like the audit log.
absl::StatusOr<sql::MigrationSet> EventMigrations();

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_OUTBOX_H_
