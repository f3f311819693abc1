-- Ratings and comments of articles. Articles live in the content feed, not here, so
-- `article` is the feed's article id and has no foreign key.
-- Never edit a migration once released: add the next numbered file instead.

-- One rating per reader per article; a new one replaces the old.
CREATE TABLE ratings (
    article    TEXT    NOT NULL,
    reader     TEXT    NOT NULL,
    value      INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (article, reader)
);

CREATE TABLE comments (
    -- AUTOINCREMENT: ids are never reused, so cursors and delete secrets stay unambiguous.
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article     TEXT    NOT NULL,
    reader      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    -- Plain text as written (trimmed); never HTML.
    body        TEXT    NOT NULL,
    -- SHA-256 (hex) of the one-time secret handed to the writer.
    secret_hash TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    -- Set by a moderator; hidden comments are not listed.
    hidden_at   TEXT
);

-- Listing an article's comments in order.
CREATE INDEX comments_by_article ON comments (article, id);
