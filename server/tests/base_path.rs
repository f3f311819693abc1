//! Serving under a sub-path (`--base-path`): pages, files, the feed and the API below it,
//! the shell's URLs moved along, and nothing answered outside it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{StatusCode, header};
use beboerblad_server::Config;
use common::{TestServer, text};

/// A shell like Trunk's, with the tags other features add (manifest, icon, feed).
const SHELL: &str = concat!(
    "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"beboerblad-feed\" content=\"/feed.json\">\n",
    "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n",
    "<link rel=\"manifest\" href=\"/manifest.webmanifest\">\n",
    "<link rel=\"stylesheet\" href=\"/main-1.css\" integrity=\"sha384-ab/cd\"/>\n",
    "<link rel=\"preconnect\" href=\"//cdn.example\">\n",
    "<script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">\n",
    "import init, * as bindings from '/app-1.js';\nconst wasm = await init({ module_or_path: '/app-1_bg.wasm' });\n",
    "dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n</script>\n",
    "<link rel=\"modulepreload\" nonce=\"{{__TRUNK NONCE__}}\" href=\"/app-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-js/1\">",
    "<link rel=\"preload\" nonce=\"{{__TRUNK NONCE__}}\" href=\"/app-1_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-wa/sm\" as=\"fetch\" type=\"application/wasm\">\n",
    "</head>\n<body></body>\n</html>\n",
);

fn under(base: &str) -> TestServer {
    let server = TestServer::new();
    common::write(&server.config.dist.join("index.html"), SHELL);
    let config = Config { base_path: base.parse().unwrap(), ..server.config.clone() };
    TestServer { config, ..server }.restart()
}

