//! The API's route table, and what holds for all of it: JSON errors, body limit, no caching.

use api_types::JSON_BODY_MAX;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::any;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{comments, error, openapi, ratings, readers, search};
use crate::AppState;

/// Declares the table once: it builds the router and lists the routes (for the test that
/// holds the OpenAPI description to them).
macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path,)*) => {
        /// Every API route as (method, path), in table order.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn table() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

route_table! {
    post   "/api/readers"                => readers::create,
    get    "/api/articles/{id}/rating"   => ratings::show,
    put    "/api/articles/{id}/rating"   => ratings::set,
    delete "/api/articles/{id}/rating"   => ratings::withdraw,
    get    "/api/articles/{id}/comments" => comments::list,
    post   "/api/articles/{id}/comments" => comments::create,
    delete "/api/comments/{id}"          => comments::delete,
    post   "/api/comments/{id}/hide"     => comments::hide,
    post   "/api/comments/{id}/unhide"   => comments::unhide,
    get    "/api/search"                 => search::search,
    get    "/api/openapi.json"           => openapi::document,
}

pub fn routes() -> Router<AppState> {
    table()
        // Anything else under /api is a JSON 404, not a page of the app.
        .route("/api", any(error::not_found))
        .route("/api/", any(error::not_found))
        .route("/api/{*rest}", any(error::not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(JSON_BODY_MAX))
        .layer(CatchPanicLayer::new())
        .layer(middleware::map_response(error::ensure_json))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}
