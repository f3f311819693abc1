//! Serving under a sub-path (`--base-path /skraeppebladet/`): requests below it reach the
//! routes with the prefix taken off, so every handler sees the same paths as at the root.
//! The base without its trailing slash redirects to it, `/` redirects there too (someone
//! who typed the bare host), and anything else is not ours.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect};
use beboerblad::site::BasePath;
use tower::{ServiceExt, service_fn};

/// `routes` under `base` (unchanged at the root).
pub fn nest(routes: Router, base: &BasePath) -> Router {
    if base.is_root() {
        return routes;
    }
    let base = Arc::new(base.clone());
    Router::new().fallback_service(service_fn(move |request: Request<Body>| {
        let (routes, base) = (routes.clone(), base.clone());
        async move { Ok::<_, Infallible>(route(routes, &base, request).await) }
    }))
}

async fn route(routes: Router, base: &BasePath, mut request: Request<Body>) -> Response<Body> {
    let path = request.uri().path();
    let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    if path == base.trimmed() {
        return Redirect::permanent(&format!("{base}{query}")).into_response();
    }
    if path == "/" {
        return Redirect::temporary(base.as_str()).into_response();
    }
    let Some(inner) = base.strip(path) else {
        let mut response = (StatusCode::NOT_FOUND, format!("Ikke fundet. Bladet ligger på {base}\n")).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        return response;
    };
    let Ok(uri) = format!("{inner}{query}").parse::<Uri>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    *request.uri_mut() = uri;
    match routes.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
