-- Bytes are BYTEA in PostgreSQL.
CREATE TABLE documents (id BIGINT PRIMARY KEY, body BYTEA NOT NULL);
