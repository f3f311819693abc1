//! The route table: pages, static files, feed and images.

mod pages;
mod static_files;

use axum::Router;
use axum::routing::get;
use tower_http::compression::CompressionLayer;

use crate::{AppState, Config};

pub fn routes(state: AppState, config: &Config) -> Router {
    let page_service = get(pages::page).with_state(state.clone());
    Router::new()
        .route("/", get(pages::page))
        .route("/index.html", get(pages::index_html))
        .fallback_service(static_files::service(config, page_service))
        .with_state(state)
        .layer(CompressionLayer::new())
}
