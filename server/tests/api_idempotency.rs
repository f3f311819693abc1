//! Idempotency keys on the two writes a reader may queue offline and send again: a comment
//! (`POST …/comments`) and a rating (`PUT …/rating`). A repeated key gets the first answer
//! back, and nothing is stored twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use beboerblad_server::{DailyCaps, Limits, Rate};
use common::{Reply, TestServer, generous, json_request};
use serde_json::{Value, json};

const COMMENTS: &str = "/api/articles/legeplads/comments";
const OTHER_COMMENTS: &str = "/api/articles/farlig/comments";
const RATING: &str = "/api/articles/legeplads/rating";
const KEY: &str = "0b5c3f7e-9d2a-4c61-8f0e-2a7b9c4d1e63";
const OTHER_KEY: &str = "7f3e2d1c-0b9a-4876-a5b4-c3d2e1f00a9b";
const RATING_KEY: &str = "rating-key-0000000001";
const OTHER_RATING_KEY: &str = "rating-key-0000000002";

fn comment(reader: &str, body: &str) -> Value {
    json!({"reader": reader, "name": "Ann", "body": body})
}

fn rating(reader: &str, value: u8) -> Value {
    json!({"reader": reader, "value": value})
}

/// `method path` with `body`, with `Idempotency-Key: key`.
async fn keyed(server: &TestServer, method: &str, path: &str, body: Value, key: &str) -> Reply {
    server.call_with(method, path, Some(body), &[("idempotency-key", key)], None).await
}

fn replayed(reply: &Reply) -> Option<&str> {
    reply.headers.get("idempotent-replayed").map(|v| v.to_str().unwrap())
}

/// The comments the API lists on `path`, as ids.
async fn listed(server: &TestServer, path: &str) -> Vec<i64> {
    let reply = server.call("GET", path, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.json["comments"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

/// A connection of its own to the test server's database.
async fn database(server: &TestServer) -> common::db::Conn {
    common::db::Conn::to(&server.config.db).await
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    database(server).await.number(sql).await
}

#[tokio::test]
async fn a_repeated_comment_gets_the_first_answer_and_is_stored_once() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let first = keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    assert_eq!(replayed(&first), None, "the first answer is not a replay");

    let again = keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY).await;
    assert_eq!(again.status, StatusCode::CREATED, "{again:?}");
    assert_eq!(again.bytes, first.bytes, "byte for byte the first answer, secret included");
    assert_eq!(replayed(&again), Some("true"));
    assert_eq!(again.headers["content-type"], "application/json");
    assert_eq!(again.headers["cache-control"], "no-store");
    assert_eq!(listed(&server, COMMENTS).await, [first.json["comment"]["id"].as_i64().unwrap()]);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 1);

    // The same request written differently (spacing, order of fields) is the same request.
    let reordered = format!(r#"{{ "body" : "Hej", "name":"Ann",   "reader": "{reader}" }}"#);
    let raw = axum::http::Request::post(COMMENTS)
        .header("content-type", "application/json")
        .header("idempotency-key", KEY)
        .body(axum::body::Body::from(reordered))
        .unwrap();
    let reordered = Reply::from(server.request(raw).await).await;
    assert_eq!((reordered.status, replayed(&reordered)), (StatusCode::CREATED, Some("true")), "{reordered:?}");
    assert_eq!(reordered.bytes, first.bytes);

    // The secret in the replay is the comment's: its writer can still delete it.
    let id = first.json["comment"]["id"].as_i64().unwrap();
    let secret = again.json["secret"].as_str().unwrap();
    let deleted = server.call_as("DELETE", &format!("/api/comments/{id}"), None, Some(secret), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{deleted:?}");
}

#[tokio::test]
async fn two_identical_requests_at_once_store_one_comment() {
    // Room for one more comment only: the second copy must not be refused as a second one.
    let server = TestServer::with_api(Limits { comments: Rate::new(1, Duration::from_secs(600)), ..generous() });
    let reader = server.reader().await;
    let (a, b) = tokio::join!(
        keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY),
        keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY),
    );
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED), "{a:?} {b:?}");
    assert_eq!(a.bytes, b.bytes);
    let mut replays = [replayed(&a), replayed(&b)];
    replays.sort_unstable();
    assert_eq!(replays, [None, Some("true")], "one stored it, the other answered with its result");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 1);
}

