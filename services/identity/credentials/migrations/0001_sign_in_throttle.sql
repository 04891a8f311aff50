-- Sign-in failure counters, used only while the shared cache is away
-- (services/identity/credentials/sql_throttle_counters.h). The key is a
-- SHA-256 digest: no email or address is stored here.
CREATE TABLE masar_sign_in_throttle (
  counter_key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  n BIGINT NOT NULL
);
CREATE INDEX masar_sign_in_throttle_expires_at
  ON masar_sign_in_throttle (expires_at);
