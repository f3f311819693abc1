//! Weak ETags for files (tower-http's ServeDir sends Last-Modified only), so clients
//! can revalidate with If-None-Match as well as If-Modified-Since.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::auth::hex;

/// A file the server writes or reads whole (`sw.js`, the manifest), with a strong ETag
/// made from its bytes and revalidated on every use (`no-cache`): a validator from the
/// file's time and size can say "not modified" after a deploy that kept both, and
/// readers would keep the old file.
pub fn by_content(bytes: Vec<u8>, request: &HeaderMap, content_type: HeaderValue) -> Response<Body> {
    let digest = Sha256::digest(&bytes);
    let tag = format!("\"{}\"", hex(&digest[..12]));
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag));
    let mut response =
        if matches { StatusCode::NOT_MODIFIED.into_response() } else { Body::from(bytes).into_response() };
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if !matches {
        headers.insert(header::CONTENT_TYPE, content_type);
    }
    response
}

pub async fn etag(request: Request, next: Next) -> Response {
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) {
        return response;
    }
    let headers = response.headers();
    let (Some(modified), Some(length)) = (headers.get(header::LAST_MODIFIED), headers.get(header::CONTENT_LENGTH))
    else {
        return response;
    };
    let encoding = headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let tag = format!("W/\"{:x}-{}{encoding}\"", fnv(modified.as_bytes()), length.to_str().unwrap_or("0"));
    let Ok(value) = HeaderValue::from_str(&tag) else {
        return response;
    };
    let matches = if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if matches {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::CACHE_CONTROL, header::LAST_MODIFIED, header::VARY] {
            if let Some(v) = response.headers().get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        not_modified.headers_mut().insert(header::ETAG, value);
        return not_modified;
    }
    response.headers_mut().insert(header::ETAG, value);
    response
}

/// FNV-1a: a stable, dependency-free fingerprint of the modification time.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
