//! `/sw.js`, the service worker, validated by its content. Browsers look for a new
//! worker with a conditional request; a validator made from the file's time and size (what
//! the other files get) can say "not modified" after a deploy that kept both — a build
//! written in the same second, or files with fixed times — and readers would keep the
//! old version. A hash of the bytes cannot.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};

use super::auth::hex;

pub const PATH: &str = "/sw.js";

/// Serves `file` (the build's `sw.js`); `None` when the build has none (then the
/// not-found page answers, as for any missing file).
pub async fn serve(file: PathBuf, request: HeaderMap) -> Option<Response<Body>> {
    let bytes = tokio::fs::read(&file).await.ok()?;
    let digest = Sha256::digest(&bytes);
    let tag = format!("\"{}\"", hex(&digest[..12]));
    let tag = HeaderValue::from_str(&tag).ok()?;
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag.to_str().unwrap_or_default()));
    let mut response =
        if matches { StatusCode::NOT_MODIFIED.into_response() } else { Body::from(bytes).into_response() };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if !matches {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript"));
    }
    Some(response)
}
