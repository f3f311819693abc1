//! `GET /api/search?q=…`: the articles that match a query, from the edition's index.

use api_types::{ErrorBody, ErrorCode, SEARCH_HITS_MAX, SEARCH_QUERY_MAX, SearchResults};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::ApiQuery;
use super::feed::unavailable;
use crate::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to look for (Danish-aware: case, æ/ø/å or aa/oe/ae, inflections and
    /// beginnings of words). Absent or without words: no hits.
    #[param(max_length = 200)]
    q: Option<String>,
}

/// Searches the articles: every word of the query must match (in the title, the lead or
/// the text). Title matches come first, then the lead's, then the more frequent; ties
/// newest first. Each hit has a snippet of the text with the matched words marked.
#[utoipa::path(get, path = "/api/search", operation_id = "search", tag = "search",
    params(SearchQuery),
    responses(
        (status = 200, body = SearchResults),
        (status = 400, description = "The query is longer than 200 characters (`query_too_long`), \
            or the query string is not valid", body = ErrorBody),
        (status = 503, description = "The feed cannot be read", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>, ApiError> {
    let q = query.q.unwrap_or_default();
    Ok(Json(run(&state, q).await?))
}

/// The search behind the API and the `/soeg` page.
pub async fn run(state: &AppState, q: String) -> Result<SearchResults, ApiError> {
    if q.chars().count() > SEARCH_QUERY_MAX {
        return Err(ApiError::bad_request(
            ErrorCode::QueryTooLong,
            format!("the query may have at most {SEARCH_QUERY_MAX} characters"),
        ));
    }
    let edition = state.content.fresh_edition().await.map_err(|e| unavailable(&state.content, &e))?;
    // Milliseconds of work at most, but not on the threads that serve requests.
    tokio::task::spawn_blocking(move || edition.index.search(&q, SEARCH_HITS_MAX)).await.map_err(|e| {
        tracing::error!("search failed: {e}");
        ApiError::internal()
    })
}
