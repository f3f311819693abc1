-- See ../0003_idempotency_keys.sql: answers kept under the idempotency keys of readers'
-- writes.
CREATE TABLE idempotency_keys (
    reader      TEXT   NOT NULL,
    -- SHA-256 (hex) of the client's key.
    key_hash    TEXT   NOT NULL,
    method      TEXT   NOT NULL,
    path        TEXT   NOT NULL,
    -- SHA-256 of the request body as parsed.
    fingerprint BYTEA  NOT NULL,
    status      BIGINT NOT NULL,
    -- The answer's body, sealed (nonce, ChaCha20-Poly1305 ciphertext and tag).
    answer      BYTEA  NOT NULL,
    -- Seconds since 1970. Rows are deleted once they are 30 days old.
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (reader, key_hash)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
