//! Static files: images from the content directory, the built app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestServer, text};

#[tokio::test]
async fn images_have_types_and_validators() {
    let server = TestServer::new();
    let path = "/images/legeplads.jpg";
    let response = server.get(path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let last_modified = response.headers()[header::LAST_MODIFIED].clone();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    assert_eq!(&bytes[..], b"\xff\xd8\xff\xe0fake jpeg");

    let again = Request::get(path).header(header::IF_MODIFIED_SINCE, last_modified).body(Body::empty()).unwrap();
    assert_eq!(server.request(again).await.status(), StatusCode::NOT_MODIFIED);

    let etag = server.get(path).await.headers()[header::ETAG].clone();
    assert!(etag.to_str().unwrap().starts_with("W/\""));
    let again = Request::get(path).header(header::IF_NONE_MATCH, etag.clone()).body(Body::empty()).unwrap();
    let response = server.request(again).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], etag);
    let other = Request::get(path).header(header::IF_NONE_MATCH, "W/\"other\"").body(Body::empty()).unwrap();
    assert_eq!(server.request(other).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn app_files_are_cached_and_compressed() {
    let server = TestServer::new();
    let request = Request::get("/app.js").header(header::ACCEPT_ENCODING, "br, gzip").body(Body::empty()).unwrap();
    let response = server.request(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn missing_files_get_the_not_found_page() {
    let server = TestServer::new();
    let response = server.get("/images/nope.jpg").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(text(response).await.contains("Siden findes ikke"));
}
