//! The route table: the API, pages, the published feed, static files, images and their copies.

pub mod api;
mod auth;
mod base;
mod brotli;
mod comments;
pub(crate) mod deadlines;
mod edition_cache;
mod embed;
mod error;
mod etag;
mod extract;
mod feed;
mod feed_files;
pub(crate) mod idempotency;
pub mod limits;
mod manifest;
pub mod openapi;
mod page_cache;
mod pages;
mod pictures;
mod ratings;
mod readers;
pub(crate) mod search;
pub mod security;
mod service_worker;
mod static_files;

pub use auth::{AdminToken, AdminTokenTooShort, BEARER_FAILURES, BearerGuard};
pub(crate) use auth::{hash, hex, new_secret};
pub(crate) use comments::ADMIN_TOKEN_WHO;
pub(crate) use error::ApiError;
pub(crate) use extract::ClientAddr;
pub use feed::CompressedFeed;
pub use feed_files::FeedFiles;
pub use page_cache::PageCache;
pub use readers::{VoterCaps, VoterCapsError};

use axum::Router;
use axum::body::Body;
use axum::extract::Path as UrlPath;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::LatencyUnit;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::Level;

use crate::content::FEED_PATH;
use crate::{AppState, Config};

/// The embedding snippet's script and the embed theme's stylesheet, below the base path.
pub const EMBED_SCRIPT: &str = "/embed.js";
pub const EMBED_THEME: &str = "/embed.css";

pub fn routes(state: AppState, config: &Config) -> Router {
    let page_service = get(pages::page).with_state(state.clone());
    let worker = config.dist.join("sw.js");
    let service_worker = get(move |headers: HeaderMap| async move {
        service_worker::serve(worker, headers).await.unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
    });
    let (manifest_file, base) = (config.dist.join("manifest.webmanifest"), config.base_path.clone());
    let web_manifest = get(move |headers: HeaderMap| async move {
        manifest::serve(manifest_file, &base, headers).await.unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
    });
    // Picture copies are kept beside the database: outside every served directory.
    let cache = config.picture_cache();
    let pictures = pictures::Pictures::new(config.content.clone(), cache);
    let picture = get(move |UrlPath((width, path)): UrlPath<(String, String)>, headers: HeaderMap| async move {
        pictures.serve(&width, &path, &headers).await
    });
    let mut routes = Router::new().merge(api::routes()).merge(crate::desk::routes());
    for path in page_paths() {
        routes = routes.route(&path, get(pages::page));
    }
    let routes = routes
        .route("/index.html", get(pages::index_html))
        .route(FEED_PATH, get(feed::feed))
        .route(&format!("/{}/{{*name}}", beboerblad::route::PAGE_FILES), get(feed::file))
        .route(EMBED_SCRIPT, get(embed::script))
        .route(EMBED_THEME, get(embed::theme))
        .route(service_worker::PATH, service_worker)
        .route(manifest::PATH, web_manifest)
        .route(&format!("{}/{{width}}/{{*path}}", beboerblad::picture::ROUTE), picture)
        .fallback_service(static_files::service(config, page_service))
        .with_state(state);
    let router = base::nest(routes, &config.base_path)
        .layer(axum::middleware::from_fn(etag::etag))
        .layer(CompressionLayer::new());
    security::apply(router, config).layer(request_log())
}

/// The reader's pages ([`beboerblad::route::Page`]), routed straight to the renderer: a
/// page is never looked up as a file first (two directories, with `.br` and `.gz`
/// variants, on the blocking pool for every page request). Other spellings (a trailing
/// slash) reach the renderer after the files, as anything else not found does.
fn page_paths() -> Vec<String> {
    use beboerblad::route::{ARCHIVE, ARTICLE, BOOKMARKS, COLOPHON, ISSUES, MINE, OFFLINE, RECENT, SEARCH, SECTION};
    let mut paths = vec!["/".to_string()];
    for single in [ISSUES, ARCHIVE, COLOPHON, SEARCH, OFFLINE] {
        paths.push(format!("/{single}"));
    }
    for below in [ISSUES, SECTION, ARTICLE, ARCHIVE] {
        paths.push(format!("/{below}/{{id}}"));
    }
    paths.push(format!("/{SECTION}/{{id}}/{{number}}"));
    for mine in [BOOKMARKS, RECENT] {
        paths.push(format!("/{MINE}/{mine}"));
    }
    paths
}

/// One line per request at info level: method, path (no query: it may carry a reader
/// id), status and latency. Server errors are logged at error level as well.
fn request_log() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, impl MakeSpan<Body> + Clone> {
    let span = |request: &Request<Body>| tracing::info_span!("request", method = %request.method(), path = %request.uri().path());
    TraceLayer::new_for_http()
        .make_span_with(span)
        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis))
}