#[tokio::test]
async fn two_server_processes_on_one_database_store_one_comment() {
    let server = TestServer::with_api(generous());
    let twin = server.twin();
    let reader = server.reader().await;
    // Both ready (schema checked, signing key read), so neither is done before the other looks.
    for router in [server.router.clone(), twin.clone()] {
        let warm = tower::ServiceExt::oneshot(
            router,
            json_request("GET", RATING, None, &[("beboerblad-reader", &reader)], None),
        );
        assert_eq!(warm.await.unwrap().status(), StatusCode::OK);
    }
    let request = || json_request("POST", COMMENTS, Some(comment(&reader, "Hej")), &[("idempotency-key", KEY)], None);
    let (a, b) = tokio::join!(server.request(request()), tower::ServiceExt::oneshot(twin, request()));
    let (a, b) = (Reply::from(a).await, Reply::from(b.unwrap()).await);
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED), "{a:?} {b:?}");
    assert_eq!(a.bytes, b.bytes);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 1);
}

#[tokio::test]
async fn a_key_used_for_another_request_is_refused() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let first = keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY).await;
    assert_eq!(first.status, StatusCode::CREATED);
    for (method, path, body) in [
        ("POST", COMMENTS, comment(&reader, "Hej igen")),
        ("POST", OTHER_COMMENTS, comment(&reader, "Hej")),
        ("PUT", RATING, rating(&reader, 4)),
    ] {
        let reply = keyed(&server, method, path, body.clone(), KEY).await;
        assert_eq!(
            (reply.status, reply.error_code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"),
            "{method} {path} {body}"
        );
    }
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 1);
    assert_eq!(server.call("GET", RATING, None).await.json["total"], 0);
    let again = keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY).await;
    assert_eq!(
        (again.status, replayed(&again)),
        (StatusCode::CREATED, Some("true")),
        "the first request still replays"
    );
}

#[tokio::test]
async fn invalid_keys_are_refused_and_nothing_is_stored() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let too_long = "k".repeat(65);
    let invalid =
        ["", "abcdefghijklmno", too_long.as_str(), "abcdefgh ijklmnop", "øøøøøøøøøøøøøøøø", "abcdefgh/ijklmnop"];
    for key in invalid {
        for (method, path, body) in [("POST", COMMENTS, comment(&reader, "Hej")), ("PUT", RATING, rating(&reader, 3))] {
            let reply = keyed(&server, method, path, body, key).await;
            assert_eq!(
                (reply.status, reply.error_code()),
                (StatusCode::BAD_REQUEST, "invalid_idempotency_key"),
                "{method} {key:?}"
            );
        }
    }
    let twice = server
        .call_with(
            "POST",
            COMMENTS,
            Some(comment(&reader, "Hej")),
            &[("idempotency-key", KEY), ("idempotency-key", KEY)],
            None,
        )
        .await;
    assert_eq!((twice.status, twice.error_code()), (StatusCode::BAD_REQUEST, "invalid_idempotency_key"));
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 0);
    assert_eq!(server.call("GET", RATING, None).await.json["total"], 0);

    // The shortest and longest keys, with every kind of character allowed.
    for key in ["Az09-_Az09-_Az09", &"aZ9_-".repeat(13)[..64]] {
        let reply = keyed(&server, "POST", COMMENTS, comment(&reader, key), key).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{key}: {reply:?}");
    }
}

#[tokio::test]
async fn readers_have_their_own_keys() {
    let server = TestServer::with_api(generous());
    let (ann, bent) = (server.reader().await, server.reader().await);
    let a = keyed(&server, "POST", COMMENTS, comment(&ann, "Hej"), KEY).await;
    let b = keyed(&server, "POST", COMMENTS, comment(&bent, "Hej"), KEY).await;
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!((replayed(&a), replayed(&b)), (None, None));
    assert_ne!(a.json["comment"]["id"], b.json["comment"]["id"]);
    let b_rates = keyed(&server, "PUT", RATING, rating(&bent, 2), OTHER_KEY).await;
    let a_rates = keyed(&server, "PUT", RATING, rating(&ann, 5), OTHER_KEY).await;
    assert_eq!((a_rates.status, replayed(&a_rates)), (StatusCode::OK, None));
    assert_eq!(a_rates.json["counts"], json!([0, 1, 0, 0, 1]), "{b_rates:?} {a_rates:?}");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 2);
}

