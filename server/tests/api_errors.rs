//! The API's edges: every malformed request, unknown route and wrong method is a JSON
//! error with a 4xx status; the OpenAPI description matches the route table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use beboerblad_server::http::api::ROUTES;
use common::{ADMIN_TOKEN, Reply, TestServer, generous};

const RATING: &str = "/api/articles/legeplads/rating";
const COMMENTS: &str = "/api/articles/legeplads/comments";

async fn raw(
    server: &TestServer,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    Reply::from(server.request(request.body(body.into()).unwrap()).await).await
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!((reply.status, reply.error_code()), (status, code), "{reply:?}");
    let message = reply.json["error"]["message"].as_str().unwrap();
    for internal in ["SQL", "sqlite", "/tmp", "data/", "beboerblad.db", "struct", "line 1"] {
        assert!(!message.contains(internal), "{message}");
    }
}

#[tokio::test]
async fn malformed_bodies() {
    let server = TestServer::with_api(generous());
    let json = Some("application/json");
    assert_error(&raw(&server, "PUT", RATING, json, "{\"reader\": ").await, StatusCode::BAD_REQUEST, "invalid_json");
    assert_error(&raw(&server, "PUT", RATING, json, "not json").await, StatusCode::BAD_REQUEST, "invalid_json");
    assert_error(&raw(&server, "PUT", RATING, json, "").await, StatusCode::BAD_REQUEST, "invalid_json");
    assert_error(
        &raw(&server, "PUT", RATING, json, r#"{"reader":"reader-aaaa","value":3} {}"#).await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    );
    assert_error(
        &raw(&server, "POST", COMMENTS, json, vec![0xff, 0xfe]).await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    );
    // Content types: JSON with parameters is fine; anything else, or none, is not.
    let body = serde_json::json!({"reader": server.reader().await, "value": 3}).to_string();
    let ok = raw(&server, "PUT", RATING, Some("application/json; charset=utf-8"), body).await;
    assert_eq!(ok.status, StatusCode::OK, "{ok:?}");
    let body = r#"{"reader":"reader-aaaa","value":3}"#;
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let reply = raw(&server, "PUT", RATING, content_type, body).await;
        assert_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    }
    let reply = raw(&server, "DELETE", RATING, Some("text/plain"), "reader=reader-aaaa").await;
    assert_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
}

#[tokio::test]
async fn bodies_over_16_kib_are_refused() {
    let server = TestServer::with_api(generous());
    let big = format!(r#"{{"reader":"reader-aaaa","name":"Ann","body":"{}"}}"#, "a".repeat(17 * 1024));
    assert_error(
        &raw(&server, "POST", COMMENTS, Some("application/json"), big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
    );
    // Also when streamed without a length.
    let chunks = futures_chunks(20, 1024);
    let reply = raw(&server, "POST", COMMENTS, Some("application/json"), chunks).await;
    assert_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
    assert_eq!(server.call("GET", COMMENTS, None).await.json["comments"].as_array().unwrap().len(), 0);
}

/// A body of `n` chunks of `size` bytes with no length known up front.
fn futures_chunks(n: usize, size: usize) -> Body {
    let chunks = (0..n).map(move |_| Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b' '; size])));
    Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let server = TestServer::with_api(generous());
    for path in [
        "/api",
        "/api/",
        "/api/nothing",
        "/api/articles/legeplads",
        "/api/articles/legeplads/rating/extra",
        "/api/comments",
    ] {
        assert_error(&server.call("GET", path, None).await, StatusCode::NOT_FOUND, "not_found");
        assert_error(&server.call("POST", path, None).await, StatusCode::NOT_FOUND, "not_found");
    }
    let reply = server.call("POST", RATING, None).await;
    assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let allow = reply.headers[header::ALLOW].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("PUT") && allow.contains("DELETE"), "{allow}");
    assert_error(&server.call("PATCH", COMMENTS, None).await, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_error(
        &server.call("GET", "/api/comments/1", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    assert_error(
        &server.call("GET", "/api/comments/1/hide", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    // Pages outside /api are untouched: still the app's HTML 404.
    let page = server.get("/api-is-not-a-prefix").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert_eq!(page.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
}

#[tokio::test]
async fn bad_paths_and_queries() {
    let server = TestServer::with_api(generous());
    assert_error(
        &server.call("GET", "/api/articles/%FF%FE/rating", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
    );
    assert_error(
        &server.call("GET", "/api/articles/..%2F..%2Fetc/rating", None).await,
        StatusCode::NOT_FOUND,
        "unknown_article",
    );
    assert_error(&server.call("POST", "/api/comments/1.5/hide", None).await, StatusCode::BAD_REQUEST, "invalid_path");
    assert_error(
        &server.call("DELETE", "/api/comments/99999999999999999999999", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
    );
    assert_error(
        &server.call("GET", &format!("{COMMENTS}?after=1&after=2"), None).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    );
    // Unknown query parameters (cache busters) are ignored.
    assert_eq!(server.call("GET", &format!("{COMMENTS}?_=123"), None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_broken_feed_is_a_503_not_a_500() {
    let server = TestServer::with_feed(Some("{ broken"));
    let reply = server.call("GET", RATING, None).await;
    assert_error(&reply, StatusCode::SERVICE_UNAVAILABLE, "feed_unavailable");
}

#[tokio::test]
async fn openapi_lists_every_route() {
    let server = TestServer::with_api(generous());
    let reply = server.call("GET", "/api/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let documented: BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().keys().map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_uppercase(), p.to_string())).collect();
    assert_eq!(routed, documented, "route table and OpenAPI paths differ");
    // Every route the table lists answers (with something other than "no such endpoint").
    for (method, path) in ROUTES {
        let path = path.replace("{id}", if path.contains("articles") { "legeplads" } else { "1" });
        let reply = server.call(&method.to_uppercase(), &path, None).await;
        assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(reply.json.get("error").is_none_or(|e| e["code"] != "not_found"), "{method} {path}: {reply:?}");
    }
    let mut operation_ids: Vec<&str> = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    operation_ids.sort_unstable();
    let count = operation_ids.len();
    operation_ids.dedup();
    assert_eq!(operation_ids.len(), count, "operation ids are unique");
    for schema in ["RatingSummary", "RatingInput", "CommentInput", "CommentPage", "CommentCreated", "ErrorBody"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn every_operation_with_an_id_documents_the_bad_id_answer() {
    let server = TestServer::with_api(generous());
    let doc = server.call("GET", "/api/openapi.json", None).await.json;
    let mut missing = Vec::new();
    for (method, path) in ROUTES.iter().filter(|(_, p)| p.contains("/api/comments/{id}")) {
        // An id that is not a number (or too large for one) is refused with a 400.
        let reply = server.call(&method.to_uppercase(), &path.replace("{id}", "9223372036854775808"), None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{method} {path}");
        if doc["paths"][path][method]["responses"]["400"].is_null() {
            missing.push(format!("{method} {path}"));
        }
    }
    assert_eq!(missing, Vec::<String>::new(), "answers 400 without documenting it");
}

#[tokio::test]
async fn an_empty_json_body_gets_a_documented_answer_on_every_route_that_takes_one() {
    let server = TestServer::with_api(generous());
    let doc = server.call("GET", "/api/openapi.json", None).await.json;
    let mut undocumented = Vec::new();
    for (method, path) in ROUTES {
        if doc["paths"][path][method]["requestBody"].is_null() {
            continue;
        }
        let target = path.replace("{id}", if path.contains("articles") { "legeplads" } else { "1" });
        let reply =
            server.call_as(&method.to_uppercase(), &target, Some(serde_json::json!({})), Some(ADMIN_TOKEN), None).await;
        if doc["paths"][path][method]["responses"][reply.status.as_str()].is_null() {
            undocumented.push(format!("{method} {path}: {} {:?}", reply.status, reply.json));
        }
    }
    assert_eq!(undocumented, Vec::<String>::new(), "answers with a status the description does not list");
}
