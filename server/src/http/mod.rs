//! The route table: the API, pages, the published feed, static files and images.

pub mod api;
mod auth;
mod comments;
mod error;
mod etag;
mod extract;
mod feed;
pub mod limits;
pub mod openapi;
mod pages;
mod ratings;
mod static_files;

pub use auth::AdminToken;

use axum::Router;
use axum::routing::get;
use tower_http::compression::CompressionLayer;

use crate::content::FEED_PATH;
use crate::{AppState, Config};

pub fn routes(state: AppState, config: &Config) -> Router {
    let page_service = get(pages::page).with_state(state.clone());
    Router::new()
        .merge(api::routes())
        .route("/", get(pages::page))
        .route("/index.html", get(pages::index_html))
        .route(FEED_PATH, get(feed::feed))
        .fallback_service(static_files::service(config, page_service))
        .with_state(state)
        .layer(axum::middleware::from_fn(etag::etag))
        .layer(CompressionLayer::new())
}
