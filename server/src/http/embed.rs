//! The two files of embedding: `embed.js` (one source, `public/embed.js`: the snippet's
//! script on the host page and the reporter inside the reader's embed pages) and
//! `embed.css`, the embedding site's colours and fonts (see `theme.rs`).

use std::sync::LazyLock;

use crate::embed::Embed;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use headers::{ETag, HeaderMapExt, IfNoneMatch};
use sha2::{Digest, Sha256};

use crate::theme;

const SCRIPT: &str = include_str!("../../../public/embed.js");

/// Host pages link the script by a fixed name, so browsers ask each time ("304" mostly).
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
/// The stylesheet is a function of its query (the allowlists change only with a release).
const THEME_CACHE: HeaderValue = HeaderValue::from_static("public, max-age=86400");

static SCRIPT_ETAG: LazyLock<Option<ETag>> = LazyLock::new(|| {
    let digest: String = Sha256::digest(SCRIPT.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{digest}\"").parse().ok()
});

pub async fn script(request: HeaderMap) -> Response {
    let etag = SCRIPT_ETAG.clone();
    let mut response = match (&etag, request.typed_get::<IfNoneMatch>()) {
        (Some(etag), Some(condition)) if !condition.precondition_passes(etag) => {
            StatusCode::NOT_MODIFIED.into_response()
        }
        _ => ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response(),
    };
    response.headers_mut().insert(header::CACHE_CONTROL, NO_CACHE);
    if let Some(etag) = etag {
        response.headers_mut().typed_insert(etag);
    }
    response
}

/// `embed.css?accent=…&font=…`: custom properties for the allowed, readable values;
/// anything else in the query is ignored.
pub async fn theme(RawQuery(query): RawQuery) -> Response {
    // The options without the host origin: a placeholder makes them parse alike.
    let query = format!("embed=https://host.invalid&{}", query.unwrap_or_default());
    let css = Embed::from_query(&query).map(|embed| theme::stylesheet(&embed)).unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, THEME_CACHE),
        ],
        css,
    )
        .into_response()
}
