-- Device tokens (OWASP's device cookie): a client that signed in to an
-- account presents its token at the next sign-in and is then throttled
-- apart from the account-wide limit (services/identity/credentials/
-- sign_in_throttle.h). Stored only as the SHA-256 hex digest of a 256-bit
-- random value, like refresh tokens; a row is deleted when its token
-- rotates, when the user's password changes or the user is disabled or
-- deleted, and by the purge once expired. Additive: the previous binary
-- runs on this schema during a rolling upgrade.
CREATE TABLE identity_device_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  issue_time BIGINT NOT NULL,
  expire_time BIGINT NOT NULL
);
CREATE INDEX identity_device_tokens_by_user
  ON identity_device_tokens (user_id);
CREATE INDEX identity_device_tokens_by_expiry
  ON identity_device_tokens (expire_time);
