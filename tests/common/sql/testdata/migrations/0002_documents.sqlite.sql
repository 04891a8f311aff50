-- Bytes are BLOB in SQLite.
CREATE TABLE documents (id BIGINT PRIMARY KEY, body BLOB NOT NULL);
