-- Answers kept under the idempotency keys of readers' writes (a comment, a rating), so a
-- write sent again (an offline queue, a retry) is answered as the first time and stored
-- once. The unique key makes two copies of one request race for one row: the loser's
-- transaction, its write included, is rolled back.
CREATE TABLE idempotency_keys (
    reader      TEXT    NOT NULL,
    -- SHA-256 (hex) of the client's key; the key itself is not stored.
    key_hash    TEXT    NOT NULL,
    method      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    -- SHA-256 of the request body as parsed: a different request with the key is refused.
    fingerprint BLOB    NOT NULL,
    status      INTEGER NOT NULL,
    -- The answer's body, sealed under a key derived from the client's key (it may hold
    -- a comment's secret): a random nonce, then ChaCha20-Poly1305 ciphertext and tag.
    answer      BLOB    NOT NULL,
    -- Seconds since 1970. Rows are deleted once they are 30 days old.
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (reader, key_hash)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
