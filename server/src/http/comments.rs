//! Comments on articles: list, write, delete with the writer's secret, moderate.

use std::borrow::Cow;
use std::net::IpAddr;

use api_types::{BODY_MAX, Comment, CommentCreated, CommentInput, CommentPage, ErrorBody, ErrorCode, NAME_MAX};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use utoipa::IntoParams;

use super::auth::{self, missing_token, require_admin};
use super::error::ApiError;
use super::extract::{ApiPath, ApiQuery, Bearer, ClientAddr, JsonBody, KnownArticle};
use super::idempotency::{Begun, IDEMPOTENCY_KEY_DOC, IdempotencyKey, Once};
use super::readers::verified;
use crate::AppState;
use crate::db::{self, Deleted, Moderation, NewComment};

/// Who the moderation log names for actions through the API with the admin token.
pub const ADMIN_TOKEN_WHO: &str = "admin token";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next` of the previous page; absent for the first page.
    after: Option<String>,
}

/// An article's comments, oldest first, a page at a time. Hidden ones are left out.
#[utoipa::path(get, path = "/api/articles/{id}/comments", operation_id = "list_comments", tag = "comments",
    params(("id" = String, Path, description = "Article id from the feed"), PageQuery),
    responses(
        (status = 200, body = CommentPage),
        (status = 400, description = "Invalid cursor", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    KnownArticle(article): KnownArticle,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<CommentPage>, ApiError> {
    Ok(Json(db::comments_page(&state.db, &article, query.after.as_deref()).await?))
}

/// Writes a comment. The answer's `secret` is the only way for its writer to delete it.
/// With an `Idempotency-Key`, sending the same request again gets the first answer back
/// (secret included) and stores nothing.
#[utoipa::path(post, path = "/api/articles/{id}/comments", operation_id = "create_comment", tag = "comments",
    params(
        ("id" = String, Path, description = "Article id from the feed"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[A-Za-z0-9_-]{16,64}$",
            description = IDEMPOTENCY_KEY_DOC),
    ),
    request_body = CommentInput,
    responses(
        (status = 201, body = CommentCreated,
            headers(("Idempotent-Replayed" = String, description = "`true` on the answer kept for a repeated key"))),
        (status = 400, description = "Invalid JSON, reader id or Idempotency-Key", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Name or body empty, too long or with characters they may not hold, \
            unknown or missing field; or an Idempotency-Key used before for another request", body = ErrorBody),
        (status = 429, description = "Too many comments; see Retry-After", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    KnownArticle(article): KnownArticle,
    key: IdempotencyKey,
    JsonBody(input): JsonBody<CommentInput>,
) -> Result<Response, ApiError> {
    let reader = verified(&state, &input.reader).await?;
    // Before anything that could refuse a new comment: a repeat is answered regardless.
    let path = format!("/api/articles/{article}/comments");
    let once = match Once::begin(&state, key, reader, "POST", path, &input).await? {
        Begun::Replay(answer) => return Ok(answer),
        Begun::New(once) => once,
    };
    let name = checked_name(&input.name)?;
    let body = checked_body(&input.body)?;
    // Before the honeypot: a bot is limited exactly like a person.
    state.limiters.comment(reader, addr, article.as_str()).map_err(ApiError::rate_limited)?;
    let secret = auth::new_secret()?;
    let (write, comment) = if input.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        // Answered like a success so the bot learns nothing (also when it tries again
        // with its key); only the answer is kept.
        tracing::info!("comment on {article} discarded: honeypot filled in");
        let id = db::likely_next_comment_id(&state.db).await?;
        let comment = Comment { id, name: name.to_string(), body: body.to_string(), created_at: db::now() };
        (state.db.write().await?, comment)
    } else {
        let new = NewComment { article: &article, reader, name, body: &body, secret_hash: &auth::hash(&secret) };
        let mut write = state.db.write().await?;
        let comment = write.add_comment(new).await?;
        (write, comment)
    };
    once.answer(write, StatusCode::CREATED, &CommentCreated { comment, secret }).await
}

/// Trimmed; 1–[`NAME_MAX`] characters on one line, without invisible characters that
/// change how the text around them shows (see [`allowed_in_name`]).
fn checked_name(name: &str) -> Result<&str, ApiError> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(ApiError::invalid(ErrorCode::NameEmpty, "`name` is empty")),
        n if n > NAME_MAX => Err(ApiError::invalid(
            ErrorCode::NameTooLong,
            format!("`name` has {n} characters; at most {NAME_MAX} are allowed"),
        )),
        _ if !name.chars().all(allowed_in_name) => Err(ApiError::invalid(
            ErrorCode::NameInvalid,
            "`name` must be one line without control or invisible formatting characters (such as bidi overrides)",
        )),
        _ => Ok(name),
    }
}

/// A name is shown next to the date and other names: no control characters, line or
/// paragraph separators, or format characters (Unicode category Cf: bidi embeddings,
/// overrides, isolates and marks, zero-width spaces, tags …), which can turn the text
/// after the name around and pass one thing off as another. The two zero-width joiners
/// stay: emoji sequences and some Persian names need them, and they reorder nothing.
fn allowed_in_name(c: char) -> bool {
    match c.general_category() {
        GeneralCategory::Control | GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => false,
        GeneralCategory::Format => matches!(c, '\u{200C}' | '\u{200D}'),
        _ => true,
    }
}

/// Trimmed, with line ends made `\n`; 1–[`BODY_MAX`] characters, no control characters
/// but new lines and tabs. Kept as written otherwise: it is plain text (right-to-left
/// marks included: its paragraphs keep them to themselves).
fn checked_body(body: &str) -> Result<Cow<'_, str>, ApiError> {
    let body = body.trim();
    let body = match body.contains('\r') {
        true => Cow::Owned(body.replace("\r\n", "\n").replace('\r', "\n")),
        false => Cow::Borrowed(body),
    };
    match body.chars().count() {
        0 => Err(ApiError::invalid(ErrorCode::BodyEmpty, "`body` is empty")),
        n if n > BODY_MAX => Err(ApiError::invalid(
            ErrorCode::BodyTooLong,
            format!("`body` has {n} characters; at most {BODY_MAX} are allowed"),
        )),
        _ if body.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) => Err(ApiError::invalid(
            ErrorCode::BodyInvalid,
            "`body` must not hold control characters other than new lines and tabs",
        )),
        _ => Ok(body),
    }
}

/// Deletes a comment: by its writer, with the secret they were given, or by the moderator.
#[utoipa::path(delete, path = "/api/comments/{id}", operation_id = "delete_comment", tag = "comments",
    params(("id" = i64, Path, description = "Comment id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "Invalid id", body = ErrorBody),
        (status = 401, description = "No bearer token", body = ErrorBody),
        (status = 403, description = "Neither the comment's secret nor the moderator's token", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
        (status = 429, description = "Too many wrong tokens from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiPath(id): ApiPath<i64>,
    Bearer(token): Bearer,
) -> Result<StatusCode, ApiError> {
    let token = token.ok_or_else(missing_token)?;
    state.bearer.admit(addr)?;
    if state.admin.as_ref().is_some_and(|admin| admin.matches(&token)) {
        return match db::moderate(&state.db, id, Moderation::Delete, ADMIN_TOKEN_WHO).await? {
            true => {
                log_moderation("deleted a comment", id, addr);
                Ok(StatusCode::NO_CONTENT)
            }
            false => Err(unknown_comment()),
        };
    }
    match db::delete_comment_with_secret(&state.db, id, &auth::hash(&token)).await? {
        Deleted::Yes => Ok(StatusCode::NO_CONTENT),
        // Says nothing about the token: a moderator hears the same of a missing comment.
        Deleted::NoSuchComment => Err(unknown_comment()),
        Deleted::WrongSecret => Err(state.bearer.failed(
            addr,
            ApiError::new(StatusCode::FORBIDDEN, ErrorCode::WrongToken, "that is not this comment's secret"),
        )),
    }
}

/// Moderation is logged: which comment, and from which address.
fn log_moderation(action: &str, comment: i64, addr: Option<IpAddr>) {
    let addr = addr.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    tracing::info!(comment, addr = %addr, "moderator {action}");
}

/// Hides a comment from listings (moderator only).
#[utoipa::path(post, path = "/api/comments/{id}/hide", operation_id = "hide_comment", tag = "moderation",
    params(("id" = i64, Path, description = "Comment id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Hidden"),
        (status = 400, description = "Invalid id", body = ErrorBody),
        (status = 401, description = "No bearer token", body = ErrorBody),
        (status = 403, description = "Not the moderator's token", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
        (status = 429, description = "Too many wrong tokens from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn hide(
    state: State<AppState>,
    addr: ClientAddr,
    id: ApiPath<i64>,
    token: Bearer,
) -> Result<StatusCode, ApiError> {
    set_hidden(state, addr, id, token, true).await
}

/// Shows a hidden comment again (moderator only).
#[utoipa::path(post, path = "/api/comments/{id}/unhide", operation_id = "unhide_comment", tag = "moderation",
    params(("id" = i64, Path, description = "Comment id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Shown again"),
        (status = 400, description = "Invalid id", body = ErrorBody),
        (status = 401, description = "No bearer token", body = ErrorBody),
        (status = 403, description = "Not the moderator's token", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
        (status = 429, description = "Too many wrong tokens from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn unhide(
    state: State<AppState>,
    addr: ClientAddr,
    id: ApiPath<i64>,
    token: Bearer,
) -> Result<StatusCode, ApiError> {
    set_hidden(state, addr, id, token, false).await
}

async fn set_hidden(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiPath(id): ApiPath<i64>,
    Bearer(token): Bearer,
    hidden: bool,
) -> Result<StatusCode, ApiError> {
    require_admin(state.admin.as_ref(), &state.bearer, token.as_deref(), addr)?;
    let action = if hidden { Moderation::Hide } else { Moderation::Show };
    match db::moderate(&state.db, id, action, ADMIN_TOKEN_WHO).await? {
        true => {
            log_moderation(if hidden { "hid a comment" } else { "showed a hidden comment again" }, id, addr);
            Ok(StatusCode::NO_CONTENT)
        }
        false => Err(unknown_comment()),
    }
}

fn unknown_comment() -> ApiError {
    ApiError::not_found(ErrorCode::UnknownComment, "there is no comment with that id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_bodies_count_characters_not_bytes() {
        let code = |r: Result<&str, ApiError>| r.err().map(|e| e.code());
        assert_eq!(code(checked_name(&"ø".repeat(NAME_MAX))), None);
        assert_eq!(code(checked_name(&"ø".repeat(NAME_MAX + 1))), Some(ErrorCode::NameTooLong));
        assert_eq!(code(checked_name(" \t ")), Some(ErrorCode::NameEmpty));
        assert_eq!(code(checked_name("Ann\nBent")), Some(ErrorCode::NameInvalid));
        assert_eq!(checked_name("  Ann  ").ok(), Some("Ann"));
        let code = |r: Result<Cow<'_, str>, ApiError>| r.err().map(|e| e.code());
        assert_eq!(code(checked_body(&"å".repeat(BODY_MAX))), None);
        assert_eq!(code(checked_body(&"å".repeat(BODY_MAX + 1))), Some(ErrorCode::BodyTooLong));
        assert_eq!(code(checked_body(&"å\r\n".repeat(BODY_MAX / 2))), None, "a line end is one character");
        assert_eq!(code(checked_body("\n \n")), Some(ErrorCode::BodyEmpty));
        assert_eq!(checked_body(" <b>hej</b>\n\nlinje 2 ").ok().as_deref(), Some("<b>hej</b>\n\nlinje 2"));
    }

    #[test]
    fn names_keep_letters_and_joiners_but_no_invisible_formatting() {
        for c in ['a', 'Ø', 'ش', '\u{200C}', '\u{200D}', '👩', '\u{FE0F}', ' ', '-', '\''] {
            assert!(allowed_in_name(c), "U+{:04X}", u32::from(c));
        }
        for c in ['\u{202E}', '\u{2066}', '\u{200F}', '\u{200B}', '\u{061C}', '\u{2028}', '\u{0000}', '\u{009B}'] {
            assert!(!allowed_in_name(c), "U+{:04X}", u32::from(c));
        }
    }
}
