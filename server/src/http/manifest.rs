//! `/manifest.webmanifest`, the build's web app manifest with the deployment's identity:
//! `id` is the base path. Browsers resolve a manifest's `id` against the origin (not the
//! manifest's address), so the build cannot write it: a reader served under
//! `/skraeppebladet/` and another magazine's under `/andet-blad/` on the same site are two
//! apps, and each is the same app wherever its `start_url` moves below its base.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response};
use beboerblad::site::BasePath;
use serde_json::{Map, Value};

use super::etag;

pub const PATH: &str = "/manifest.webmanifest";
const TYPE: HeaderValue = HeaderValue::from_static("application/manifest+json");

/// Serves `file` with `id` set to `base`; `None` when the build has no manifest. A file
/// that is not a JSON object is sent as it is (and logged): the browser's manifest
/// errors then say what is wrong with the build's file.
pub async fn serve(file: PathBuf, base: &BasePath, request: HeaderMap) -> Option<Response<Body>> {
    let bytes = tokio::fs::read(&file).await.ok()?;
    let bytes = match serde_json::from_slice::<Map<String, Value>>(&bytes) {
        Ok(mut manifest) => {
            manifest.insert("id".into(), Value::from(base.as_str()));
            serde_json::to_vec(&manifest).unwrap_or(bytes)
        }
        Err(error) => {
            tracing::error!("{} is not a web app manifest (a JSON object): {error}", file.display());
            bytes
        }
    };
    Some(etag::by_content(bytes, &request, TYPE))
}
