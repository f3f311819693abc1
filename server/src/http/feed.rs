//! `GET /feed.json` and `GET /feed/…`: the published feed (see `publish.rs`): the paged
//! JSON Feed and the page files the app fetches. The feed files in the content directory
//! are their source; this is what readers get.

use std::sync::{Arc, Mutex, PoisonError};

use api_types::ErrorCode;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beboerblad::feed::FeedError;
use headers::{ETag, HeaderMapExt, IfNoneMatch};
use tokio::sync::OnceCell;

use super::brotli;
use super::error::ApiError;
use crate::AppState;
use crate::content::{Content, Edition};

const CONTENT_TYPE: &str = "application/feed+json; charset=utf-8";
/// Clients ask every time and mostly hear "304 Not Modified".
const CACHE_CONTROL: HeaderValue = HeaderValue::from_static("no-cache");

pub async fn feed(State(state): State<AppState>, request: HeaderMap) -> Response {
    let content = &state.content;
    let edition = match content.fresh_edition().await {
        Ok(edition) => edition,
        Err(e) => return unavailable(content, &e).into_response(),
    };
    let digest = &edition.published.digest;
    let compressed = match brotli::accepted(&request) {
        true => state.compressed_feed.get(&edition).await,
        false => None,
    };
    // Strong: the tag names these exact bytes, the brotli ones a tag of their own (the
    // feed is never served in byte ranges).
    match compressed {
        Some(body) => answer(&format!("\"{digest}-br\""), body, true, &request),
        None => answer(&format!("\"{digest}\""), edition.published.json.clone(), false, &request),
    }
}

/// A feed file's answer: its bytes (`compressed` with brotli or not) under its strong
/// `tag`, or "304 Not Modified" when the client holds them.
fn answer(tag: &str, body: Bytes, compressed: bool, request: &HeaderMap) -> Response {
    let etag: Option<ETag> = tag.parse().ok();
    let mut response = match (&etag, request.typed_get::<IfNoneMatch>()) {
        (Some(etag), Some(condition)) if !condition.precondition_passes(etag) => {
            StatusCode::NOT_MODIFIED.into_response()
        }
        _ if compressed => {
            ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CONTENT_ENCODING, "br")], body).into_response()
        }
        _ => ([(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, CACHE_CONTROL);
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(etag) = etag {
        headers.typed_insert(etag);
    }
    response
}

/// One file of the published feed below `feed/` (a later page of the paged feed, or a
/// page file): made from the magazine in memory once per edition (see `feed_files.rs`),
/// answered with a strong tag of its bytes.
pub async fn file(State(state): State<AppState>, Path(name): Path<String>, request: HeaderMap) -> Response {
    let content = &state.content;
    let edition = match content.fresh_edition().await {
        Ok(edition) => edition,
        Err(e) => return unavailable(content, &e).into_response(),
    };
    let name = format!("{}/{name}", beboerblad::route::PAGE_FILES);
    let file = match state.feed_files.get(&edition.magazine, &name) {
        Some(file) => file,
        None => {
            // A page of the paged feed serialises a hundred bodies: off the async threads.
            let (magazine, wanted) = (edition.magazine.clone(), name.clone());
            let made = tokio::task::spawn_blocking(move || crate::publish::file(&magazine, &wanted)).await;
            match made.unwrap_or_else(|e| Some(Err(serde_json::Error::io(std::io::Error::other(e))))) {
                Some(Ok(json)) => state.feed_files.insert(&edition.magazine, name.clone(), json),
                Some(Err(e)) => {
                    tracing::error!("{name} cannot be published: {e}");
                    return ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        ErrorCode::Internal,
                        "the file cannot be made",
                    )
                    .into_response();
                }
                None => {
                    return ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "no such file in the feed")
                        .into_response();
                }
            }
        }
    };
    if brotli::accepted(&request) {
        brotli::compress_once(&file, &name).await;
        if let Some(body) = file.brotli() {
            return answer(&file.brotli_tag(), body, true, &request);
        }
    }
    answer(&file.tag, file.json.clone(), false, &request)
}

/// The published feed compressed with brotli, once per edition (the best quality takes
/// a while; a feed of thousands of articles is megabytes).
#[derive(Default)]
pub struct CompressedFeed(Mutex<Option<(String, Arc<OnceCell<Bytes>>)>>);

impl CompressedFeed {
    /// `edition`'s feed compressed; `None` if compressing failed (it is sent as it is).
    async fn get(&self, edition: &Edition) -> Option<Bytes> {
        let digest = &edition.published.digest;
        let cell = {
            let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            match &*kept {
                Some((d, cell)) if d == digest => cell.clone(),
                _ => {
                    let cell = Arc::new(OnceCell::new());
                    *kept = Some((digest.clone(), cell.clone()));
                    cell
                }
            }
        };
        let json = edition.published.json.clone();
        let compressed = cell
            .get_or_try_init(|| async move {
                tokio::task::spawn_blocking(move || Bytes::from(brotli::compress(&json))).await
            })
            .await;
        match compressed {
            Ok(bytes) => Some(bytes.clone()),
            Err(e) => {
                tracing::error!("compressing the feed failed: {e}");
                None
            }
        }
    }
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
