//! The time limits of requests, through the public Router: a body that pauses or drags
//! on is answered `408`, an answer that takes too long `503`; in the API's error shape
//! under /api and as plain text elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use beboerblad_server::Limits;
use beboerblad_server::run::Timeouts;
use common::{Reply, TestServer};
use futures_util::stream;
use tokio::sync::mpsc;
use tokio::time::Instant;

const COMMENTS: &str = "/api/articles/legeplads/comments";
const BODY: Duration = Duration::from_millis(300);
const REQUEST: Duration = Duration::from_millis(800);
/// Every answer of these tests comes well within this, or the test fails.
const LIMIT: Duration = Duration::from_secs(10);

fn server() -> TestServer {
    TestServer::with_api_config(Limits::default(), |config| {
        config.timeouts = Timeouts { body: BODY, request: REQUEST, ..Timeouts::default() };
    })
}

/// A comment whose body arrives in the pieces the test sends through the returned channel.
fn trickled(path: &str) -> (Request<Body>, mpsc::Sender<&'static str>) {
    let (sender, receiver) = mpsc::channel::<&'static str>(8);
    let pieces = stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|piece| (Ok::<_, std::io::Error>(Bytes::from_static(piece.as_bytes())), receiver))
    });
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "200")
        .body(Body::from_stream(pieces))
        .unwrap();
    (request, sender)
}

async fn answer(server: &TestServer, request: Request<Body>) -> (Reply, Duration) {
    let started = Instant::now();
    let response = tokio::time::timeout(LIMIT, server.request(request)).await.expect("an answer within the limit");
    (Reply::from(response).await, started.elapsed())
}

#[tokio::test]
async fn a_body_that_pauses_is_answered_408_and_the_connection_closed() {
    let server = server();
    let (request, sender) = trickled(COMMENTS);
    sender.send(r#"{"reader": "reader-aaaa", "na"#).await.unwrap();
    let (reply, took) = answer(&server, request).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::REQUEST_TIMEOUT, "invalid_body"), "{reply:?}");
    assert_eq!(reply.headers[header::CONNECTION], "close");
    assert!(took >= BODY && took < REQUEST, "answered after {took:?}");
    drop(sender);
}

#[tokio::test]
async fn a_body_that_drags_on_past_the_request_timeout_is_answered_408() {
    let server = server();
    let (request, sender) = trickled(COMMENTS);
    // A piece every 100 ms: never a long pause, but never done either.
    let drip = tokio::spawn(async move {
        for _ in 0..100 {
            if sender.send(" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let (reply, took) = answer(&server, request).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::REQUEST_TIMEOUT, "invalid_body"), "{reply:?}");
    assert!(took >= REQUEST, "answered after {took:?}");
    drip.abort();
}

#[tokio::test]
async fn a_whole_body_in_time_is_not_affected() {
    let server = server();
    let reader = server.reader().await;
    let (request, sender) = trickled(COMMENTS);
    let body = format!(r#"{{"reader": "{reader}", "name": "Ann", "body": "Hej"}}"#);
    let padded: &'static str = Box::leak(format!("{body:<200}").into_boxed_str());
    sender.send(&padded[..100]).await.unwrap();
    let finish = tokio::spawn(async move {
        tokio::time::sleep(BODY / 2).await;
        sender.send(&padded[100..]).await.unwrap();
    });
    let (reply, _) = answer(&server, request).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    finish.await.unwrap();
}

#[tokio::test]
async fn an_api_answer_that_takes_too_long_is_503_busy() {
    let server = server();
    // Issued (and the signing key read) before the database is held.
    let reader = server.reader().await;
    // Another writer holds the database (longer than the request timeout, shorter than
    // the database's busy timeout): the comment cannot be stored in time.
    let writer = server.state.db.write().await.unwrap();
    let body = format!(r#"{{"reader": "{reader}", "name": "Ann", "body": "Hej"}}"#);
    let request =
        Request::post(COMMENTS).header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
    let (reply, took) = answer(&server, request).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::SERVICE_UNAVAILABLE, "busy"), "{reply:?}");
    // Not the database's own busy timeout (seconds later).
    assert!(took >= REQUEST && took < REQUEST + Duration::from_secs(2), "answered after {took:?}");
    writer.rollback().await.unwrap();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_takes_too_long_is_a_plain_503() {
    let server = server();
    // The feed is a pipe that gives nothing until the test writes to it.
    let feed = server.content().join("feed.json");
    std::fs::remove_file(&feed).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&feed).status().unwrap().success());
    let started = Instant::now();
    let answered = tokio::time::timeout(LIMIT, server.get("/artikel/legeplads")).await;
    let took = started.elapsed();
    // Let the blocked read of the feed finish (before any assertion: the runtime waits
    // for it to end).
    tokio::task::spawn_blocking(move || std::fs::write(feed, common::feed())).await.unwrap().unwrap();
    let response = answered.expect("an answer within the limit");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/plain; charset=utf-8");
    assert_eq!(common::text(response).await, "the answer took too long; try again\n");
    assert!(took >= REQUEST, "answered after {took:?}");
}