#[tokio::test]
async fn a_repeated_rating_gets_the_first_answer_and_changes_nothing() {
    let server = TestServer::with_api(generous());
    let (ann, bent) = (server.reader().await, server.reader().await);
    let first = keyed(&server, "PUT", RATING, rating(&ann, 4), KEY).await;
    assert_eq!(first.status, StatusCode::OK, "{first:?}");
    assert_eq!(first.json, json!({"counts": [0, 0, 0, 1, 0], "total": 1, "average": 4.0, "mine": 4}));
    // Ann changes her mind, and Bent rates, before the first request comes again.
    assert_eq!(keyed(&server, "PUT", RATING, rating(&ann, 2), OTHER_KEY).await.status, StatusCode::OK);
    assert_eq!(server.call("PUT", RATING, Some(rating(&bent, 5))).await.status, StatusCode::OK);

    let again = keyed(&server, "PUT", RATING, rating(&ann, 4), KEY).await;
    assert_eq!((again.status, replayed(&again)), (StatusCode::OK, Some("true")));
    assert_eq!(again.bytes, first.bytes, "the answer of then");
    let now = server.call_with_reader("GET", RATING, &ann, None).await;
    assert_eq!(now.json, json!({"counts": [0, 1, 0, 0, 1], "total": 2, "average": 3.5, "mine": 2}), "not set again");
}

#[tokio::test]
async fn a_replay_is_answered_past_the_limits_and_does_not_count() {
    let limits = Limits {
        comments: Rate::new(1, Duration::from_secs(600)),
        ratings: Rate::new(2, Duration::from_secs(600)),
        ..generous()
    };
    let server = TestServer::with_api_config(limits, |config| {
        config.caps = DailyCaps { comments: 1, comments_per_article: 1 };
    });
    let (ann, bent) = (server.reader().await, server.reader().await);
    let first = keyed(&server, "POST", COMMENTS, comment(&ann, "Hej"), KEY).await;
    assert_eq!(first.status, StatusCode::CREATED);
    // Ann's allowance is spent, and so is the day's for the site.
    let refused = keyed(&server, "POST", COMMENTS, comment(&ann, "Igen"), OTHER_KEY).await;
    assert_eq!((refused.status, refused.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    let refused = server.call_as("POST", OTHER_COMMENTS, Some(comment(&bent, "Hej")), None, Some("10.0.0.2")).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "another reader and address: the daily cap");
    for _ in 0..3 {
        let again = keyed(&server, "POST", COMMENTS, comment(&ann, "Hej"), KEY).await;
        assert_eq!((again.status, replayed(&again)), (StatusCode::CREATED, Some("true")), "{again:?}");
        assert_eq!(again.bytes, first.bytes);
    }

    // Two rating changes allowed (new keys: these are other requests); replays of the first do not use up the second.
    let first = keyed(&server, "PUT", RATING, rating(&ann, 4), RATING_KEY).await;
    assert_eq!(first.status, StatusCode::OK);
    for _ in 0..3 {
        let again = keyed(&server, "PUT", RATING, rating(&ann, 4), RATING_KEY).await;
        assert_eq!((again.status, replayed(&again)), (StatusCode::OK, Some("true")), "{again:?}");
    }
    let second = keyed(&server, "PUT", RATING, rating(&ann, 3), OTHER_RATING_KEY).await;
    assert_eq!((second.status, replayed(&second)), (StatusCode::OK, None), "{second:?}");
    let third = server.call("PUT", RATING, Some(rating(&ann, 2))).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    let again = keyed(&server, "PUT", RATING, rating(&ann, 4), RATING_KEY).await;
    assert_eq!((again.status, again.bytes), (StatusCode::OK, first.bytes), "still answered when limited");
}

#[tokio::test]
async fn a_refused_request_leaves_its_key_unused() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let refused = keyed(&server, "POST", COMMENTS, comment(&reader, " "), KEY).await;
    assert_eq!((refused.status, refused.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "body_empty"));
    let written = keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY).await;
    assert_eq!((written.status, replayed(&written)), (StatusCode::CREATED, None), "{written:?}");

    let refused = keyed(&server, "PUT", RATING, rating(&reader, 9), OTHER_KEY).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rated = keyed(&server, "PUT", RATING, rating(&reader, 3), OTHER_KEY).await;
    assert_eq!((rated.status, replayed(&rated), &rated.json["mine"]), (StatusCode::OK, None, &json!(3)));
}

#[tokio::test]
async fn without_a_key_every_request_is_new() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let a = server.call("POST", COMMENTS, Some(comment(&reader, "Hej"))).await;
    let b = server.call("POST", COMMENTS, Some(comment(&reader, "Hej"))).await;
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!((replayed(&a), replayed(&b)), (None, None));
    assert_ne!(a.json["comment"]["id"], b.json["comment"]["id"]);
    assert_ne!(a.json["secret"], b.json["secret"]);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 2);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM idempotency_keys").await, 0);
}

