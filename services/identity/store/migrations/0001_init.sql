-- The identity service's store (services/identity/store). Instants are Unix
-- microseconds, booleans 0/1, enums their proto numbers; `version` is the
-- row version the etag renders and compare-and-set updates check.
CREATE TABLE identity_users (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT,
  -- NormalizeEmail(email); NULL once erased, which frees the address.
  email_lower TEXT,
  phone TEXT NOT NULL,
  national_id_masked TEXT NOT NULL,
  preferred_language BIGINT NOT NULL,
  state BIGINT NOT NULL,
  gender BIGINT NOT NULL,
  birth_year BIGINT NOT NULL,
  -- Set exactly when demographics are held with consent.
  consent_time BIGINT,
  password_hash TEXT NOT NULL,
  mfa_enabled BIGINT NOT NULL,
  pending_totp_expire_time BIGINT,
  totp_last_step BIGINT NOT NULL,
  sessions_not_before BIGINT,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX identity_users_email_lower ON identity_users (email_lower);
CREATE INDEX identity_users_order ON identity_users (create_time, id);

CREATE TABLE identity_organizations (
  id TEXT PRIMARY KEY,
  display_name_ar TEXT NOT NULL,
  display_name_fr TEXT NOT NULL,
  display_name_en TEXT NOT NULL,
  -- Lower-cased names, one per line, for the display-name filter.
  search_text TEXT NOT NULL,
  kind BIGINT NOT NULL,
  country TEXT NOT NULL,
  -- NULL when none.
  ice TEXT,
  website TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  delete_time BIGINT,
  version BIGINT NOT NULL
);
-- An ICE is unique among live organizations; deleting one frees it.
CREATE UNIQUE INDEX identity_organizations_live_ice
  ON identity_organizations (ice) WHERE delete_time IS NULL;
CREATE INDEX identity_organizations_order
  ON identity_organizations (create_time, id);

CREATE TABLE identity_members (
  organization_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  title TEXT NOT NULL,
  role BIGINT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX identity_members_by_user ON identity_members (user_id);

CREATE TABLE identity_role_bindings (
  id TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  role BIGINT NOT NULL,
  scope TEXT NOT NULL,
  creator TEXT NOT NULL,
  create_time BIGINT NOT NULL
);
-- Also the lookup of a principal's bindings (token claims).
CREATE UNIQUE INDEX identity_role_bindings_grant
  ON identity_role_bindings (principal, role, scope);
CREATE INDEX identity_role_bindings_by_scope
  ON identity_role_bindings (scope);
CREATE INDEX identity_role_bindings_order
  ON identity_role_bindings (create_time, id);

CREATE TABLE identity_service_accounts (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL,
  state BIGINT NOT NULL,
  secret_hash TEXT NOT NULL,
  secret_create_time BIGINT NOT NULL,
  previous_secret_hash TEXT NOT NULL,
  previous_secret_expire_time BIGINT,
  tokens_not_before BIGINT,
  delete_time BIGINT,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX identity_service_accounts_client_id
  ON identity_service_accounts (client_id);
CREATE INDEX identity_service_accounts_order
  ON identity_service_accounts (create_time, id);
