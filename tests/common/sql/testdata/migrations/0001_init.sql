-- The first migration of the contract tests' component.
CREATE TABLE accounts (
  id BIGINT PRIMARY KEY,
  owner TEXT NOT NULL,
  balance BIGINT NOT NULL CHECK (balance >= 0)
);
CREATE INDEX accounts_owner ON accounts (owner);
