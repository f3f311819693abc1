-- The editors' desk (/redaktion): editor accounts, their sign-in sessions, and the record
-- of every moderation action.

CREATE TABLE editors (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Unique whatever the case: "Hanne" and "hanne" are one editor.
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    -- Argon2id in the PHC string format (algorithm, parameters, salt and hash).
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here, so
-- a copy of the database signs no one in. Removing an editor ends their sessions.
CREATE TABLE editor_sessions (
    token_hash TEXT    PRIMARY KEY,
    editor_id  INTEGER NOT NULL REFERENCES editors (id) ON DELETE CASCADE,
    -- The session's CSRF token, sent back by every form of the desk.
    csrf       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    -- Milliseconds since 1970 of the last request: a session unused for longer than the
    -- idle limit has ended.
    last_seen  INTEGER NOT NULL
);

CREATE INDEX editor_sessions_by_editor ON editor_sessions (editor_id);

-- Who hid, showed or deleted which comment, and when: by an editor on the desk (their
-- name, kept after the account is removed) or through the API with the admin token.
CREATE TABLE moderation_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT    NOT NULL,
    who        TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('hide', 'show', 'delete')),
    comment_id INTEGER NOT NULL,
    article    TEXT    NOT NULL
);

-- The desk lists comments newest first, also only the hidden ones.
CREATE INDEX comments_hidden ON comments (hidden_at) WHERE hidden_at IS NOT NULL;
