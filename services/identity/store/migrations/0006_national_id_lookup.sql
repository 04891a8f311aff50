-- The lookup digest of each user's national identifier (a keyed BLAKE2b
-- digest, hex; services/identity/credentials/national_id_cipher.h), so a
-- user can be found by identifier and a duplicate refused without the clear
-- value being stored. NULL when none, and for identifiers stored before
-- this migration until `masar reseal` computes theirs. Additive only.
ALTER TABLE identity_users ADD COLUMN national_id_lookup TEXT;
CREATE UNIQUE INDEX identity_users_national_id_lookup
  ON identity_users (national_id_lookup);
