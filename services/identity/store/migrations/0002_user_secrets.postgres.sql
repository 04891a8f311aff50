-- The users' opaque encrypted bytes (services/identity/credentials): the
-- national identifier and the TOTP secrets. NULL when none.
ALTER TABLE identity_users ADD COLUMN national_id_ciphertext BYTEA;
ALTER TABLE identity_users ADD COLUMN totp_secret BYTEA;
ALTER TABLE identity_users ADD COLUMN pending_totp_secret BYTEA;
