-- The periodic purge (identity_store_purger.cc) deletes expired sessions,
-- refresh tokens and MFA tickets in bounded batches by expire_time: without
-- these indexes every batch would scan the whole table. Additive only, so
-- the previous binary runs on this schema during a rolling upgrade.
CREATE INDEX identity_sessions_by_expiry ON identity_sessions (expire_time);
CREATE INDEX identity_refresh_tokens_by_expiry
  ON identity_refresh_tokens (expire_time);
CREATE INDEX identity_mfa_tickets_by_expiry
  ON identity_mfa_tickets (expire_time);