#[tokio::test]
async fn a_bots_comment_is_discarded_and_its_answer_repeated() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let body = json!({"reader": reader, "name": "Bot", "body": "Køb nu", "website": "https://spam.example"});
    let first = keyed(&server, "POST", COMMENTS, body.clone(), KEY).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = keyed(&server, "POST", COMMENTS, body, KEY).await;
    assert_eq!((again.status, replayed(&again)), (StatusCode::CREATED, Some("true")));
    assert_eq!(again.bytes, first.bytes, "the bot learns nothing from a second try either");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM comments").await, 0);
}

#[tokio::test]
async fn neither_the_key_nor_the_comments_secret_is_stored_readably() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let reply = keyed(&server, "POST", COMMENTS, comment(&reader, "Hej"), KEY).await;
    let secret = reply.json["secret"].as_str().unwrap();
    assert_eq!(count(&server, "SELECT COUNT(*) FROM idempotency_keys").await, 1, "the answer is kept");
    // SQLite: the database and its write-ahead log, wherever the row is by now.
    let stored = database(&server).await.stored_bytes(&server.config.db).await;
    let contains = |needle: &str| stored.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(contains(&reader), "the reader is stored (so the search looks at the right bytes)");
    assert!(!contains(secret), "the secret is not");
    assert!(!contains(KEY), "nor the key");
}

#[tokio::test]
async fn keys_are_kept_thirty_days() {
    const DAY: i64 = 24 * 60 * 60;
    let server = TestServer::with_api(generous());
    let (old, recent, new) = (server.reader().await, server.reader().await, server.reader().await);
    assert_eq!(keyed(&server, "POST", COMMENTS, comment(&old, "Hej"), KEY).await.status, StatusCode::CREATED);
    assert_eq!(keyed(&server, "POST", COMMENTS, comment(&recent, "Hej"), KEY).await.status, StatusCode::CREATED);
    let mut db = database(&server).await;
    for (reader, days) in [(&old, 31), (&recent, 29)] {
        let age = days * DAY;
        let sql = format!("UPDATE idempotency_keys SET created_at = created_at - {age} WHERE reader = '{reader}'");
        assert_eq!(db.execute(&sql).await, 1);
    }
    drop(db);
    let keys = "SELECT COUNT(*) FROM idempotency_keys";
    // Old keys go at most once an hour (and on a server's first keyed write): not yet.
    assert_eq!(keyed(&server, "POST", COMMENTS, comment(&new, "Hej"), KEY).await.status, StatusCode::CREATED);
    assert_eq!(count(&server, keys).await, 3);

    let server = server.restart();
    assert_eq!(keyed(&server, "PUT", RATING, rating(&new, 5), OTHER_KEY).await.status, StatusCode::OK);
    assert_eq!(count(&server, keys).await, 3, "the 31 days old key is gone, the new one is there");
    let recent_again = keyed(&server, "POST", COMMENTS, comment(&recent, "Hej"), KEY).await;
    assert_eq!(replayed(&recent_again), Some("true"), "29 days: still kept");
    let old_again = keyed(&server, "POST", COMMENTS, comment(&old, "Noget andet"), KEY).await;
    assert_eq!((old_again.status, replayed(&old_again)), (StatusCode::CREATED, None), "forgotten: a new request");
}

#[tokio::test]
async fn the_openapi_description_documents_the_key() {
    let server = TestServer::with_api(generous());
    let doc = server.call("GET", "/api/openapi.json", None).await.json;
    for (path, method, success) in
        [("/api/articles/{id}/comments", "post", "201"), ("/api/articles/{id}/rating", "put", "200")]
    {
        let operation = &doc["paths"][path][method];
        let parameters = operation["parameters"].as_array().unwrap();
        let key = parameters.iter().find(|p| p["name"] == "Idempotency-Key").unwrap_or_else(|| panic!("{path}"));
        assert_eq!(key["in"], "header");
        assert_eq!(key["required"], false);
        assert_eq!(key["schema"]["pattern"], "^[A-Za-z0-9_-]{16,64}$");
        assert!(operation["responses"][success]["headers"]["Idempotent-Replayed"].is_object(), "{path}");
        for status in ["400", "422"] {
            let description = operation["responses"][status]["description"].as_str().unwrap();
            assert!(description.contains("dempotency"), "{path} {status}: {description}");
        }
    }
}
