//! The editors' desk in SQL: editor accounts, sessions, the moderation log, the comments
//! across all articles and the feedback figures.

use std::collections::HashMap;

use api_types::RATING_MAX;
use sqlx::Row;

use super::{Db, DbError, now, unix_now_ms};

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
    let done = sqlx::query(
        "INSERT INTO editors (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(password_hash)
    .bind(now())
    .execute(db.pool().await?)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes an editor and ends their sessions; false when there is none of that name.
pub async fn remove_editor(db: &Db, name: &str) -> Result<bool, DbError> {
    let done = sqlx::query("DELETE FROM editors WHERE name = $1").bind(name).execute(db.pool().await?).await?;
    Ok(done.rows_affected() == 1)
}

/// Every editor, by name.
pub async fn editors(db: &Db) -> Result<Vec<Editor>, DbError> {
    let rows = sqlx::query("SELECT name, created_at FROM editors ORDER BY name").fetch_all(db.pool().await?).await?;
    rows.iter().map(|row| Ok(Editor { name: row.try_get("name")?, created_at: row.try_get("created_at")? })).collect()
}

pub async fn credentials(db: &Db, name: &str) -> Result<Option<Credentials>, DbError> {
    let row = sqlx::query("SELECT id, name, password_hash FROM editors WHERE name = $1")
        .bind(name)
        .fetch_optional(db.pool().await?)
        .await?;
    row.map(|row| {
        Ok(Credentials {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            password_hash: row.try_get("password_hash")?,
        })
    })
    .transpose()
}

/// Starts a session for editor `editor_id`.
pub async fn start_session(db: &Db, token_hash: &str, editor_id: i64, csrf: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO editor_sessions (token_hash, editor_id, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(editor_id)
    .bind(csrf)
    .bind(now())
    .bind(unix_now_ms())
    .execute(db.pool().await?)
    .await?;
    Ok(())
}

/// The session of this token if it was used within `idle_ms`, which then counts from now.
/// Sessions past their idle limit are deleted (this one and any other).
pub async fn session(db: &Db, token_hash: &str, idle_ms: i64) -> Result<Option<Session>, DbError> {
    let now = unix_now_ms();
    let mut write = db.write().await?;
    sqlx::query("DELETE FROM editor_sessions WHERE last_seen < $1")
        .bind(now.saturating_sub(idle_ms))
        .execute(&mut *write.tx)
        .await?;
    let row = sqlx::query(
        "UPDATE editor_sessions SET last_seen = $1 WHERE token_hash = $2
         RETURNING csrf, (SELECT name FROM editors WHERE editors.id = editor_id) AS editor",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(&mut *write.tx)
    .await?;
    let session =
        row.map(|row| Ok::<_, DbError>(Session { editor: row.try_get("editor")?, csrf: row.try_get("csrf")? }));
    let session = session.transpose()?;
    write.commit().await?;
    Ok(session)
}

pub async fn end_session(db: &Db, token_hash: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM editor_sessions WHERE token_hash = $1").bind(token_hash).execute(db.pool().await?).await?;
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
    let rows = sqlx::query(
        "SELECT id, article, name, body, created_at, hidden_at IS NOT NULL AS hidden FROM comments
         WHERE ($1 IS NULL OR article = $1) AND ($2 = 0 OR hidden_at IS NOT NULL) AND ($3 IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4",
    )
    .bind(filter.article.as_deref())
    .bind(filter.hidden_only)
    .bind(filter.before)
    .bind(i64::from(limit))
    .fetch_all(db.pool().await?)
    .await?;
    rows.iter().map(desk_comment).collect()
}

/// One comment, for the page that asks whether to delete it.
pub async fn comment(db: &Db, id: i64) -> Result<Option<DeskComment>, DbError> {
    let row = sqlx::query(
        "SELECT id, article, name, body, created_at, hidden_at IS NOT NULL AS hidden FROM comments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool().await?)
    .await?;
    row.as_ref().map(desk_comment).transpose()
}

fn desk_comment(row: &sqlx::sqlite::SqliteRow) -> Result<DeskComment, DbError> {
    Ok(DeskComment {
        id: row.try_get("id")?,
        article: row.try_get("article")?,
        name: row.try_get("name")?,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
        hidden: row.try_get("hidden")?,
    })
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
    let rows = sqlx::query("SELECT at, who, action, comment_id, article FROM moderation_log ORDER BY id DESC LIMIT $1")
        .bind(i64::from(limit))
        .fetch_all(db.pool().await?)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(LogEntry {
                at: row.try_get("at")?,
                who: row.try_get("who")?,
                action: row.try_get("action")?,
                comment_id: row.try_get("comment_id")?,
                article: row.try_get("article")?,
            })
        })
        .collect()
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
    let mut tx = db.pool().await?.begin().await?;
    let mut figures: HashMap<String, Figures> = HashMap::new();
    let ratings = sqlx::query("SELECT article, value, COUNT(*) AS n FROM ratings GROUP BY article, value")
        .fetch_all(&mut *tx)
        .await?;
    for row in ratings {
        let value: i64 = row.try_get("value")?;
        let n: i64 = row.try_get("n")?;
        let entry = figures.entry(row.try_get("article")?).or_default();
        if let Some(slot) = usize::try_from(value - 1).ok().and_then(|i| entry.ratings.get_mut(i)) {
            *slot = u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    let comments = sqlx::query("SELECT article, COUNT(*) AS n FROM comments WHERE hidden_at IS NULL GROUP BY article")
        .fetch_all(&mut *tx)
        .await?;
    for row in comments {
        let n: i64 = row.try_get("n")?;
        figures.entry(row.try_get("article")?).or_default().comments = u32::try_from(n).unwrap_or(u32::MAX);
    }
    tx.commit().await?;
    Ok(figures)
}
