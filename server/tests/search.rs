//! Search through the public Router: `/api/search` (JSON, bounded, in step with the feed)
//! and the `/soeg` page (results readable without JavaScript).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use beboerblad::da;
use common::{TestServer, text};
use serde_json::Value;

fn ids(json: &Value) -> Vec<&str> {
    json["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect()
}

fn marked(hit: &Value) -> Vec<&str> {
    // Plain text and matches take turns: the matches are at odd positions.
    hit["snippet"].as_array().unwrap().iter().skip(1).step_by(2).map(|p| p.as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_api_finds_articles_danish_aware_with_marked_snippets() {
    let server = TestServer::new();
    let reply = server.call("GET", "/api/search?q=LEGEPLADSER", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(ids(&reply.json), ["legeplads"], "case and inflection: the title Ny legeplads");
    assert_eq!(reply.json["total"], 1);
    assert_eq!(marked(&reply.json["hits"][0]), ["legepladsen"]);
    assert_eq!(reply.json["hits"][0]["title"], "Ny legeplads");
    assert_eq!(reply.json["hits"][0]["section"], "nyt");
    assert_eq!(reply.json["hits"][0]["issue"], "2024-05");
    assert_eq!(reply.json["hits"][0]["issue_title"], "2024-05 juni", "for bookmarks made from the results");
    // "oe" finds "ø" (the lead says "Børnene"), percent-encoded or not.
    for q in ["boernene", "b%C3%B8rn", "F%C3%98RSTE"] {
        let reply = server.call("GET", &format!("/api/search?q={q}"), None).await;
        assert_eq!(ids(&reply.json), ["legeplads"], "{q}: {reply:?}");
    }
    assert_eq!(reply.headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));
}

#[tokio::test]
async fn an_empty_or_unmatched_query_has_no_hits_and_a_long_one_is_refused() {
    let server = TestServer::new();
    for q in ["", "%20%20", "zebra", "legeplads%20zebra"] {
        let reply = server.call("GET", &format!("/api/search?q={q}"), None).await;
        assert_eq!((reply.status, reply.json["total"].as_u64()), (StatusCode::OK, Some(0)), "{q}: {reply:?}");
    }
    let reply = server.call("GET", "/api/search", None).await;
    assert_eq!(reply.json["hits"], serde_json::json!([]), "no q at all");
    let long = "a".repeat(api_types::SEARCH_QUERY_MAX + 1);
    let reply = server.call("GET", &format!("/api/search?q={long}"), None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json["error"]["code"], "query_too_long");
    let at_limit = "å".repeat(api_types::SEARCH_QUERY_MAX);
    let reply = server.call("GET", &format!("/api/search?q={}", beboerblad::api::encode_query(&at_limit)), None).await;
    assert_eq!(reply.status, StatusCode::OK, "the limit counts characters, not bytes");
}

#[tokio::test]
async fn the_index_follows_the_feed_when_it_changes() {
    let server = TestServer::new();
    assert_eq!(server.call("GET", "/api/search?q=gaarden", None).await.json["total"], 0);
    let changed = common::feed().replace("Ny legeplads", "Ny legeplads i gården");
    common::write(&server.content().join("feed.json"), &changed);
    let reply = server.call("GET", "/api/search?q=gaarden", None).await;
    assert_eq!(ids(&reply.json), ["legeplads"], "aa finds å in the new title: {reply:?}");
}

#[tokio::test]
async fn the_search_page_is_rendered_with_its_results() {
    let server = TestServer::new();
    let response = server.get("/soeg?q=legepladser").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains(r#"role="search""#), "the header's search landmark");
    assert!(html.contains(r#"<mark>legepladsen</mark>"#), "{html}");
    assert!(html.contains(&format!("{} »legepladser«.", da::SEARCH_ONE)), "the count, announced");
    assert!(html.contains(r#"value="legepladser""#), "the field holds the query");
    assert!(html.contains(r#""search":{"query":"legepladser""#), "the results travel for takeover");
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));

    let html = text(server.get("/soeg?q=zebra").await).await;
    assert!(html.contains(&format!("{} »zebra«.", da::SEARCH_NONE)), "no results, in Danish");
    let html = text(server.get("/soeg").await).await;
    assert!(html.contains(da::SEARCH_PROMPT));
}

#[tokio::test]
async fn the_api_is_in_the_openapi_description() {
    let server = TestServer::new();
    let doc = server.call("GET", "/api/openapi.json", None).await.json;
    let op = &doc["paths"]["/api/search"]["get"];
    assert_eq!(op["operationId"], "search");
    assert_eq!(op["parameters"][0]["schema"]["maxLength"], api_types::SEARCH_QUERY_MAX);
    assert!(doc["components"]["schemas"]["SearchResults"].is_object());
}
