#ifndef MASAR_COMMON_EVENTS_EVENT_CURSOR_H_
#define MASAR_COMMON_EVENTS_EVENT_CURSOR_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "common/sql/database.h"

namespace masar::events {

// How far one consumer has applied one source (table masar_event_cursors of
// the consumer's store), and which of its replicas may apply next: the
// holder of a lease on the row. The lease only saves replicas from doing
// the same work; exactly-once comes from Advance, which moves the cursor in
// the effect's transaction only from where the effect expected it.
class EventCursor {
 public:
  // `db` and `clock` must outlive the cursor. `holder` names this replica.
  EventCursor(sql::Database* db, std::string consumer, std::string source,
              std::string holder, const Clock* clock, absl::Duration lease)
      : db_(db), consumer_(std::move(consumer)), source_(std::move(source)),
        holder_(std::move(holder)), clock_(clock), lease_(lease) {}

  // The last sequence applied (0 for a new consumer, whose row it creates).
  absl::StatusOr<int64_t> Load();

  // Takes the lease, or renews it, unless another replica holds one that
  // has not expired; the last sequence applied when this replica holds it.
  absl::StatusOr<std::optional<int64_t>> Acquire();

  // Inside `tx`, the transaction of an event's effect: moves the cursor
  // from `from` to `to` and renews the lease. False when the cursor is no
  // longer at `from` or another replica took the lease: `tx` must then roll
  // back the effect.
  absl::StatusOr<bool> Advance(sql::Transaction& tx, int64_t from, int64_t to);

  // Gives the lease up, so another replica takes over at once.
  absl::Status Release();

 private:
  sql::Database* const db_;
  const std::string consumer_;
  const std::string source_;
  const std::string holder_;
  const Clock* const clock_;
  const absl::Duration lease_;
};

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_EVENT_CURSOR_H_
