//! Who a client is, for the abuse limits: the TCP peer, or behind a trusted reverse proxy
//! the address the proxy forwards; and the daily caps that hold whoever the clients are.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use beboerblad_server::{Config, DailyCaps, Limits};
use common::{Reply, TestServer};
use serde_json::json;

const COMMENTS: &str = "/api/articles/legeplads/comments";
const OTHER_COMMENTS: &str = "/api/articles/farlig/comments";
const PROXY: &str = "10.0.0.1";

/// The test server with the default limits and `configure` applied to its config.
fn server(configure: impl FnOnce(&mut Config)) -> TestServer {
    TestServer::with_api_config(Limits::default(), configure)
}

fn behind_proxy() -> TestServer {
    server(|config| config.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap(), "fd00::/8".parse().unwrap()])
}

/// A new comment by a fresh reader id (so only the address can be limited), from `peer`,
/// with the given `X-Forwarded-For` headers.
async fn post(server: &TestServer, path: &str, peer: &str, forwarded: &[&str]) -> Reply {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // Issued from an address of its own: issuing ids is limited per address too.
    let reader = server.reader_from(Some(&format!("192.0.2.{}", n % 250 + 1))).await;
    let body = json!({"reader": reader, "name": "Ann", "body": "Hej"}).to_string();
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    for value in forwarded {
        request = request.header("x-forwarded-for", *value);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    request.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40000)));
    Reply::from(server.request(request).await).await
}

fn assert_limited(reply: &Reply, what: &str) {
    assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"), "{what}");
    assert!(reply.headers.contains_key(header::RETRY_AFTER), "{what}: {reply:?}");
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_limited_separately() {
    let server = behind_proxy();
    // The default comment rate: five per address.
    for n in 1..=5 {
        let reply = post(&server, COMMENTS, PROXY, &["203.0.113.5"]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "client A, comment {n}: {reply:?}");
    }
    assert_limited(&post(&server, COMMENTS, PROXY, &["203.0.113.5"]).await, "client A, comment 6");
    for n in 1..=5 {
        let reply = post(&server, COMMENTS, PROXY, &["203.0.113.6"]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "client B, comment {n}: {reply:?}");
    }
    assert_limited(&post(&server, COMMENTS, PROXY, &["203.0.113.6"]).await, "client B, comment 6");
}

#[tokio::test]
async fn the_client_is_the_right_most_address_the_trusted_proxies_did_not_add() {
    let server = behind_proxy();
    // The client sent its own (forged) X-Forwarded-For; our proxies appended the address
    // they saw, and then each other's. A new forgery each time changes nothing.
    for n in 1..=5 {
        let forged = format!("198.51.100.{n}");
        let reply = post(&server, COMMENTS, PROXY, &[&format!("{forged}, 203.0.113.7"), "10.0.0.2"]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "comment {n}: {reply:?}");
    }
    let reply = post(&server, COMMENTS, PROXY, &["198.51.100.99, 203.0.113.7, 10.0.0.2"]).await;
    assert_limited(&reply, "the sixth, however it is forged");
    // Malformed entries are skipped; ports are not part of the address.
    assert_limited(&post(&server, COMMENTS, PROXY, &["203.0.113.7, not-an-address, "]).await, "malformed");
    assert_limited(&post(&server, COMMENTS, "fd00::1", &["203.0.113.7:4711"]).await, "with a port");
    assert_eq!(post(&server, COMMENTS, PROXY, &["203.0.113.8"]).await.status, StatusCode::CREATED, "others post");
}

#[tokio::test]
async fn when_every_hop_is_trusted_the_left_most_is_the_client() {
    let server = behind_proxy();
    for n in 1..=5 {
        let reply = post(&server, COMMENTS, PROXY, &["10.1.1.1, 10.0.0.2"]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "comment {n}: {reply:?}");
    }
    assert_limited(&post(&server, COMMENTS, PROXY, &["10.1.1.1"]).await, "10.1.1.1 is spent");
    // Not the proxy itself, nor the other hop.
    assert_eq!(post(&server, COMMENTS, PROXY, &["10.0.0.2"]).await.status, StatusCode::CREATED);
    assert_eq!(post(&server, COMMENTS, PROXY, &[]).await.status, StatusCode::CREATED, "the proxy's own");
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    for server in [behind_proxy(), server(|_| {})] {
        for n in 1..=5 {
            let forged = format!("203.0.113.{n}");
            let reply = post(&server, COMMENTS, "198.51.100.7", &[&forged]).await;
            assert_eq!(reply.status, StatusCode::CREATED, "comment {n}: {reply:?}");
        }
        assert_limited(&post(&server, COMMENTS, "198.51.100.7", &["203.0.113.50"]).await, "still the peer");
        assert_eq!(post(&server, COMMENTS, "198.51.100.8", &[]).await.status, StatusCode::CREATED, "another peer");
    }
}

#[tokio::test]
async fn new_comments_are_capped_per_article_and_in_all() {
    let server = server(|config| config.caps = DailyCaps { comments: 5, comments_per_article: 3 });
    let client = |n: u8| format!("192.0.2.{n}");
    for n in 1..=3 {
        assert_eq!(post(&server, COMMENTS, &client(n), &[]).await.status, StatusCode::CREATED, "comment {n}");
    }
    let refused = post(&server, COMMENTS, &client(4), &[]).await;
    assert_limited(&refused, "the fourth on one article");
    let secs: u64 = refused.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((24 * 3600 - 60..=24 * 3600).contains(&secs), "until the first is a day old: {secs}");
    for n in 5..=6 {
        assert_eq!(post(&server, OTHER_COMMENTS, &client(n), &[]).await.status, StatusCode::CREATED, "comment {n}");
    }
    assert_limited(&post(&server, OTHER_COMMENTS, &client(7), &[]).await, "the sixth in all");
    let listed = server.call("GET", COMMENTS, None).await.json["comments"].as_array().unwrap().len();
    assert_eq!(listed, 3, "refused comments are not stored");
}
