-- The append-only, hash-chained audit log of one service (common/audit).
CREATE TABLE masar_audit_log (
  sequence BIGINT PRIMARY KEY,
  event_time BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  request_id TEXT NOT NULL,
  payload_digest TEXT NOT NULL,
  previous_digest TEXT NOT NULL,
  digest TEXT NOT NULL
);
CREATE INDEX masar_audit_log_resource ON masar_audit_log (resource, sequence);
