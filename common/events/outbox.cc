#include "common/events/outbox.h"

#include "common/events/masar_common_events_migrations.h"

#include <utility>
#include <vector>

#include "common/ids/ids.h"
#include "common/status/status_macros.h"

namespace masar::events {
namespace {

absl::StatusOr<Event> ReadEvent(const sql::Row& row) {
  Event e;
  ASSIGN_OR_RETURN(e.source, row.Text(0));
  ASSIGN_OR_RETURN(e.sequence, row.Int(1));
  ASSIGN_OR_RETURN(e.event_id, row.Text(2));
  ASSIGN_OR_RETURN(e.type, row.Text(3));
  ASSIGN_OR_RETURN(e.resource, row.Text(4));
  ASSIGN_OR_RETURN(int64_t time, row.Int(5));
  e.event_time = absl::FromUnixMicros(time);
  ASSIGN_OR_RETURN(e.payload, row.Bytes(6));
  return e;
}

}  // namespace

absl::StatusOr<Event> Outbox::Append(sql::Transaction& tx,
                                     const NewEvent& event) {
  // One statement on both drivers; the row it writes stays locked by `tx`.
  ASSIGN_OR_RETURN(
      sql::Result next,
      tx.Execute("INSERT INTO masar_event_sequences (source, last_sequence) "
                 "VALUES (?, 1) ON CONFLICT (source) DO UPDATE SET "
                 "last_sequence = masar_event_sequences.last_sequence + 1 "
                 "RETURNING last_sequence",
                 {source_}));
  Event e;
  ASSIGN_OR_RETURN(e.sequence, next.rows.at(0).Int(0));
  e.event_id = NewUuid();
  e.source = source_;
  e.type = event.type;
  e.resource = event.resource;
  e.event_time = absl::FromUnixMicros(absl::ToUnixMicros(clock_->Now()));
  e.payload = event.payload;
  RETURN_IF_ERROR(
      tx.Execute("INSERT INTO masar_event_outbox (source, sequence, event_id, "
                 "type, resource, event_time, payload) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {e.source, e.sequence, e.event_id, e.type, e.resource,
                  absl::ToUnixMicros(e.event_time), sql::Blob{e.payload}})
          .status());
  if (announcer_ != nullptr) announcer_->AnnounceAfterCommit(tx, e.sequence);
  return e;
}

absl::StatusOr<EventPage> Outbox::ReadAfter(int64_t after_sequence,
                                            int limit) {
  EventPage page;
  // The oldest first: a purge between the two reads then only makes the
  // page look further behind than it is, never hides a gap.
  ASSIGN_OR_RETURN(page.first_retained_sequence, FirstRetainedSequence());
  ASSIGN_OR_RETURN(
      sql::Result result,
      db_->Execute("SELECT source, sequence, event_id, type, resource, "
                   "event_time, payload FROM masar_event_outbox "
                   "WHERE source = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                   {source_, after_sequence, int64_t{limit}}));
  page.events.reserve(result.rows.size());
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(Event e, ReadEvent(row));
    page.events.push_back(std::move(e));
  }
  return page;
}

absl::StatusOr<int64_t> Outbox::FirstRetainedSequence() {
  ASSIGN_OR_RETURN(
      sql::Result result,
      db_->Execute(
          "SELECT (SELECT MIN(sequence) FROM masar_event_outbox WHERE "
          "source = ?), (SELECT last_sequence FROM masar_event_sequences "
          "WHERE source = ?)",
          {source_, source_}));
  const sql::Row& row = result.rows.at(0);
  if (!row.IsNull(0)) return row.Int(0);
  if (row.IsNull(1)) return 1;
  ASSIGN_OR_RETURN(int64_t last, row.Int(1));
  return last + 1;
}

absl::StatusOr<int64_t> Outbox::Purge(absl::Duration retention) {
  ASSIGN_OR_RETURN(
      sql::Result result,
      // A prefix by sequence, even if the clock stepped back between two
      // appends: the events kept never have a hole.
      db_->Execute("DELETE FROM masar_event_outbox WHERE source = ? AND "
                   "sequence <= (SELECT MAX(sequence) FROM masar_event_outbox "
                   "WHERE source = ? AND event_time < ?)",
                   {source_, source_,
                    absl::ToUnixMicros(clock_->Now() - retention)}));
  return result.affected_rows;
}

absl::StatusOr<sql::MigrationSet> EventMigrations() {
  return sql::MigrationSet::Create(
      "events", sql::embedded::MasarCommonEventsMigrations());
}

}  // namespace masar::events
