-- The outbox of 0001_events.sql; the payload is bytes (BLOB on SQLite, BYTEA on
-- PostgreSQL).
CREATE TABLE masar_event_outbox (
  source TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  resource TEXT NOT NULL,
  event_time BIGINT NOT NULL,
  payload BYTEA NOT NULL,
  PRIMARY KEY (source, sequence)
);
CREATE INDEX masar_event_outbox_time ON masar_event_outbox (event_time);
