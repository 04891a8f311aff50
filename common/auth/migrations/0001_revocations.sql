-- Token revocations and per-subject not-before times (common/auth), in the
-- order every replica applies them. `sequence` is assigned as MAX + 1 in the
-- revoking transaction (serializable), so sequences commit in order and a
-- reader catching up "after N" never skips one still in flight. Times are
-- Unix microseconds.
CREATE TABLE masar_auth_revocations (
  sequence BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  revoke_time BIGINT NOT NULL,
  expire_time BIGINT NOT NULL
);
CREATE INDEX masar_auth_revocations_expire ON masar_auth_revocations (expire_time);
