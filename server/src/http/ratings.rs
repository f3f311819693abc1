//! Ratings of articles: 1–5 stars, one per reader per article, changeable and withdrawable.

use api_types::{ErrorBody, ErrorCode, RATING_MAX, RATING_MIN, RatingDelete, RatingInput, RatingSummary};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::{ApiQuery, ClientAddr, JsonBody, KnownArticle, reader_id};
use crate::{AppState, db};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReaderQuery {
    /// The asking reader's id, to get their own rating back as `mine`.
    reader: Option<String>,
}

/// The ratings of an article.
#[utoipa::path(get, path = "/api/articles/{id}/rating", operation_id = "get_rating", tag = "ratings",
    params(("id" = String, Path, description = "Article id from the feed"), ReaderQuery),
    responses(
        (status = 200, body = RatingSummary),
        (status = 400, description = "Invalid reader id", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    KnownArticle(article): KnownArticle,
    ApiQuery(query): ApiQuery<ReaderQuery>,
) -> Result<Json<RatingSummary>, ApiError> {
    let reader = query.reader.as_deref().map(reader_id).transpose()?;
    Ok(Json(db::rating_summary(&state.db, &article, reader).await?))
}

/// Sets the reader's rating, replacing an earlier one.
#[utoipa::path(put, path = "/api/articles/{id}/rating", operation_id = "set_rating", tag = "ratings",
    params(("id" = String, Path, description = "Article id from the feed")),
    request_body = RatingInput,
    responses(
        (status = 200, description = "The ratings, with the reader's own as `mine`", body = RatingSummary),
        (status = 400, description = "Invalid JSON or reader id", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Value out of range, unknown or missing field", body = ErrorBody),
        (status = 429, description = "Too many ratings; see Retry-After", body = ErrorBody),
    ))]
pub async fn set(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    KnownArticle(article): KnownArticle,
    JsonBody(input): JsonBody<RatingInput>,
) -> Result<Json<RatingSummary>, ApiError> {
    let reader = reader_id(&input.reader)?;
    if !(RATING_MIN..=RATING_MAX).contains(&input.value) {
        return Err(ApiError::invalid(ErrorCode::ValueOutOfRange, "`value` must be a whole number from 1 to 5"));
    }
    state.limiters.ratings.check(reader, addr).map_err(ApiError::rate_limited)?;
    db::set_rating(&state.db, &article, reader, input.value).await?;
    Ok(Json(db::rating_summary(&state.db, &article, Some(reader)).await?))
}

/// Withdraws the reader's rating. The reader id comes in the body or, for clients that
/// send no body with DELETE, as `?reader=`; the body wins when both are given.
#[utoipa::path(delete, path = "/api/articles/{id}/rating", operation_id = "delete_rating", tag = "ratings",
    params(("id" = String, Path, description = "Article id from the feed"), ReaderQuery),
    request_body(content = Option<RatingDelete>, description = "Optional when `?reader=` is given"),
    responses(
        (status = 200, description = "The ratings, without the reader's", body = RatingSummary),
        (status = 400, description = "Missing or invalid reader id, invalid JSON", body = ErrorBody),
        (status = 404, description = "Unknown article", body = ErrorBody),
        (status = 415, description = "A body that is not JSON", body = ErrorBody),
        (status = 429, description = "Too many ratings; see Retry-After", body = ErrorBody),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    KnownArticle(article): KnownArticle,
    ApiQuery(query): ApiQuery<ReaderQuery>,
    body: Option<JsonBody<RatingDelete>>,
) -> Result<Json<RatingSummary>, ApiError> {
    let reader = body.map(|JsonBody(b)| b.reader).or(query.reader).ok_or_else(|| {
        ApiError::bad_request(ErrorCode::MissingReader, "give the reader id as {\"reader\": …} or ?reader=")
    })?;
    let reader = reader_id(&reader)?;
    state.limiters.ratings.check(reader, addr).map_err(ApiError::rate_limited)?;
    db::delete_rating(&state.db, &article, reader).await?;
    Ok(Json(db::rating_summary(&state.db, &article, Some(reader)).await?))
}
