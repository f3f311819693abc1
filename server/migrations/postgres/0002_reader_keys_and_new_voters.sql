-- See ../0002_reader_keys_and_new_voters.sql: the key that signs reader ids, and the
-- readers who rated an article for the first time per client network.
CREATE TABLE server_keys (
    name       TEXT  PRIMARY KEY,
    key        BYTEA NOT NULL,
    created_at TEXT  NOT NULL
);

CREATE TABLE new_voters (
    article TEXT   NOT NULL,
    network TEXT   NOT NULL,
    reader  TEXT   NOT NULL,
    -- Seconds since 1970.
    at      BIGINT NOT NULL,
    PRIMARY KEY (article, network, reader)
);

CREATE INDEX new_voters_by_age ON new_voters (at);
