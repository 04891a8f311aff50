-- Domain events (common/events). The outbox is the log other services read
-- by sequence: a row is written in the transaction of the change it
-- describes. The sequence of a source is taken from masar_event_sequences by
-- an UPSERT on the source's row, which the writing transaction then holds
-- until it commits: sequences commit in order and without gaps, so a reader
-- catching up "after N" never skips one still in flight. The counter
-- survives the purge, so sequences never start over. Times are Unix
-- microseconds.
CREATE TABLE masar_event_sequences (
  source TEXT PRIMARY KEY,
  last_sequence BIGINT NOT NULL
);
-- What a consuming service has applied of each source (`sequence`, the last
-- one), advanced in the transaction of each event's effect, and which of
-- its replicas may apply them (`holder` until `lease_expire_time`).
CREATE TABLE masar_event_cursors (
  consumer TEXT NOT NULL,
  source TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  holder TEXT NOT NULL,
  lease_expire_time BIGINT NOT NULL,
  PRIMARY KEY (consumer, source)
);
