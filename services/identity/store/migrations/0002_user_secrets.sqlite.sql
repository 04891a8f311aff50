-- The users' opaque encrypted bytes (services/identity/credentials): the
-- national identifier and the TOTP secrets. NULL when none.
ALTER TABLE identity_users ADD COLUMN national_id_ciphertext BLOB;
ALTER TABLE identity_users ADD COLUMN totp_secret BLOB;
ALTER TABLE identity_users ADD COLUMN pending_totp_secret BLOB;
