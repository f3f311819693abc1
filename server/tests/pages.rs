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
    assert!(body.contains("Denne artikel er bragt i"));
}

/// The JSON-LD of a page's head, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find(r#"<script type="application/ld+json">"#).unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[tokio::test]
async fn every_article_carries_its_copyright_notice_in_the_page_and_the_json_ld() {
    let server = TestServer::new();
    for (path, notice) in [("/artikel/legeplads", common::COPYRIGHT), ("/artikel/farlig", common::PHOTO_COPYRIGHT)] {
        let html = text(server.get(path).await).await;
        assert!(body(&html).contains(&format!(r#"<p class="copyright">{notice}</p>"#)), "{path}: {}", body(&html));
        assert_eq!(json_ld(&html)["copyrightNotice"], notice, "{path}");
    }
    let article = text(server.get("/artikel/farlig").await).await;
    assert!(!body(&article).contains(common::COPYRIGHT), "an article's own notice replaces the publication's");
}

#[tokio::test]
async fn the_article_page_has_its_blocks_in_order_and_the_side_column_frames() {
    let server = TestServer::new();
    let html = text(server.get("/artikel/legeplads").await).await;
    let body = body(&html);
    let at = |needle: &str| body.find(needle).unwrap_or_else(|| panic!("no {needle} in {body}"));
    let order = [
        "Første afsnit om legepladsen.",
        ">Læs også</h2>",
        ">Bedøm artiklen</h2>",
        ">Kommentarer",
        "Denne artikel er bragt i",
        common::COPYRIGHT,
        "Redaktionen i kælderen",
        r#"<h2 id="side-bogmaerker">Mine bogmærker</h2>"#,
        r#"<h2 id="side-seneste">Mine seneste artikler</h2>"#,
        r#"<h2 id="web-sektioner">Web-sektioner</h2>"#,
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    assert!(body.contains(r#"<a href="/kolofon">Se seneste kolofon og kontakt redaktionen</a>"#));
    assert!(body.contains(r#"<a href="/mine/bogmaerker">Se alle"#));
    assert!(body.contains(r#"<a href="/sektion/kultur">Kultur</a>"#), "the sections");
    // The server cannot know the reader's lists: their frames are empty, no "empty" text.
    assert!(!body.contains("Du har ingen bogmærker endnu."));
}

#[tokio::test]
async fn the_colophon_is_a_page_of_its_own_from_the_feed() {
    let server = TestServer::new();
    let response = server.get("/kolofon").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(head(&html).contains("<title>Kolofon og kontakt – Testbladet</title>"), "{}", head(&html));
    assert!(head(&html).contains(r#"<link rel="canonical" href="https://blad.example/kolofon">"#));
    let body = body(&html);
    assert!(body.contains("<h1>Kolofon og kontakt</h1>"));
    assert!(
        body.contains("<p>Udgivet af foreningen.</p>") && body.contains("<p>Oplag 100.</p>"),
        "a paragraph a line: {body}"
    );
    assert!(body.contains("<p>Redaktionen i kælderen, redaktion@blad.example</p>"));
    assert!(html.contains(r#""path":"/kolofon""#), "the page's data for takeover");
}

#[tokio::test]
async fn every_route_renders_its_content() {
    let server = TestServer::new();
    for (path, title, needle) in [
        ("/", "Testbladet", "Nyeste blad"),
        ("/blad", "Alle blade – Testbladet", "2024-05 juni"),
        ("/blad/2024-05", "2024-05 juni – Testbladet", "Ny legeplads"),
        ("/sektion/kultur", "Kultur – Testbladet", "Farlig &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; titel"),
        ("/mine/bogmaerker", "Mine bogmærker – Testbladet", "<h1>Mine bogmærker</h1>"),
        ("/mine/seneste", "Mine seneste artikler – Testbladet", "<h1>Mine seneste artikler</h1>"),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = text(response).await;
        assert!(head(&html).contains(&format!("<title>{title}</title>")), "{path}: {}", head(&html));
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
    for path in ["/artikel/findes-ikke", "/blad/1999-01", "/sektion/nope", "/noget/helt/andet", "/artikel/%3Cscript%3E"]
    {
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
    assert!(
        body.contains("Farlig &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; titel"),
        "the title is text in the body"
    );
}

#[tokio::test]
async fn index_html_redirects_to_the_rendered_front_page() {
    let server = TestServer::new();
    let response = server.get("/index.html").await;
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(response.headers()[header::LOCATION], "/");
}

#[tokio::test]
async fn a_plain_third_party_feed_is_read_too() {
    let server = TestServer::new();
    let plain = serde_json::json!({
        "version": "https://jsonfeed.org/version/1",
        "title": "Haveklubbens blog",
        "items": [
            {"id": "https://blog.example/?p=1", "title": "Kartofler i spand", "content_html": "<p>Sådan gør du.</p>", "tags": ["Haven"], "date_published": "2024-05-01T10:00:00Z"},
            {"id": "https://blog.example/?p=2", "title": "Bier på taget", "content_text": "Honning fra taget.", "tags": ["Bier"]}
        ]
    });
    common::write(&server.content().join("feed.json"), &plain.to_string());
    let front = text(server.get("/").await).await;
    assert!(front.contains("Haveklubbens blog") && front.contains("Kartofler i spand"));
    assert!(!front.contains("Nyeste blad"), "no issues, no issue block");
    let section = text(server.get("/sektion/haven").await).await;
    assert!(section.contains("<h1>Haven</h1>"));
    let article = server.get("/artikel/https-blog-example-p-2").await;
    assert_eq!(article.status(), StatusCode::OK);
    assert!(text(article).await.contains("<p>Honning fra taget.</p>"));
}

#[tokio::test]
async fn article_pages_carry_comments_and_ratings_for_reading_without_javascript() {
    let server = TestServer::with_api(common::generous());
    let reader = server.reader().await;
    let comment = serde_json::json!({"reader": reader, "name": "Birthe <b>", "body": "Flot legeplads! Se https://example.org/x <script>"});
    assert_eq!(
        server.call("POST", "/api/articles/legeplads/comments", Some(comment)).await.status,
        StatusCode::CREATED
    );
    let rating = serde_json::json!({"reader": reader, "value": 5});
    assert_eq!(server.call("PUT", "/api/articles/legeplads/rating", Some(rating)).await.status, StatusCode::OK);

    let html = text(server.get("/artikel/legeplads").await).await;
    let body = body(&html);
    assert!(body.contains("<h2 id=\"bedoem-titel\">Bedøm artiklen</h2>"), "rating widget rendered");
    assert!(body.contains("Klik på en smiley - du kan skifte mening bagefter"));
    assert!(body.contains("1 bedømmelse"), "distribution rendered");
    assert!(body.contains("<strong>Birthe &lt;b&gt;</strong>"), "names are text");
    assert!(body.contains("Flot legeplads! Se "), "comment rendered");
    assert!(
        body.contains(r#"<a href="https://example.org/x" rel="nofollow ugc noopener noreferrer""#),
        "links clickable: {body}"
    );
    assert!(body.contains("&lt;script&gt;") && !body.contains("<script>"), "comment text is escaped");
    assert!(head(&html).contains(r#""feedback":{"rating":{"counts":[0,0,0,0,1]"#), "the data travels with the page");
}

/// The canonical link of the front page, asked with `host` as the Host header.
async fn canonical_with_host(router: &axum::Router, host: &str) -> String {
    use tower::ServiceExt;
    let request = axum::http::Request::get("/blad").header(header::HOST, host).body(axum::body::Body::empty()).unwrap();
    let html = text(router.clone().oneshot(request).await.unwrap()).await;
    let start = html.find(r#"<link rel="canonical" href=""#).unwrap() + r#"<link rel="canonical" href=""#.len();
    let canonical = html[start..start + html[start..].find('"').unwrap()].to_string();
    let og_url = format!(r#"<meta property="og:url" content="{canonical}">"#);
    assert!(html.contains(&og_url), "og:url is the canonical link too: {canonical}");
    canonical
}

#[tokio::test]
async fn without_a_public_url_only_loopback_and_allowed_hosts_are_reflected() {
    let server = TestServer::new();
    let config = beboerblad_server::Config {
        public_url: None,
        allowed_hosts: vec!["blad.example".parse().unwrap()],
        ..server.config.clone()
    };
    let router = beboerblad_server::app(beboerblad_server::AppState::new(&config).unwrap(), &config);
    for (host, origin) in [
        ("localhost", "http://localhost"),
        ("localhost:8080", "http://localhost:8080"),
        ("LOCALHOST:8080", "http://localhost:8080"),
        ("127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("127.1.2.3", "http://127.1.2.3"),
        ("[::1]:8080", "http://[::1]:8080"),
        ("blad.example", "http://blad.example"),
        ("Blad.Example:8443", "http://blad.example:8443"),
        ("evil.example", "http://localhost"),
        ("evil.example:8080", "http://localhost"),
        ("blad.example.evil.example", "http://localhost"),
        ("localhost.evil.example", "http://localhost"),
        ("127.0.0.1.evil.example", "http://localhost"),
        ("128.0.0.1", "http://localhost"),
        ("[::2]", "http://localhost"),
        ("localhost:80:80", "http://localhost"),
        ("localhost:http", "http://localhost"),
        ("blad.example@evil.example", "http://localhost"),
    ] {
        assert_eq!(canonical_with_host(&router, host).await, format!("{origin}/blad"), "Host: {host}");
    }
}

#[tokio::test]
async fn a_public_url_wins_over_any_host() {
    let server = TestServer::new();
    assert_eq!(canonical_with_host(&server.router, "localhost:8080").await, "https://blad.example/blad");
    assert_eq!(canonical_with_host(&server.router, "evil.example").await, "https://blad.example/blad");
}

#[tokio::test]
async fn pages_have_no_inline_styles_or_handlers() {
    let server = TestServer::with_api(common::generous());
    for (i, value) in [5, 5, 4, 1].into_iter().enumerate() {
        // Readers from addresses of their own (new voters are capped per address).
        let addr = format!("192.0.2.{}", i + 1);
        let rating = serde_json::json!({"reader": server.reader_from(Some(&addr)).await, "value": value});
        let reply = server.call_as("PUT", "/api/articles/legeplads/rating", Some(rating), None, Some(&addr)).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }
    let html = text(server.get("/artikel/legeplads").await).await;
    let body = body(&html);
    assert!(body.contains(r#"class="distribution""#), "the distribution is rendered");
    assert!(body.contains(r#"class="comment-form""#), "the comment form is rendered");
    for attribute in [" style=", " onsubmit=", " onclick=", " onload=", " oninput="] {
        if let Some(at) = html.find(attribute) {
            panic!(
                "{attribute} in …{}…",
                &html[html.floor_char_boundary(at.saturating_sub(80))..html.ceil_char_boundary(at + 80)]
            );
        }
    }
}

#[tokio::test]
async fn a_shell_without_a_webassembly_preload_gives_pages_no_link_header() {
    let server = TestServer::new();
    let response = server.get("/artikel/legeplads").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get(header::LINK), None);
}
