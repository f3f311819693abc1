//! The normalised feed at `/feed.json`: one JSON Feed document with the `_beboerblad`
//! extension that reads back into the very magazine the server holds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use beboerblad::model::Magazine;
use common::{TestServer, text};
use serde_json::{Value, json};

const FEED: &str = "/feed.json";

async fn get_with(server: &TestServer, if_none_match: &str) -> axum::http::Response<Body> {
    server.request(Request::get(FEED).header(header::IF_NONE_MATCH, if_none_match).body(Body::empty()).unwrap()).await
}

fn served(server: &TestServer) -> Magazine {
    Magazine::clone(&server.state.content.current().unwrap())
}

#[tokio::test]
async fn the_feed_is_one_normalised_document_with_the_extension() {
    let server = TestServer::new();
    let response = server.get(FEED).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/feed+json; charset=utf-8");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let json: Value = serde_json::from_str(&text(response).await).unwrap();

    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["title"], "Testbladet");
    assert_eq!(json["description"], "Et blad til test");
    assert!(json.get("next_url").is_none(), "everything in one document: {json}");
    let ext = &json["_beboerblad"];
    assert_eq!(
        ext["publication"],
        json!({"name": "Testbladet", "description": "Et blad til test",
               "contact": "Redaktionen i kælderen, redaktion@blad.example",
               "colophon": "Udgivet af foreningen.\nOplag 100.", "copyright": common::COPYRIGHT})
    );
    assert_eq!(
        ext["issues"],
        json!([{"id": "2024-05", "title": "2024-05 juni", "date": "2024-06-01",
                "cover": "/images/forside.jpg", "cover_alt": "Forsiden", "pages": 24}])
    );
    assert_eq!(ext["sections"], json!([{"id": "nyt", "name": "Nyt"}, {"id": "kultur", "name": "Kultur"}]));

    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "both pages of the feed on disk");
    assert_eq!(
        items[0],
        json!({
            "id": "legeplads", "title": "Ny legeplads", "summary": "Børnene jubler.",
            "content_html": "<p>Første afsnit om legepladsen.</p><p>Andet afsnit.</p>",
            "image": "/images/legeplads.jpg", "date_published": "2024-06-05T08:00:00+02:00",
            "authors": [{"name": "Hanne"}],
            "_beboerblad": {"issue": "2024-05", "page": 3, "section": "nyt", "related": ["farlig"], "image_alt": "Klatrestativ"}
        })
    );
    assert_eq!(items[1]["title"], common::HOSTILE_TITLE, "text stays text; JSON escapes it");
    assert_eq!(items[1]["date_published"], "2024-06-02", "dates as the feed wrote them");
    assert_eq!(items[1]["_beboerblad"]["copyright"], common::PHOTO_COPYRIGHT, "an article's own copyright notice");
}

#[tokio::test]
async fn the_feed_reads_back_into_the_servers_magazine() {
    let server = TestServer::new();
    let published = text(server.get(FEED).await).await;
    let read_back = beboerblad::feed::decode(&published).unwrap();
    assert_eq!(read_back, served(&server));
    assert_eq!(read_back.articles.len(), 2);
}

#[tokio::test]
async fn a_plain_third_party_feed_reads_back_too() {
    // No extension: sections from tags, text bodies, an item without date or body.
    let plain = json!({
        "version": "https://jsonfeed.org/version/1",
        "title": "Haveklubbens blog",
        "home_page_url": "https://blog.example/",
        "items": [
            {"id": "https://blog.example/?p=1", "title": "Kartofler i spand", "content_html": "<p>Sådan <a href=\"/guide\">gør</a> du.<img src=\"billede.jpg\"></p>", "tags": ["Haven"], "date_published": "2024-05-01T10:00:00Z"},
            {"id": "https://blog.example/?p=2", "title": "Bier på taget", "content_text": "Honning fra taget.\n\nOg <voks>.", "tags": ["Bier"], "author": {"name": "Bo"}},
            {"id": "https://blog.example/?p=2", "title": "Samme id igen", "tags": ["Bier"]}
        ]
    });
    let server = TestServer::with_feed(Some(&plain.to_string()));
    let published = text(server.get(FEED).await).await;
    assert_eq!(beboerblad::feed::decode(&published).unwrap(), served(&server));
    let json: Value = serde_json::from_str(&published).unwrap();
    assert_eq!(json["home_page_url"], "https://blog.example/");
    let ids: Vec<&str> = json["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["https-blog-example-p-1", "https-blog-example-p-2", "https-blog-example-p-2-2"]);
}

#[tokio::test]
async fn the_feed_revalidates_with_a_strong_etag() {
    let server = TestServer::new();
    let response = server.get(FEED).await;
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2, "strong: {etag}");
    let body = text(response).await;

    for matching in [etag.clone(), format!("W/{etag}"), format!("\"other\", {etag}"), "*".to_string()] {
        let response = get_with(&server, &matching).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{matching}");
        assert_eq!(response.headers()[header::ETAG], etag.as_str());
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(text(response).await, "");
    }
    let response = get_with(&server, "\"other\"").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(text(response).await, body);

    // A new feed on disk: a new tag, and the old one no longer matches.
    let changed = common::feed().replace("Ny legeplads", "Legepladsen er åben");
    common::write(&server.content().join("feed.json"), &changed);
    let response = get_with(&server, &etag).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_ne!(response.headers()[header::ETAG], etag.as_str());
    assert!(text(response).await.contains("Legepladsen er åben"));
}

#[tokio::test]
async fn a_broken_feed_on_disk_leaves_the_last_good_one_published() {
    let server = TestServer::new();
    let response = server.get(FEED).await;
    let etag: HeaderValue = response.headers()[header::ETAG].clone();
    let good = text(response).await;
    let feed = common::feed();
    common::write(&server.content().join("feed.json"), &feed[..feed.len() / 2]);
    let response = server.get(FEED).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::ETAG], etag);
    assert_eq!(text(response).await, good);
    assert_eq!(server.state.content.reloads(), 2, "the broken file was read");
}

#[tokio::test]
async fn without_a_good_feed_the_feed_is_a_json_503() {
    let server = TestServer::with_feed(Some("{ broken"));
    let reply = server.call("GET", FEED, None).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::SERVICE_UNAVAILABLE, "feed_unavailable"));
    common::write(&server.content().join("feed.json"), &common::feed());
    assert_eq!(server.get(FEED).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_feed_is_compressed_for_clients_that_ask() {
    let server = TestServer::new();
    let plain = text(server.get(FEED).await).await;
    let request = Request::get(FEED).header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let response = server.request(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(response.headers()[header::VARY].to_str().unwrap().contains("accept-encoding"));
    let compressed = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    assert!(compressed.len() < plain.len(), "{} ≥ {}", compressed.len(), plain.len());
}

#[test]
fn the_demo_magazine_reads_back_too() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let content = beboerblad_server::content::Content::new(dir);
    let edition = content.current_edition().unwrap();
    let published = std::str::from_utf8(&edition.published.json).unwrap();
    assert!(edition.magazine.articles.len() > 10, "the demo content is a whole magazine");
    assert_eq!(beboerblad::feed::decode(published).unwrap(), *edition.magazine);
}
