//! Ratings through the public Router: summary, change of mind, withdrawal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::{ARTICLE, OTHER_ARTICLE, TestServer, generous};
use serde_json::json;

const RATING: &str = "/api/articles/legeplads/rating";

#[tokio::test]
async fn an_unrated_article_has_empty_counts() {
    let server = TestServer::with_api(generous());
    let reply = server.call("GET", RATING, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json, json!({"counts": [0, 0, 0, 0, 0], "total": 0, "average": null, "mine": null}));
    assert_eq!(reply.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn rating_changing_ones_mind_and_withdrawing() {
    let server = TestServer::with_api(generous());
    let (a, b, c) = (server.reader().await, server.reader().await, server.reader().await);
    let put = server.call("PUT", RATING, Some(json!({"reader": a, "value": 4}))).await;
    assert_eq!(put.status, StatusCode::OK);
    assert_eq!(put.json, json!({"counts": [0, 0, 0, 1, 0], "total": 1, "average": 4.0, "mine": 4}));

    server.call("PUT", RATING, Some(json!({"reader": b, "value": 1}))).await;
    // Changing one's mind replaces the rating: still two in all.
    let changed = server.call("PUT", RATING, Some(json!({"reader": a, "value": 5}))).await;
    assert_eq!(changed.json, json!({"counts": [1, 0, 0, 0, 1], "total": 2, "average": 3.0, "mine": 5}));

    // Anyone's view, and one reader's (the id in a header, never in the URL).
    let all = server.call("GET", RATING, None).await;
    assert_eq!(all.json["mine"], json!(null));
    assert_eq!(all.json["total"], 2);
    let mine = server.call_with_reader("GET", RATING, &b, None).await;
    assert_eq!(mine.json["mine"], 1);
    let stranger = server.call_with_reader("GET", RATING, &c, None).await;
    assert_eq!(stranger.json["mine"], json!(null));

    // Withdraw with the id in the body; withdrawing twice is fine.
    let gone = server.call("DELETE", RATING, Some(json!({"reader": a}))).await;
    assert_eq!(gone.status, StatusCode::OK);
    assert_eq!(gone.json, json!({"counts": [1, 0, 0, 0, 0], "total": 1, "average": 1.0, "mine": null}));
    let gone = server.call("DELETE", RATING, Some(json!({"reader": b}))).await;
    assert_eq!(gone.json, json!({"counts": [0, 0, 0, 0, 0], "total": 0, "average": null, "mine": null}));
    let again = server.call("DELETE", RATING, Some(json!({"reader": b}))).await;
    assert_eq!(again.status, StatusCode::OK);
}

#[tokio::test]
async fn articles_are_rated_separately() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    server.call("PUT", RATING, Some(json!({"reader": reader, "value": 2}))).await;
    let other = format!("/api/articles/{OTHER_ARTICLE}/rating");
    let reply = server.call("PUT", &other, Some(json!({"reader": reader, "value": 3}))).await;
    assert_eq!(reply.json["counts"], json!([0, 0, 1, 0, 0]));
    let first = server.call_with_reader("GET", &format!("/api/articles/{ARTICLE}/rating"), &reader, None).await;
    assert_eq!(first.json["mine"], 2);
}

#[tokio::test]
async fn averages_are_exact() {
    let server = TestServer::with_api(generous());
    for value in [5, 4, 4] {
        let reader = server.reader().await;
        let reply = server.call("PUT", RATING, Some(json!({"reader": reader, "value": value}))).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }
    let reply = server.call("GET", RATING, None).await;
    let average = reply.json["average"].as_f64().unwrap();
    assert!((average - 13.0 / 3.0).abs() < 1e-9, "{average}");
}

#[tokio::test]
async fn rating_input_is_validated() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let cases = [
        (json!({"reader": reader, "value": 0}), StatusCode::UNPROCESSABLE_ENTITY, "value_out_of_range"),
        (json!({"reader": reader, "value": 6}), StatusCode::UNPROCESSABLE_ENTITY, "value_out_of_range"),
        (json!({"reader": reader, "value": -1}), StatusCode::UNPROCESSABLE_ENTITY, "value_out_of_range"),
        (json!({"reader": reader, "value": 2.5}), StatusCode::UNPROCESSABLE_ENTITY, "value_out_of_range"),
        (json!({"reader": reader, "value": 999}), StatusCode::UNPROCESSABLE_ENTITY, "value_out_of_range"),
        (json!({"reader": reader}), StatusCode::UNPROCESSABLE_ENTITY, "missing_field"),
        (json!({"reader": reader, "value": 3, "stars": 3}), StatusCode::UNPROCESSABLE_ENTITY, "unknown_field"),
        (json!({"reader": "short", "value": 3}), StatusCode::BAD_REQUEST, "invalid_reader"),
        (json!({"reader": "has spaces in it", "value": 3}), StatusCode::BAD_REQUEST, "invalid_reader"),
        (json!({"reader": "x".repeat(65), "value": 3}), StatusCode::BAD_REQUEST, "invalid_reader"),
        (json!([1, 2]), StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
    ];
    for (body, status, code) in cases {
        let reply = server.call("PUT", RATING, Some(body.clone())).await;
        assert_eq!((reply.status, reply.error_code()), (status, code), "{body}");
    }
    let bad_header = server.call_with_reader("GET", RATING, "no", None).await;
    assert_eq!((bad_header.status, bad_header.error_code()), (StatusCode::BAD_REQUEST, "invalid_reader"));
    let twice = server.call("GET", &format!("{RATING}?reader=a&reader=b"), None).await;
    assert_eq!((twice.status, twice.error_code()), (StatusCode::BAD_REQUEST, "invalid_query"));
    let no_reader = server.call("DELETE", RATING, None).await;
    assert_eq!((no_reader.status, no_reader.error_code()), (StatusCode::BAD_REQUEST, "missing_reader"));
    // Nothing was stored by any of it.
    assert_eq!(server.call("GET", RATING, None).await.json["total"], 0);
}

#[tokio::test]
async fn only_articles_in_the_feed_can_be_rated() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let path = "/api/articles/no-such-article/rating";
    for (method, body) in [
        ("GET", None),
        ("PUT", Some(json!({"reader": reader, "value": 3}))),
        ("DELETE", Some(json!({"reader": reader}))),
    ] {
        let reply = server.call(method, path, body).await;
        assert_eq!((reply.status, reply.error_code()), (StatusCode::NOT_FOUND, "unknown_article"), "{method}");
    }
}
