//! `/sw.js`, the service worker, validated by its content. Browsers look for a new
//! worker with a conditional request; a validator made from the file's time and size (what
//! the other files get) can say "not modified" after a deploy that kept both — a build
//! written in the same second, or files with fixed times — and readers would keep the
//! old version. A hash of the bytes cannot.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response};

use super::etag;

pub const PATH: &str = "/sw.js";

/// Serves `file` (the build's `sw.js`); `None` when the build has none (then the
/// not-found page answers, as for any missing file).
pub async fn serve(file: PathBuf, request: HeaderMap) -> Option<Response<Body>> {
    let bytes = tokio::fs::read(&file).await.ok()?;
    Some(etag::by_content(bytes, &request, HeaderValue::from_static("text/javascript")))
}
