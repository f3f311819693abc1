//! The moderator's token: long enough or the server does not start, guessing it is
//! limited per address, and every moderation action is logged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use axum::http::{StatusCode, header};
use beboerblad_server::AppState;
use common::logs::Captured;
use common::{ADMIN_TOKEN, TestServer, generous};
use serde_json::json;

const COMMENTS: &str = "/api/articles/legeplads/comments";

/// The tests of this file run one at a time. One reads the log lines its thread makes
/// (`Captured`); tracing caches per call site whether a subscriber wants its events, and
/// another test reaching the same call sites on another thread at the same moment made
/// that cache say "no" about one run in ten, so the moderation lines went missing.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
const GUESSER: &str = "192.0.2.66";

async fn comment(server: &TestServer) -> (i64, String) {
    let body = json!({"reader": server.reader().await, "name": "Ann", "body": "Hej"});
    let reply = server.call("POST", COMMENTS, Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    (reply.json["comment"]["id"].as_i64().unwrap(), reply.json["secret"].as_str().unwrap().to_string())
}

async fn listed(server: &TestServer) -> usize {
    server.call("GET", COMMENTS, None).await.json["comments"].as_array().unwrap().len()
}

#[test]
fn the_test_token_is_long_enough() {
    assert!(ADMIN_TOKEN.chars().count() >= 32);
}

#[tokio::test]
async fn an_admin_token_shorter_than_32_characters_is_refused_at_start() {
    let _one_at_a_time = ONE_AT_A_TIME.lock().await;
    let server = TestServer::with_api(generous());
    let with_token = |token: &str| {
        let mut config = server.config.clone();
        config.admin_token = Some(token.into());
        AppState::new(&config).map(|state| state.admin.is_some()).map_err(|e| e.to_string())
    };
    let short = "a-guessable-moderator-token-31c";
    assert_eq!(short.len(), 31);
    let error = with_token(short).err().unwrap_or_default();
    assert!(error.contains("at least 32 characters"), "{error}");
    assert!(error.contains("31"), "says how long it is: {error}");
    assert!(!error.contains(short), "never shows the token: {error}");
    assert_eq!(with_token(&format!("{short}d")), Ok(true), "32 characters start the server");
    // Spaces around it do not count; an empty token switches moderation off.
    assert!(with_token(&format!("  {short} ")).is_err());
    assert_eq!(with_token("   "), Ok(false));
    assert_eq!(with_token(&"ø".repeat(32)), Ok(true), "characters, not bytes");
}

#[test]
fn the_server_exits_with_a_clear_error_on_a_short_admin_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
        .arg("--addr=127.0.0.1:0")
        .arg(format!("--content={}", dir.path().join("content").display()))
        .arg(format!("--dist={}", dir.path().join("dist").display()))
        .arg(format!("--db={}", dir.path().join("data/beboerblad.db").display()))
        .env("BEBOERBLAD_ADMIN_TOKEN", "hunter2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The address line would mean it started; the end of its output, that it stopped.
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
    if !first_line.is_empty() {
        child.kill().unwrap();
        panic!("the server started: {first_line}");
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!status.success(), "{status}");
    assert!(stderr.contains("admin token") && stderr.contains("at least 32 characters"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    assert!(!dir.path().join("data").exists(), "refused before anything was created");
}

#[tokio::test]
async fn failed_bearer_attempts_are_limited_per_address() {
    let _one_at_a_time = ONE_AT_A_TIME.lock().await;
    let server = TestServer::with_api(generous());
    let (id, secret) = comment(&server).await;
    let hide = format!("/api/comments/{id}/hide");
    for attempt in 1..=10 {
        let reply = server.call_as("POST", &hide, None, Some(&format!("guess-{attempt}")), Some(GUESSER)).await;
        assert_eq!((reply.status, reply.error_code()), (StatusCode::FORBIDDEN, "wrong_token"), "attempt {attempt}");
    }
    let reply = server.call_as("POST", &hide, None, Some("guess-11"), Some(GUESSER)).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    let wait: u64 = reply.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((50..=60).contains(&wait), "the rest of the minute: {wait}");
    // From there, even the right token is refused now: guessing goes no faster.
    let right = server.call_as("POST", &hide, None, Some(ADMIN_TOKEN), Some(GUESSER)).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    let own = server.call_as("DELETE", &format!("/api/comments/{id}"), None, Some(&secret), Some(GUESSER)).await;
    assert_eq!(own.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(listed(&server).await, 1, "nothing happened");
    // Other addresses are not affected.
    let moderator = server.call_as("POST", &hide, None, Some(ADMIN_TOKEN), Some("198.51.100.9")).await;
    assert_eq!(moderator.status, StatusCode::NO_CONTENT);
    assert_eq!(listed(&server).await, 0);
}

#[tokio::test]
async fn wrong_comment_secrets_count_as_failed_attempts() {
    let _one_at_a_time = ONE_AT_A_TIME.lock().await;
    let server = TestServer::with_api(generous());
    let (id, secret) = comment(&server).await;
    let path = format!("/api/comments/{id}");
    for attempt in 1..=10 {
        let reply = server.call_as("DELETE", &path, None, Some(&"f".repeat(64)), Some(GUESSER)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "attempt {attempt}");
    }
    let reply = server.call_as("DELETE", &path, None, Some(&"e".repeat(64)), Some(GUESSER)).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    let elsewhere = server.call_as("DELETE", &path, None, Some(&secret), Some("198.51.100.9")).await;
    assert_eq!(elsewhere.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_moderators_own_actions_and_requests_without_a_token_do_not_count() {
    let _one_at_a_time = ONE_AT_A_TIME.lock().await;
    let server = TestServer::with_api(generous());
    let (id, _) = comment(&server).await;
    for i in 0..15 {
        let action = if i % 2 == 0 { "hide" } else { "unhide" };
        let path = format!("/api/comments/{id}/{action}");
        let reply = server.call_as("POST", &path, None, Some(ADMIN_TOKEN), Some(GUESSER)).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{action} {i}");
        let reply = server.call_as("POST", &path, None, None, Some(GUESSER)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{action} {i}");
    }
}

#[tokio::test]
async fn every_moderation_action_is_logged_with_comment_and_address() {
    let _one_at_a_time = ONE_AT_A_TIME.lock().await;
    let server = TestServer::with_api(generous());
    let (first, _) = comment(&server).await;
    let (second, second_secret) = comment(&server).await;
    let (logs, _guard) = Captured::start();

    let moderator = Some("198.51.100.7");
    for (method, path) in [
        ("POST", format!("/api/comments/{first}/hide")),
        ("POST", format!("/api/comments/{first}/unhide")),
        ("DELETE", format!("/api/comments/{first}")),
    ] {
        let reply = server.call_as(method, &path, None, Some(ADMIN_TOKEN), moderator).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{method} {path}");
    }
    // A writer deleting their own comment is not moderation.
    let own = server.call_as("DELETE", &format!("/api/comments/{second}"), None, Some(&second_secret), None).await;
    assert_eq!(own.status, StatusCode::NO_CONTENT);

    let moderation: Vec<String> = logs.lines().into_iter().filter(|l| l.contains("moderator")).collect();
    assert_eq!(moderation.len(), 3, "{moderation:#?}");
    for (line, action) in moderation.iter().zip(["hid", "showed", "deleted"]) {
        assert!(line.contains(" INFO "), "{line}");
        assert!(line.contains(action), "{action}: {line}");
        assert!(line.contains(&format!("comment={first}")), "{line}");
        assert!(line.contains("addr=198.51.100.7"), "{line}");
    }
}
