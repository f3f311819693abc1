//! Embedding: the snippet's script, the theme's stylesheet, and the embed pages (their
//! markup, their options, and to which host origin they may report).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use beboerblad_server::Config;
use common::{TestServer, text};

const HOST: &str = "https://forening.example";

fn allowing(origins: &[&str]) -> TestServer {
    let server = TestServer::new();
    let config =
        Config { embed_origins: origins.iter().map(|o| o.parse().unwrap()).collect(), ..server.config.clone() };
    TestServer { config, ..server }.restart()
}

/// The content of `<meta name="…">` in `html`.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let tag = format!(r#"<meta name="{name}" content=""#);
    let start = html.find(&tag)? + tag.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[tokio::test]
async fn embed_js_is_one_small_file_browsers_ask_for_each_time() {
    let server = TestServer::new();
    let response = server.get("/embed.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let script = text(response).await;
    assert_eq!(script, include_str!("../../public/embed.js"));
    assert!(script.len() < 10_000, "a few KB: {} bytes", script.len());
    let etag = headers[header::ETAG].clone();
    let again = Request::get("/embed.js").header(header::IF_NONE_MATCH, etag.clone()).body(Body::empty()).unwrap();
    let response = server.request(again).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], etag);
}

#[tokio::test]
async fn the_theme_has_allowed_readable_values_only() {
    let server = TestServer::new();
    let response =
        server.get("/embed.css?accent=%238A1C1C&link=ffee88&background=red&font=serif&heading-font=comic").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/css; charset=utf-8");
    let css = text(response).await;
    assert!(css.starts_with(":root { --bb-accent: #8a1c1c; --bb-font: Georgia"), "{css}");
    for absent in ["--bb-link", "--bb-paper", "--bb-heading-font", "red", "comic"] {
        assert!(!css.contains(absent), "{absent} in {css}");
    }
    let hostile = text(server.get("/embed.css?accent=fff;}body{display:none&font=serif;}*{x:y").await).await;
    assert_eq!(hostile, ":root { }\n");
}

#[tokio::test]
async fn an_embed_page_is_marked_themed_and_talks_to_an_allowed_host() {
    let server = allowing(&[HOST]);
    let response = server.get(&format!("/artikel/legeplads?embed={HOST}&compact=1&accent=8a1c1c&utm_source=x")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains("<html data-embed data-compact lang=\"da\">"), "{html}");
    let options = "embed=https://forening.example&amp;compact=1&amp;accent=8a1c1c";
    assert_eq!(meta(&html, "beboerblad-embed"), Some(options), "the canonical options, for the app");
    assert_eq!(meta(&html, "beboerblad-parent"), Some(HOST));
    assert!(html.contains(r#"<script src="/embed.js" defer></script>"#), "{html}");
    assert!(html.contains(r#"<link rel="stylesheet" href="/embed.css?accent=8a1c1c">"#), "{html}");
    // The host page has the site's header (ours is no banner there); links stay in the
    // embed, with its options.
    assert!(html.contains(r#"<header role="none" class="site-header">"#), "{html}");
    assert!(html.contains(&format!(r#"href="/artikel/farlig?{options}""#)), "{html}");
    assert!(html.contains(&format!(r#"href="/sektion/nyt?{options}""#)), "{html}");
    assert!(
        html.contains(r#"<a href="/artikel/legeplads" target="_top" class="open-reader">Åbn i læseren</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<link rel="canonical" href="https://blad.example/artikel/legeplads">"#), "{html}");
}

#[tokio::test]
async fn an_embed_page_reports_to_no_origin_that_may_not_frame_it() {
    let server = allowing(&["https://other.example"]);
    let response = server.get(&format!("/?embed={HOST}")).await;
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    assert!(policy.ends_with("frame-ancestors 'self' https://other.example"), "{policy}");
    let html = text(response).await;
    assert!(html.contains("<html data-embed lang=\"da\">"), "still the embed's markup: {html}");
    assert_eq!(meta(&html, "beboerblad-parent"), None, "{html}");
    assert!(!html.contains("embed.css"), "no theme asked for: {html}");
}

#[tokio::test]
async fn the_readers_own_origin_and_default_ports_count_as_allowed() {
    let server = allowing(&["https://forening.example:443", "http://localhost:8081"]);
    for (parent, allowed) in [
        ("https://forening.example", true),
        ("https://FORENING.example:443", true),
        ("http://localhost:8081", true),
        ("http://localhost:8082", false),
        ("https://blad.example", true),
        ("http://blad.example", false),
    ] {
        let html = text(server.get(&format!("/arkiv?embed={parent}")).await).await;
        assert_eq!(meta(&html, "beboerblad-parent").is_some(), allowed, "{parent}");
    }
}

#[tokio::test]
async fn without_valid_embed_options_the_page_is_the_full_reader() {
    let server = allowing(&[HOST]);
    for query in ["", "?compact=1", "?embed=javascript:alert(1)", "?embed=https://forening.example/side", "?embed="] {
        let html = text(server.get(&format!("/artikel/legeplads{query}")).await).await;
        assert!(html.contains("<html lang=\"da\">"), "{query}: {html}");
        assert!(html.contains(r#"<header class="site-header">"#), "{query}");
        assert!(!html.contains("open-reader"), "{query}");
        assert!(!html.contains("embed.js") && meta(&html, "beboerblad-embed").is_none(), "{query}");
        assert!(html.contains(r#"href="/artikel/farlig""#), "{query}: plain links");
    }
}
