-- See ../0004_editors_and_moderation_log.sql: the editors' desk.

-- SQLite's COLLATE NOCASE: names compare and are unique whatever their case ("Hanne" and
-- "hanne" are one editor), so `name = $1` and `ON CONFLICT (name)` read as in SQLite.
-- ICU at strength 2 ignores case only (not accents); it folds every letter's case, where
-- SQLite's NOCASE folds A-Z only ("Ærø" and "ærø" are one editor here, two there).
CREATE COLLATION editor_name (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TABLE editors (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT   NOT NULL UNIQUE COLLATE editor_name,
    -- Argon2id in the PHC string format.
    password_hash TEXT   NOT NULL,
    created_at    TEXT   NOT NULL
);

-- A signed-in browser: only the SHA-256 of the cookie's token. Removing an editor ends
-- their sessions.
CREATE TABLE editor_sessions (
    token_hash TEXT   PRIMARY KEY,
    editor_id  BIGINT NOT NULL REFERENCES editors (id) ON DELETE CASCADE,
    csrf       TEXT   NOT NULL,
    created_at TEXT   NOT NULL,
    -- Milliseconds since 1970 of the last request.
    last_seen  BIGINT NOT NULL
);

CREATE INDEX editor_sessions_by_editor ON editor_sessions (editor_id);

CREATE TABLE moderation_log (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TEXT   NOT NULL,
    who        TEXT   NOT NULL,
    action     TEXT   NOT NULL CHECK (action IN ('hide', 'show', 'delete')),
    comment_id BIGINT NOT NULL,
    article    TEXT   NOT NULL
);

CREATE INDEX comments_hidden ON comments (hidden_at) WHERE hidden_at IS NOT NULL;
