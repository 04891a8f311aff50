-- Not idempotent on purpose: applied twice, it would leave two rows.
INSERT INTO accounts (id, owner, balance)
  SELECT coalesce(max(id), 0) + 1, 'seed', 0 FROM accounts;
