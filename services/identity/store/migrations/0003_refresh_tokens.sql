-- Sessions (refresh-token families), their refresh tokens and the MFA
-- tickets of half-done sign-ins (services/identity/store/
-- sql_session_store.cc). Tokens and tickets are stored only as SHA-256 hex
-- digests: they are 256-bit random values, so a fast hash suffices and the
-- table alone signs nobody in. Instants are Unix microseconds.
CREATE TABLE identity_sessions (
  -- The `sid` claim of the session's access tokens.
  id TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  -- The sign-in's authentication methods, comma-separated ("pwd,otp").
  amr TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  -- The absolute limit, whatever the refreshes.
  expire_time BIGINT NOT NULL,
  -- Set when the session ended (sign-out, reuse, password change).
  revoke_time BIGINT
);
CREATE INDEX identity_sessions_by_subject ON identity_sessions (subject);

CREATE TABLE identity_refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  issue_time BIGINT NOT NULL,
  expire_time BIGINT NOT NULL,
  -- Set by the rotation that consumed it; presenting it again is reuse.
  use_time BIGINT
);
CREATE INDEX identity_refresh_tokens_by_session
  ON identity_refresh_tokens (session_id);

CREATE TABLE identity_mfa_tickets (
  ticket_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  expire_time BIGINT NOT NULL,
  attempts BIGINT NOT NULL,
  used BIGINT NOT NULL
);
