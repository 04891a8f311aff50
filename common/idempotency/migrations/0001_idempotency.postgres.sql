-- Request-id records (common/idempotency): the first response to a create or
-- custom method, keyed by (principal, method, request id).
CREATE TABLE masar_idempotency (
  principal TEXT NOT NULL,
  method TEXT NOT NULL,
  request_id TEXT NOT NULL,
  request_digest TEXT NOT NULL,
  response BYTEA NOT NULL,
  create_time BIGINT NOT NULL,
  expire_time BIGINT NOT NULL,
  PRIMARY KEY (principal, method, request_id)
);
CREATE INDEX masar_idempotency_expiry ON masar_idempotency (expire_time);
