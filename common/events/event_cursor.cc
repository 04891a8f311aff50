#include "common/events/event_cursor.h"

#include "common/status/status_macros.h"

namespace masar::events {
namespace {

absl::Status Create(sql::Executor& db, const std::string& consumer,
                    const std::string& source) {
  return db
      .Execute("INSERT INTO masar_event_cursors (consumer, source, sequence, "
               "holder, lease_expire_time) VALUES (?, ?, 0, '', 0) "
               "ON CONFLICT (consumer, source) DO NOTHING",
               {consumer, source})
      .status();
}

absl::StatusOr<int64_t> Read(sql::Executor& db, const std::string& consumer,
                             const std::string& source) {
  ASSIGN_OR_RETURN(sql::Result result,
                   db.Execute("SELECT sequence FROM masar_event_cursors "
                              "WHERE consumer = ? AND source = ?",
                              {consumer, source}));
  if (result.rows.empty()) return absl::NotFoundError("no event cursor");
  return result.rows[0].Int(0);
}

}  // namespace

absl::StatusOr<int64_t> EventCursor::Load() {
  // Read first: another replica may be moving the row right now.
  absl::StatusOr<int64_t> existing = Read(*db_, consumer_, source_);
  if (existing.ok()) return existing;
  int64_t sequence = 0;
  RETURN_IF_ERROR(db_->InTransaction([&](sql::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(Create(tx, consumer_, source_));
    ASSIGN_OR_RETURN(sequence, Read(tx, consumer_, source_));
    return absl::OkStatus();
  }));
  return sequence;
}

absl::StatusOr<std::optional<int64_t>> EventCursor::Acquire() {
  std::optional<int64_t> sequence;
  RETURN_IF_ERROR(db_->InTransaction([&](sql::Transaction& tx) -> absl::Status {
    sequence.reset();
    RETURN_IF_ERROR(Create(tx, consumer_, source_));
    int64_t now = absl::ToUnixMicros(clock_->Now());
    ASSIGN_OR_RETURN(
        sql::Result taken,
        tx.Execute("UPDATE masar_event_cursors SET holder = ?, "
                   "lease_expire_time = ? WHERE consumer = ? AND source = ? "
                   "AND (holder = ? OR lease_expire_time <= ?)",
                   {holder_, now + absl::ToInt64Microseconds(lease_),
                    consumer_, source_, holder_, now}));
    if (taken.affected_rows == 0) return absl::OkStatus();
    ASSIGN_OR_RETURN(sequence, Read(tx, consumer_, source_));
    return absl::OkStatus();
  }));
  return sequence;
}

absl::StatusOr<bool> EventCursor::Advance(sql::Transaction& tx, int64_t from,
                                          int64_t to) {
  int64_t expire =
      absl::ToUnixMicros(clock_->Now()) + absl::ToInt64Microseconds(lease_);
  ASSIGN_OR_RETURN(
      sql::Result moved,
      tx.Execute("UPDATE masar_event_cursors SET sequence = ?, "
                 "lease_expire_time = ? WHERE consumer = ? AND source = ? "
                 "AND sequence = ? AND holder = ?",
                 {to, expire, consumer_, source_, from, holder_}));
  return moved.affected_rows == 1;
}

absl::Status EventCursor::Release() {
  return db_
      ->Execute("UPDATE masar_event_cursors SET lease_expire_time = 0 "
                "WHERE consumer = ? AND source = ? AND holder = ?",
                {consumer_, source_, holder_})
      .status();
}

}  // namespace masar::events
