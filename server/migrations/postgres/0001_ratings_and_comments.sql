-- PostgreSQL's copy of ../0001_ratings_and_comments.sql: the same tables, columns,
-- constraints and indexes, in PostgreSQL's types (whole numbers BIGINT, bytes BYTEA, ids
-- an identity column). The two directories are numbered in step: migration N here means
-- what migration N of the SQLite directory means. Never edit one once released.

-- One rating per reader per article; a new one replaces the old.
CREATE TABLE ratings (
    article    TEXT   NOT NULL,
    reader     TEXT   NOT NULL,
    value      BIGINT NOT NULL CHECK (value BETWEEN 1 AND 5),
    updated_at TEXT   NOT NULL,
    PRIMARY KEY (article, reader)
);

CREATE TABLE comments (
    -- An identity is never reused (like AUTOINCREMENT), so cursors and delete secrets
    -- stay unambiguous.
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article     TEXT   NOT NULL,
    reader      TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    -- Plain text as written (trimmed); never HTML.
    body        TEXT   NOT NULL,
    -- SHA-256 (hex) of the one-time secret handed to the writer.
    secret_hash TEXT   NOT NULL,
    created_at  TEXT   NOT NULL,
    -- Set by a moderator; hidden comments are not listed.
    hidden_at   TEXT
);

-- Listing an article's comments in order.
CREATE INDEX comments_by_article ON comments (article, id);