#[tokio::test]
async fn pages_live_below_the_base_and_link_below_it() {
    let server = under("/skraeppebladet");
    let response = server.get("/skraeppebladet/artikel/legeplads").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    for expected in [
        r#"<meta name="beboerblad-base" content="/skraeppebladet/">"#,
        r#"<meta name="beboerblad-feed" content="/skraeppebladet/feed.json">"#,
        r#"<link rel="icon" href="/skraeppebladet/favicon.svg" type="image/svg+xml">"#,
        r#"<link rel="manifest" href="/skraeppebladet/manifest.webmanifest">"#,
        r#"<link rel="stylesheet" href="/skraeppebladet/main-1.css" integrity="sha384-ab/cd"/>"#,
        r#"<link rel="preconnect" href="//cdn.example">"#,
        "from '/skraeppebladet/app-1.js';",
        "module_or_path: '/skraeppebladet/app-1_bg.wasm'",
        r#"<link rel="canonical" href="https://blad.example/skraeppebladet/artikel/legeplads">"#,
        r#"href="/skraeppebladet/sektion/nyt""#,
        r#"href="/skraeppebladet/blad/2024-05""#,
        r#"href="/skraeppebladet/artikel/farlig""#,
        r#"<a href="/skraeppebladet/" class="brand">"#,
        r#"src="/skraeppebladet/images/legeplads.jpg""#,
        r#"content="https://blad.example/skraeppebladet/images/legeplads.jpg""#,
    ] {
        assert!(html.contains(expected), "missing {expected}\n{html}");
    }
    for outside in [r#"href="/artikel/"#, r#"href="/sektion/"#, r#"src="/images/"#, "'/app-1.js'", r#"href="/""#] {
        assert!(!html.contains(outside), "{outside} points outside the base\n{html}");
    }
    // The island carries the path below the base: what the app's routes read.
    assert!(html.contains(r#""path":"/artikel/legeplads""#), "{html}");
}

/// The page's answer names the app's WebAssembly in a `Link: rel=preload` header, below
/// the base: the browser starts fetching it with the response's headers, before it has
/// committed the page and scanned its `<head>` for the same `<link>` (issue 11).
#[tokio::test]
async fn pages_name_the_webassembly_for_preloading_in_a_header() {
    let expected = |base: &str| {
        format!(
            r#"<{base}app-1_bg.wasm>; rel=preload; as=fetch; crossorigin=anonymous; type="application/wasm"; integrity="sha384-wa/sm""#
        )
    };
    for (base, path) in [("/", "/artikel/legeplads"), ("/skraeppebladet", "/skraeppebladet/artikel/legeplads")] {
        let server = under(base);
        for path in [path.to_string(), format!("{path}-findes-ikke")] {
            let response = server.get(&path).await;
            let link = response.headers().get(header::LINK).map(|v| v.to_str().unwrap().to_string());
            let base = if base == "/" { "/".to_string() } else { format!("{base}/") };
            assert_eq!(link, Some(expected(&base)), "{path}");
        }
    }
    // Only the WebAssembly: the scripts are small and found soon enough by the parser.
    let server = under("/");
    let link = server.get("/").await.headers()[header::LINK].to_str().unwrap().to_string();
    assert!(!link.contains("app-1.js"), "{link}");
}

#[tokio::test]
async fn at_the_root_the_shell_is_as_built_and_says_so() {
    let server = under("/");
    let html = text(server.get("/artikel/legeplads").await).await;
    assert!(html.contains(r#"<meta name="beboerblad-base" content="/">"#), "{html}");
    assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#), "{html}");
    assert!(html.contains("from '/app-1.js';"), "{html}");
    assert!(html.contains(r#"href="/sektion/nyt""#), "{html}");
}

#[tokio::test]
async fn files_the_feed_and_the_api_live_below_the_base() {
    let server = under("/skraeppebladet/");
    let feed = server.call("GET", "/skraeppebladet/feed.json", None).await;
    assert_eq!(feed.status, StatusCode::OK);
    let items = feed.json["items"].as_array().unwrap();
    assert_eq!(items[0]["image"], "/skraeppebladet/images/legeplads.jpg", "relative URLs resolve below the base");
    assert_eq!(items.len(), 2, "the next page was read from below the base too");
    assert_eq!(server.get("/skraeppebladet/images/legeplads.jpg").await.status(), StatusCode::OK);
    assert_eq!(server.get("/skraeppebladet/app.js").await.status(), StatusCode::OK);
    assert_eq!(server.get("/skraeppebladet/feed-2.json").await.status(), StatusCode::OK);
    assert_eq!(server.get("/skraeppebladet/embed.js").await.status(), StatusCode::OK);
    let openapi = server.call("GET", "/skraeppebladet/api/openapi.json", None).await;
    assert_eq!(openapi.json["servers"], serde_json::json!([{"url": "/skraeppebladet"}]), "paths are below the base");
    let rating = server.call("GET", "/skraeppebladet/api/articles/legeplads/rating", None).await;
    assert_eq!(rating.status, StatusCode::OK, "{rating:?}");
    let missing = server.call("GET", "/skraeppebladet/api/articles/findes-ikke/rating", None).await;
    assert_eq!(missing.error_code(), "unknown_article", "the API's own errors below the base");
    assert_eq!(server.get("/skraeppebladet/artikel/findes-ikke").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_base_without_its_slash_and_the_root_lead_to_it_and_nothing_else_is_served() {
    let server = under("/skraeppebladet/");
    for (path, status, location) in [
        ("/skraeppebladet", StatusCode::PERMANENT_REDIRECT, "/skraeppebladet/"),
        ("/skraeppebladet?utm=x", StatusCode::PERMANENT_REDIRECT, "/skraeppebladet/?utm=x"),
        ("/skraeppebladet/index.html", StatusCode::PERMANENT_REDIRECT, "/skraeppebladet/"),
        ("/", StatusCode::TEMPORARY_REDIRECT, "/skraeppebladet/"),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(response.headers()[header::LOCATION], location, "{path}");
    }
    for path in ["/artikel/legeplads", "/feed.json", "/app.js", "/api/articles/legeplads/rating", "/skraeppebladetx/"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY), "{path}: still has the headers");
    }
}

#[tokio::test]
async fn a_public_url_that_names_the_base_path_is_not_doubled() {
    let server = TestServer::new();
    common::write(&server.config.dist.join("index.html"), SHELL);
    let config = Config {
        base_path: "/skraeppebladet/".parse().unwrap(),
        public_url: Some("https://forening.example/skraeppebladet/".into()),
        ..server.config.clone()
    };
    let server = TestServer { config, ..server }.restart();
    let html = text(server.get("/skraeppebladet/artikel/legeplads").await).await;
    let canonical = r#"<link rel="canonical" href="https://forening.example/skraeppebladet/artikel/legeplads">"#;
    assert!(html.contains(canonical), "{html}");
}

/// The installed app's identity is the deployment: the manifest the server sends names
/// its base path as `id` (a relative `id` would resolve against the origin and name every
/// reader on the site the same), whatever the build's file says, and keeps the rest.
#[tokio::test]
async fn the_manifest_names_the_deployment_by_its_base_path() {
    for (base, path, id) in [
        ("/skraeppebladet/", "/skraeppebladet/manifest.webmanifest", "/skraeppebladet/"),
        ("/", "/manifest.webmanifest", "/"),
    ] {
        let server = under(base);
        common::write(
            &server.config.dist.join("manifest.webmanifest"),
            r#"{"id": "./", "name": "Skræppebladet", "start_url": "./", "scope": "./"}"#,
        );
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/manifest+json", "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        let etag = response.headers()[header::ETAG].clone();
        let manifest: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
        assert_eq!(manifest["id"], id, "{path}");
        assert_eq!(manifest["name"], "Skræppebladet", "{path}: the rest as built");
        assert_eq!(manifest["start_url"], "./", "{path}");

        let again = axum::http::Request::get(path)
            .header(header::IF_NONE_MATCH, etag.clone())
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(server.request(again).await.status(), StatusCode::NOT_MODIFIED, "{path}: revalidated by content");
    }
}
