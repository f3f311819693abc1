//! Ratings of articles: 1–5 stars, one per reader per article, changeable and withdrawable.

use api_types::{ErrorBody, ErrorCode, RATING_MAX, RATING_MIN, RatingDelete, RatingInput, RatingSummary};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::error::ApiError;
use super::extract::{ApiQuery, ClientAddr, JsonBody, KnownArticle};
use super::idempotency::{Begun, IDEMPOTENCY_KEY_DOC, IdempotencyKey, Once};
use super::readers::{self, ReaderHeader, verified};
use crate::{AppState, db};

/// The query string of the rating endpoints: nothing of ours. The reader id was once
/// accepted as `?reader=`; it is refused now, so no client leaks it into logs.
#[derive(Debug, Deserialize)]
pub struct RatingQuery {
    reader: Option<String>,
}

impl RatingQuery {
    fn without_reader(self) -> Result<(), ApiError> {
        match self.reader {
            Some(_) => Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "never put the reader id in the URL: send it in the Beboerblad-Reader header (GET) or the body",
            )),
            None => Ok(()),
        }
    }
}

/// The ratings of an article, with the reader's own when their id is in the header.
#[utoipa::path(get, path = "/api/articles/{id}/rating", operation_id = "get_rating", tag = "ratings",
    params(
        ("id" = String, Path, description = "Article id from the feed"),
        ("Beboerblad-Reader" = Option<String>, Header,
            description = "The asking reader's id (from `POST /api/readers`), to get their own rating back as `mine`"),
    ),
    responses(
        (status = 200, body = RatingSummary),
        (status = 400, description = "Invalid reader id, or one in the query string", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    KnownArticle(article): KnownArticle,
    ApiQuery(query): ApiQuery<RatingQuery>,
    ReaderHeader(reader): ReaderHeader,
) -> Result<Json<RatingSummary>, ApiError> {
    query.without_reader()?;
    let reader = match reader.as_deref() {
        Some(reader) => Some(verified(&state, reader).await?),
        None => None,
    };
    Ok(Json(db::rating_summary(&state.db, &article, reader).await?))
}

/// Sets the reader's rating, replacing an earlier one. With an `Idempotency-Key`, sending
/// the same request again gets the first answer back (the ratings as they were then) and
/// changes nothing.
#[utoipa::path(put, path = "/api/articles/{id}/rating", operation_id = "set_rating", tag = "ratings",
    params(
        ("id" = String, Path, description = "Article id from the feed"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[A-Za-z0-9_-]{16,64}$",
            description = IDEMPOTENCY_KEY_DOC),
    ),
    request_body = RatingInput,
    responses(
        (status = 200, description = "The ratings, with the reader's own as `mine`", body = RatingSummary,
            headers(("Idempotent-Replayed" = String, description = "`true` on the answer kept for a repeated key"))),
        (status = 400, description = "Invalid JSON, reader id or Idempotency-Key", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Value out of range, unknown or missing field; or an Idempotency-Key used \
            before for another request", body = ErrorBody),
        (status = 429, description = "Too many ratings, or as many new voters from this network as it may \
            bring to this article today; see Retry-After", body = ErrorBody),
    ))]
pub async fn set(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    KnownArticle(article): KnownArticle,
    key: IdempotencyKey,
    JsonBody(input): JsonBody<RatingInput>,
) -> Result<Response, ApiError> {
    let reader = verified(&state, &input.reader).await?;
    // Before the limits and the cap on new voters: a repeat is answered regardless.
    let path = format!("/api/articles/{article}/rating");
    let once = match Once::begin(&state, key, reader, "PUT", path, &input).await? {
        Begun::Replay(answer) => return Ok(answer),
        Begun::New(once) => once,
    };
    if !(RATING_MIN..=RATING_MAX).contains(&input.value) {
        return Err(ApiError::invalid(ErrorCode::ValueOutOfRange, "`value` must be a whole number from 1 to 5"));
    }
    state.limiters.ratings.check(reader, addr).map_err(ApiError::rate_limited)?;
    let mut write = state.db.write().await?;
    readers::rate(&state, &mut write, addr, &article, reader, input.value).await?;
    // In the same transaction: the answer kept with the key is the one sent.
    let summary = write.rating_summary(&article, Some(reader)).await?;
    once.answer(write, StatusCode::OK, &summary).await
}

/// Withdraws the reader's rating.
#[utoipa::path(delete, path = "/api/articles/{id}/rating", operation_id = "delete_rating", tag = "ratings",
    params(("id" = String, Path, description = "Article id from the feed")),
    request_body = RatingDelete,
    responses(
        (status = 200, description = "The ratings, without the reader's", body = RatingSummary),
        (status = 400, description = "Missing or invalid reader id, invalid JSON, a reader id in the query string",
            body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "A body that is not JSON", body = ErrorBody),
        (status = 422, description = "An unknown or missing field (`reader`)", body = ErrorBody),
        (status = 429, description = "Too many ratings; see Retry-After", body = ErrorBody),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    KnownArticle(article): KnownArticle,
    ApiQuery(query): ApiQuery<RatingQuery>,
    body: Option<JsonBody<RatingDelete>>,
) -> Result<Json<RatingSummary>, ApiError> {
    query.without_reader()?;
    let Some(JsonBody(RatingDelete { reader })) = body else {
        return Err(ApiError::bad_request(ErrorCode::MissingReader, "give the reader id as {\"reader\": …}"));
    };
    let reader = verified(&state, &reader).await?;
    state.limiters.ratings.check(reader, addr).map_err(ApiError::rate_limited)?;
    db::delete_rating(&state.db, &article, reader).await?;
    Ok(Json(db::rating_summary(&state.db, &article, Some(reader)).await?))
}
