//! The editors' desk in SQL: editor accounts, sessions, the moderation log, the comments
//! across all articles and the feedback figures.

use std::collections::HashMap;

use api_types::RATING_MAX;

use super::{Db, DbError, now, on_pool, on_tx, unix_now_ms};

/// An editor's account as listed (`list-editors`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub name: String,
    pub created_at: String,
}

/// What signing in checks a password against.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub id: i64,
    /// As stored (the case it was created with).
    pub name: String,
    pub password_hash: String,
}

/// A signed-in editor's session, still within its idle limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub editor: String,
    pub csrf: String,
}

/// Adds an editor; false when one of that name (in any case) exists.
pub async fn add_editor(db: &Db, name: &str, password_hash: &str) -> Result<bool, DbError> {
    let done = on_pool!(db.pool().await?, |pool| {
        sqlx::query(
            "INSERT INTO editors (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now())
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(done == 1)
}

/// Removes an editor and ends their sessions; false when there is none of that name.
pub async fn remove_editor(db: &Db, name: &str) -> Result<bool, DbError> {
    let done = on_pool!(db.pool().await?, |pool| {
        sqlx::query("DELETE FROM editors WHERE name = $1").bind(name).execute(pool).await?.rows_affected()
    });
    Ok(done == 1)
}

/// Every editor, by name.
pub async fn editors(db: &Db) -> Result<Vec<Editor>, DbError> {
    let rows: Vec<(String, String)> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as("SELECT name, created_at FROM editors ORDER BY name").fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(|(name, created_at)| Editor { name, created_at }).collect())
}

pub async fn credentials(db: &Db, name: &str) -> Result<Option<Credentials>, DbError> {
    let row: Option<(i64, String, String)> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as("SELECT id, name, password_hash FROM editors WHERE name = $1")
            .bind(name)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(|(id, name, password_hash)| Credentials { id, name, password_hash }))
}

/// Starts a session for editor `editor_id`.
pub async fn start_session(db: &Db, token_hash: &str, editor_id: i64, csrf: &str) -> Result<(), DbError> {
    on_pool!(db.pool().await?, |pool| {
        sqlx::query(
            "INSERT INTO editor_sessions (token_hash, editor_id, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(editor_id)
        .bind(csrf)
        .bind(now())
        .bind(unix_now_ms())
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(())
}

/// The session of this token if it was used within `idle_ms`, which then counts from now.
/// Sessions past their idle limit are deleted (this one and any other).
pub async fn session(db: &Db, token_hash: &str, idle_ms: i64) -> Result<Option<Session>, DbError> {
    let now = unix_now_ms();
    let mut write = db.write().await?;
    let row: Option<(String, String)> = on_tx!(write.tx()?, |conn| {
        sqlx::query("DELETE FROM editor_sessions WHERE last_seen < $1")
            .bind(now.saturating_sub(idle_ms))
            .execute(&mut *conn)
            .await?;
        sqlx::query_as(
            "UPDATE editor_sessions SET last_seen = $1 WHERE token_hash = $2
             RETURNING csrf, (SELECT name FROM editors WHERE editors.id = editor_id) AS editor",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *conn)
        .await?
    });
    write.commit().await?;
    Ok(row.map(|(csrf, editor)| Session { editor, csrf }))
}

pub async fn end_session(db: &Db, token_hash: &str) -> Result<(), DbError> {
    on_pool!(db.pool().await?, |pool| {
        sqlx::query("DELETE FROM editor_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(())
}

/// A comment as the desk lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskComment {
    pub id: i64,
    pub article: String,
    pub name: String,
    pub body: String,
    pub created_at: String,
    pub hidden: bool,
}

/// Which comments the desk lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentFilter {
    pub article: Option<String>,
    pub hidden_only: bool,
    /// Older than this id (the next page).
    pub before: Option<i64>,
}

/// Up to `limit` comments across all articles, newest first.
pub async fn comments(db: &Db, filter: &CommentFilter, limit: u32) -> Result<Vec<DeskComment>, DbError> {
    let rows: Vec<DeskCommentRow> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as(
            "SELECT id, article, name, body, created_at, hidden_at IS NOT NULL AS hidden FROM comments
             WHERE ($1 IS NULL OR article = $1) AND (NOT $2 OR hidden_at IS NOT NULL) AND ($3 IS NULL OR id < $3)
             ORDER BY id DESC LIMIT $4",
        )
        .bind(filter.article.as_deref())
        .bind(filter.hidden_only)
        .bind(filter.before)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().map(desk_comment).collect())
}

/// One comment, for the page that asks whether to delete it.
pub async fn comment(db: &Db, id: i64) -> Result<Option<DeskComment>, DbError> {
    let row: Option<DeskCommentRow> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as(
            "SELECT id, article, name, body, created_at, hidden_at IS NOT NULL AS hidden FROM comments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(desk_comment))
}

/// `id, article, name, body, created_at, hidden`.
type DeskCommentRow = (i64, String, String, String, String, bool);

fn desk_comment((id, article, name, body, created_at, hidden): DeskCommentRow) -> DeskComment {
    DeskComment { id, article, name, body, created_at, hidden }
}

/// One entry of the moderation log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub at: String,
    pub who: String,
    /// `hide`, `show` or `delete`.
    pub action: String,
    pub comment_id: i64,
    pub article: String,
}

/// The newest `limit` entries of the moderation log, newest first.
pub async fn log(db: &Db, limit: u32) -> Result<Vec<LogEntry>, DbError> {
    let rows: Vec<(String, String, String, i64, String)> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as("SELECT at, who, action, comment_id, article FROM moderation_log ORDER BY id DESC LIMIT $1")
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .map(|(at, who, action, comment_id, article)| LogEntry { at, who, action, comment_id, article })
        .collect())
}

/// An article's ratings (how many of each value, 1 to 5) and visible comments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub ratings: [u32; RATING_MAX as usize],
    pub comments: u32,
}

/// The figures of every article that has ratings or comments, by article id.
pub async fn figures(db: &Db) -> Result<HashMap<String, Figures>, DbError> {
    // One read transaction: ratings and comments from the same snapshot.
    let mut tx = db.read().await?;
    // (article, value, count) and (article, count).
    type Counts = (Vec<(String, i64, i64)>, Vec<(String, i64)>);
    let (ratings, comments): Counts = on_tx!(&mut tx, |conn| {
        let ratings = sqlx::query_as("SELECT article, value, COUNT(*) AS n FROM ratings GROUP BY article, value")
            .fetch_all(&mut *conn)
            .await?;
        let comments =
            sqlx::query_as("SELECT article, COUNT(*) AS n FROM comments WHERE hidden_at IS NULL GROUP BY article")
                .fetch_all(&mut *conn)
                .await?;
        (ratings, comments)
    });
    tx.commit().await?;
    let mut figures: HashMap<String, Figures> = HashMap::new();
    for (article, value, n) in ratings {
        let entry = figures.entry(article).or_default();
        if let Some(slot) = usize::try_from(value - 1).ok().and_then(|i| entry.ratings.get_mut(i)) {
            *slot = u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    for (article, n) in comments {
        figures.entry(article).or_default().comments = u32::try_from(n).unwrap_or(u32::MAX);
    }
    Ok(figures)
}
