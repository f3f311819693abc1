//! Pages rendered once per feed edition and served with each request's own nonce, as
//! text or as brotli; the feed compressed once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::{Body, Bytes};
use axum::http::{Request, Response, StatusCode, header};
use common::{ARTICLE, TestServer, generous, text};
use http_body_util::BodyExt;
use serde_json::json;

/// The nonce a response's Content-Security-Policy allows.
fn policy_nonce(response: &Response<Body>) -> String {
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let start = policy.find("'nonce-").unwrap() + 7;
    policy[start..start + policy[start..].find('\'').unwrap()].to_string()
}

/// Every `nonce="…"` value in a page.
fn page_nonces(html: &str) -> Vec<&str> {
    html.split(r#"nonce=""#).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect()
}

/// A page's nonce and its HTML with the nonce taken out, after checking that every
/// nonce in it is the one its policy allows.
async fn page(response: Response<Body>) -> (String, String) {
    let nonce = policy_nonce(&response);
    let html = text(response).await;
    let nonces = page_nonces(&html);
    assert!(!nonces.is_empty(), "no nonce in {html}");
    assert!(nonces.iter().all(|n| *n == nonce), "a nonce other than the policy's {nonce}: {nonces:?}");
    (nonce.clone(), html.replace(&nonce, "NONCE"))
}

async fn get_br(server: &TestServer, path: &str) -> Response<Body> {
    server
        .request(Request::get(path).header(header::ACCEPT_ENCODING, "gzip, deflate, br").body(Body::empty()).unwrap())
        .await
}

async fn bytes(response: Response<Body>) -> Bytes {
    response.into_body().collect().await.unwrap().to_bytes()
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("a valid brotli stream");
    out
}

#[tokio::test]
async fn a_page_is_rendered_once_and_each_request_gets_its_own_nonce() {
    let server = TestServer::new();
    let (first_nonce, first) = page(server.get("/").await).await;
    let (second_nonce, second) = page(server.get("/").await).await;
    assert_ne!(first_nonce, second_nonce);
    assert_eq!(first, second, "the same page but for the nonce");
    assert!(!second.contains(&first_nonce), "the second request's page carries the first one's nonce");
    assert_eq!(server.state.page_cache.renders(), 1);

    // A query that changes nothing on the page is the same page; embed options are not.
    let (_, tracked) = page(server.get("/?utm_source=nyhedsbrev").await).await;
    assert_eq!(tracked, first);
    assert_eq!(server.state.page_cache.renders(), 1);
    let (_, embedded) = page(server.get("/?embed=https%3A%2F%2Fhost.example").await).await;
    assert!(embedded.contains("<html data-embed"), "{embedded}");
    assert_eq!(server.state.page_cache.renders(), 2);
}

#[tokio::test]
async fn a_missing_page_stays_missing_when_kept() {
    let server = TestServer::new();
    for _ in 0..2 {
        assert_eq!(server.get("/artikel/findes-ikke").await.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(server.state.page_cache.renders(), 1);
}

#[tokio::test]
async fn a_new_feed_edition_renders_the_page_anew() {
    let server = TestServer::new();
    let (_, before) = page(server.get("/").await).await;
    assert!(before.contains("Testbladet"), "{before}");
    let feed = common::feed().replace("\"Testbladet\"", "\"Gårdbladet\"");
    common::write(&server.content().join("feed.json"), &feed);
    let (_, after) = page(server.get("/").await).await;
    assert!(after.contains("Gårdbladet"), "{after}");
    assert_eq!(server.state.page_cache.renders(), 2);
}

#[tokio::test]
async fn an_article_page_shows_a_new_rating_at_once_and_no_readers_own() {
    let server = TestServer::with_api(generous());
    let path = format!("/artikel/{ARTICLE}");
    let (_, before) = page(server.get(&path).await).await;
    assert!(before.contains(r#""total":0"#), "{before}");
    let reader = server.reader().await;
    let rated = server
        .call("PUT", &format!("/api/articles/{ARTICLE}/rating"), Some(json!({"reader": reader, "value": 4})))
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{rated:?}");
    // Asked by the reader who rated: the page is every reader's, without their own.
    let request = Request::get(&path).header(api_types::READER_HEADER, &reader).body(Body::empty()).unwrap();
    let (_, after) = page(server.request(request).await).await;
    assert!(after.contains(r#""counts":[0,0,0,1,0],"total":1"#), "{after}");
    assert!(after.contains(r#""mine":null"#), "{after}");
    assert!(!after.contains(&reader), "the reader's id in a shared page");
    assert_eq!(server.state.page_cache.renders(), 2);
    let (_, again) = page(server.get(&path).await).await;
    assert_eq!(again, after);
    assert_eq!(server.state.page_cache.renders(), 2);
}

#[tokio::test]
async fn a_brotli_page_is_the_same_page_with_its_own_nonce() {
    let server = TestServer::new();
    let (_, plain) = page(server.get("/").await).await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let response = get_br(&server, "/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        let nonce = policy_nonce(&response);
        let html = String::from_utf8(unbrotli(&bytes(response).await)).unwrap();
        assert!(page_nonces(&html).iter().all(|n| *n == nonce), "{nonce}: {html}");
        assert_eq!(html.replace(&nonce, "NONCE"), plain);
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1]);
    assert_eq!(server.state.page_cache.renders(), 1);
}

#[tokio::test]
async fn the_feed_in_brotli_is_the_feed_with_a_tag_of_its_own() {
    let server = TestServer::new();
    let plain = server.get("/feed.json").await;
    assert_eq!(plain.headers()[header::VARY], "accept-encoding");
    let plain_tag = plain.headers()[header::ETAG].clone();
    let json = bytes(plain).await;
    let compressed = get_br(&server, "/feed.json").await;
    assert_eq!(compressed.status(), StatusCode::OK);
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(compressed.headers()[header::VARY], "accept-encoding");
    let tag = compressed.headers()[header::ETAG].clone();
    assert_ne!(tag, plain_tag);
    assert_eq!(unbrotli(&bytes(compressed).await), json);
    let revalidated = server
        .request(
            Request::get("/feed.json")
                .header(header::ACCEPT_ENCODING, "br")
                .header(header::IF_NONE_MATCH, tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
}

/// The page files the app fetches on every move inside it are made once per edition and
/// kept, plain and in brotli (with a tag of its own), as pages are.
#[tokio::test]
async fn a_page_file_is_made_once_per_edition_and_kept_in_brotli_too() {
    let server = TestServer::new();
    let plain = server.get("/feed/index.json").await;
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()[header::VARY], "accept-encoding");
    let plain_tag = plain.headers()[header::ETAG].clone();
    let json = bytes(plain).await;
    assert_eq!(bytes(server.get("/feed/index.json").await).await, json);
    let mut tags = Vec::new();
    for _ in 0..2 {
        let compressed = get_br(&server, "/feed/index.json").await;
        assert_eq!(compressed.status(), StatusCode::OK);
        assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(compressed.headers()[header::CONTENT_TYPE], "application/feed+json; charset=utf-8");
        tags.push(compressed.headers()[header::ETAG].clone());
        assert_eq!(unbrotli(&bytes(compressed).await), json);
    }
    assert_eq!(tags[0], tags[1]);
    assert_ne!(tags[0], plain_tag);
    assert_eq!(server.state.feed_files.made(), 1);
    let revalidated = server
        .request(
            Request::get("/feed/index.json")
                .header(header::ACCEPT_ENCODING, "br")
                .header(header::IF_NONE_MATCH, tags[0].clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);

    let feed = common::feed().replace("\"Testbladet\"", "\"Gårdbladet\"");
    common::write(&server.content().join("feed.json"), &feed);
    let after = String::from_utf8(bytes(server.get("/feed/index.json").await).await.to_vec()).unwrap();
    assert!(after.contains("Gårdbladet"), "{after}");
    assert_eq!(server.state.feed_files.made(), 2);
}
