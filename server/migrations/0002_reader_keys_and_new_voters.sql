-- Reader ids are issued by the server and signed (HMAC-SHA256) with a key made on first
-- start. It lives here so that restarts, and every server process on this database, sign
-- and check with the same key. Replacing the row makes every issued reader id invalid.
CREATE TABLE server_keys (
    name       TEXT    PRIMARY KEY,
    key        BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);

-- Readers who rated an article for the first time, per client network, for the daily cap
-- on new voters (one row per network tier: an IPv4 address, an IPv6 /64 and /48). `at`
-- is in seconds since 1970. Rows are deleted once they are a day old: they say where a
-- vote came from, and are kept no longer than the cap needs them.
CREATE TABLE new_voters (
    article TEXT    NOT NULL,
    network TEXT    NOT NULL,
    reader  TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (article, network, reader)
);

CREATE INDEX new_voters_by_age ON new_voters (at);
