-- The keys this store's values were sealed, digested or signed with
-- (common/keys/key_fingerprints.h): each key's fingerprint, a keyed hash
-- that does not reveal it, never the key. A process whose keys do not match
-- refuses to start. record_time is Unix microseconds.
CREATE TABLE masar_key_fingerprints (
  kind TEXT NOT NULL,
  key_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  record_time BIGINT NOT NULL,
  PRIMARY KEY (kind, key_id)
);
