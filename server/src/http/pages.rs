//! Every page route answers with the real page, rendered by the app's components.

use std::collections::HashMap;
use std::sync::Arc;

use api_types::{SEARCH_QUERY_MAX, SearchResults};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};

use beboerblad::model::{ArticleId, Magazine};
use beboerblad::page_data::Feedback;
use beboerblad::route::{Page, SEARCH_QUERY};

use super::brotli;
use super::security::Nonce;
use crate::{AppState, db};

pub async fn page(
    State(state): State<AppState>,
    Extension(nonce): Extension<Nonce>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let magazine = state.content.fresh().await;
    if let Err(e) = &magazine {
        tracing::error!("the feed in {} cannot be read: {e}", state.content.dir().display());
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let page = Page::parse(uri.path());
    let feedback = match (&magazine, &page) {
        (Ok(m), Page::Article(id)) if m.article(id).is_some() => Some(feedback(&state, id).await),
        _ => None,
    };
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let magazine = match magazine {
        Ok(magazine) if page != Page::Search => {
            return cached(&state, &magazine, target, host, feedback, &nonce, &headers).await;
        }
        other => other,
    };
    let search = match (&magazine, page) {
        (Ok(_), Page::Search) => search(&state, &uri).await,
        _ => None,
    };
    let rendered = state.pages.render(target, host, magazine.as_deref(), feedback, search);
    let status = match (&magazine, rendered.found) {
        (Err(_), _) => StatusCode::SERVICE_UNAVAILABLE,
        (Ok(_), true) => StatusCode::OK,
        (Ok(_), false) => StatusCode::NOT_FOUND,
    };
    html(&state, status, rendered.page.fill(nonce.as_str()).into(), None)
}

/// A page of the feed as read (not a search page), from the cache or rendered into it:
/// brotli-compressed as kept when the client takes that.
async fn cached(
    state: &AppState,
    magazine: &Arc<Magazine>,
    target: &str,
    host: Option<&str>,
    feedback: Option<Feedback>,
    nonce: &Nonce,
    headers: &HeaderMap,
) -> Response {
    let key = state.pages.key(target, host);
    let shown = feedback.as_ref().map(|f| serde_json::to_string(f).unwrap_or_default());
    let page = match state.page_cache.get(magazine, &key, shown.as_deref()) {
        Some(page) => page,
        None => {
            let rendered = state.pages.render(target, host, Ok(magazine), feedback, None);
            state.page_cache.insert(magazine, key, rendered.found, shown, rendered.page)
        }
    };
    let status = if page.found { StatusCode::OK } else { StatusCode::NOT_FOUND };
    if brotli::accepted(headers) {
        brotli::compress_once(&page, "a page").await;
        if let Some(body) = page.brotli(nonce.as_str()) {
            return html(state, status, body.into(), Some("br"));
        }
    }
    html(state, status, page.html(nonce.as_str()).into(), None)
}

/// A page's answer. Pages vary by `Accept-Encoding` whether compressed here or not. The
/// app's WebAssembly is named for preloading in a `Link` header (`Pages::wasm_preload`).
fn html(state: &AppState, status: StatusCode, body: Body, encoding: Option<&'static str>) -> Response {
    let mut response =
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], body)
            .into_response();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if let Some(link) = state.pages.wasm_preload() {
        headers.insert(header::LINK, link.clone());
    }
    response
}

/// Ratings and comments for the article's page, so they read without JavaScript. A
/// database problem leaves them out of the page (the app fetches them) rather than
/// failing the article.
async fn feedback(state: &AppState, id: &ArticleId) -> Feedback {
    let rating = db::rating_summary(&state.db, id, None).await;
    let comments = db::comments_page(&state.db, id, None).await;
    if let Some(e) = rating.as_ref().err().or(comments.as_ref().err()) {
        tracing::warn!("ratings or comments of {id} left out of its page: {e}");
    }
    Feedback { rating: rating.ok(), comments: comments.ok() }
}

/// The results of `/soeg?q=…`, so they read without JavaScript. A query longer than the
/// API allows is searched for its beginning (the field never sends one).
async fn search(state: &AppState, uri: &Uri) -> Option<SearchResults> {
    let query = Query::<HashMap<String, String>>::try_from_uri(uri).ok()?.0.remove(SEARCH_QUERY).unwrap_or_default();
    let query: String = query.trim().chars().take(SEARCH_QUERY_MAX).collect();
    if query.is_empty() {
        return None;
    }
    match super::search::run(state, query).await {
        Ok(results) => Some(results),
        Err(e) => {
            tracing::warn!("search page without results: {:?}", e.status());
            None
        }
    }
}

pub async fn index_html(State(state): State<AppState>) -> Redirect {
    Redirect::permanent(state.pages.base().as_str())
}
