//! Server-rendered pages through the public Router.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{StatusCode, header};
use common::{TestServer, text};

fn head(html: &str) -> &str {
    &html[..html.find("</head>").unwrap()]
}

fn body(html: &str) -> &str {
    &html[html.find("<body>").unwrap()..]
}

#[tokio::test]
async fn article_page_has_text_and_preview_tags() {
    let server = TestServer::new();
    let response = server.get("/artikel/legeplads").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let html = text(response).await;
    let head = head(&html);
    assert!(head.contains("<title>Ny legeplads – Testbladet</title>"), "{head}");
    assert!(head.contains(r#"<meta name="description" content="Børnene jubler.">"#));
    assert!(head.contains(r#"<link rel="canonical" href="https://blad.example/artikel/legeplads">"#));
    assert!(head.contains(r#"<meta property="og:type" content="article">"#));
    assert!(head.contains(r#"<meta property="og:image" content="https://blad.example/images/legeplads.jpg">"#));
    assert!(head.contains(r#"<meta property="og:locale" content="da_DK">"#));
    assert!(head.contains(r#"<meta property="article:published_time" content="2024-06-05T08:00:00+02:00">"#));
    assert!(head.contains(r#"<meta property="article:section" content="Nyt">"#));
    assert!(head.contains(r#""@type":"NewsArticle""#));
    assert!(head.contains(r#"id="beboerblad-data""#));
    let body = body(&html);
    assert!(body.starts_with("<body><a "), "nothing may precede the app in <body>: {}", &body[..80]);
    assert!(body.contains("<h1>Ny legeplads</h1>"));
    assert!(body.contains("<p>Første afsnit om legepladsen.</p>"));
    assert!(!body.contains("<script>alert"), "body is sanitised");
    assert!(body.contains("Bragt i"));
}

#[tokio::test]
async fn every_route_renders_its_content() {
    let server = TestServer::new();
    for (path, title, needle) in [
        ("/", "Testbladet", "Nyeste blad"),
        ("/blad", "Alle blade – Testbladet", "2024-05 juni"),
        ("/blad/2024-05", "2024-05 juni – Testbladet", "Ny legeplads"),
        ("/sektion/kultur", "Kultur – Testbladet", "Tekst"),
        ("/mine/bogmaerker", "Mine bogmærker – Testbladet", "<h1>Mine bogmærker</h1>"),
        ("/mine/seneste", "Mine seneste artikler – Testbladet", "<h1>Mine seneste artikler</h1>"),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = text(response).await;
        assert!(head(&html).contains(&format!("<title>{title}</title>")), "{path}: {}", head(&html));
        let needle = if path == "/sektion/kultur" { "Farlig" } else { needle };
        assert!(body(&html).contains(needle), "{path} lacks {needle}");
        assert!(head(&html).contains(r#"property="og:title""#), "{path}");
    }
    let html = text(server.get("/blad/2024-05").await).await;
    assert!(head(&html).contains(r#"<meta property="og:image" content="https://blad.example/images/forside.jpg">"#));
    assert!(head(&html).contains(r#"<link rel="canonical" href="https://blad.example/blad/2024-05">"#));
}

#[tokio::test]
async fn unknown_pages_are_404_in_danish() {
    let server = TestServer::new();
    for path in ["/artikel/findes-ikke", "/blad/1999-01", "/sektion/nope", "/noget/helt/andet", "/artikel/%3Cscript%3E"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let html = text(response).await;
        assert!(html.contains("<h1>Siden findes ikke</h1>"), "{path}");
        assert!(html.contains(r#"<meta name="robots" content="noindex">"#), "{path}");
    }
}

#[tokio::test]
async fn hostile_feed_text_cannot_break_out_of_head_tags_or_scripts() {
    let server = TestServer::new();
    let html = text(server.get("/artikel/farlig").await).await;
    let head = head(&html);
    assert!(head.contains("<title>Farlig &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; titel &amp; &quot;citat&quot; – Testbladet</title>"), "{head}");
    // Exactly the scripts we put there: the shell's module, JSON-LD and the data island.
    assert_eq!(head.matches("<script").count(), 3, "{head}");
    assert_eq!(head.matches("</script>").count(), 3, "{head}");
    assert!(!head.contains("<img"), "{head}");
    assert!(head.contains(r"\u003c/script\u003e"), "JSON is escaped inside scripts");
    let body = body(&html);
    assert!(body.contains("Farlig &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; titel"), "the title is text in the body");
}

#[tokio::test]
async fn index_html_redirects_to_the_rendered_front_page() {
    let server = TestServer::new();
    let response = server.get("/index.html").await;
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(response.headers()[header::LOCATION], "/");
}

#[tokio::test]
async fn content_changes_show_on_the_next_request() {
    let server = TestServer::new();
    assert!(text(server.get("/artikel/legeplads").await).await.contains("<h1>Ny legeplads</h1>"));
    let changed = common::feed().replace("Ny legeplads", "Legepladsen er åben");
    common::write(&server.content().join("feed.json"), &changed);
    assert!(text(server.get("/artikel/legeplads").await).await.contains("<h1>Legepladsen er åben</h1>"));
}

#[tokio::test]
async fn a_broken_feed_gives_503_with_the_app_not_a_crash() {
    let server = TestServer::new();
    common::write(&server.content().join("feed.json"), "{ broken");
    let response = server.get("/").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = text(response).await;
    assert!(html.contains("Henter bladet"), "the app starts and reports the problem in the browser");
    common::write(&server.content().join("feed.json"), &common::feed());
    assert_eq!(server.get("/").await.status(), StatusCode::OK);
}
