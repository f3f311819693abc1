//! `GET /feed.json`: the magazine as one normalised JSON Feed (see `publish.rs`). The
//! feed files in the content directory are its source; this is what readers get.

use std::sync::Arc;

use api_types::ErrorCode;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beboerblad::feed::FeedError;
use headers::{ETag, HeaderMapExt, IfNoneMatch};

use super::error::ApiError;
use crate::content::Content;

const CONTENT_TYPE: &str = "application/feed+json; charset=utf-8";
/// Clients ask every time and mostly hear "304 Not Modified".
const CACHE_CONTROL: HeaderValue = HeaderValue::from_static("no-cache");

pub async fn feed(State(content): State<Arc<Content>>, request: HeaderMap) -> Response {
    let edition = match content.fresh_edition().await {
        Ok(edition) => edition,
        Err(e) => return unavailable(&content, &e).into_response(),
    };
    // Strong: the tag names these exact bytes (before compression, which adds
    // `Vary: Accept-Encoding`; the feed is never served in byte ranges).
    let etag: Option<ETag> = format!("\"{}\"", edition.published.digest).parse().ok();
    let mut response = match (&etag, request.typed_get::<IfNoneMatch>()) {
        (Some(etag), Some(condition)) if !condition.precondition_passes(etag) => {
            StatusCode::NOT_MODIFIED.into_response()
        }
        _ => ([(header::CONTENT_TYPE, CONTENT_TYPE)], edition.published.json.clone()).into_response(),
    };
    response.headers_mut().insert(header::CACHE_CONTROL, CACHE_CONTROL);
    if let Some(etag) = etag {
        response.headers_mut().typed_insert(etag);
    }
    response
}

/// The API's answer while no feed was ever read (logged: it needs an editor's attention).
pub fn unavailable(content: &Content, e: &FeedError) -> ApiError {
    tracing::error!("the feed in {} cannot be read: {e}", content.dir().display());
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::FeedUnavailable,
        "the magazine cannot be read right now; try again later",
    )
}
