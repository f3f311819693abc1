//! Files: the built app from `--dist` (hashed names, cached for a year), then the feed
//! and images from `--content`, then the page renderer for everything else.

use std::convert::Infallible;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, header};
use axum::routing::MethodRouter;
use tower::Layer;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Config;

type Service = BoxCloneSyncService<Request<Body>, Response<Body>, Infallible>;

pub fn service(config: &Config, pages: MethodRouter) -> Service {
    let content = SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .layer(ServeDir::new(&config.content).append_index_html_on_directories(false).fallback(pages));
    let dist = SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
    .layer(
        ServeDir::new(&config.dist)
            .append_index_html_on_directories(false)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(content),
    );
    BoxCloneSyncService::new(ServiceExt::<Request<Body>>::map_response(dist, |r| r.map(Body::new)))
}
