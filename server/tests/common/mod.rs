//! A real server setup for tests: temporary content and dist directories, the public
//! Router, requests through `oneshot`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use beboerblad_server::{AppState, Config, app};
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

pub const INDEX_HTML: &str = "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<script type=\"module\">import init from '/app.js';</script>\n</head>\n<body></body>\n</html>\n";

pub const HOSTILE_TITLE: &str = "Farlig </script><script>alert(1)</script> titel & \"citat\"";

pub fn feed() -> String {
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Testbladet",
        "_beboerblad": {
            "publication": {"name": "Testbladet", "description": "Et blad til test"},
            "issues": [{"id": "2024-05", "title": "2024-05 juni", "date": "2024-06-01", "cover": "images/forside.jpg", "cover_alt": "Forsiden", "pages": 24}],
            "sections": [{"id": "nyt", "name": "Nyt"}, {"id": "kultur", "name": "Kultur"}]
        },
        "next_url": "feed-2.json",
        "items": [
            {"id": "legeplads", "title": "Ny legeplads", "summary": "Børnene jubler.",
             "content_html": "<p>Første afsnit om legepladsen.</p><p>Andet afsnit.</p><script>alert(1)</script>",
             "image": "images/legeplads.jpg", "date_published": "2024-06-05T08:00:00+02:00", "authors": [{"name": "Hanne"}],
             "_beboerblad": {"issue": "2024-05", "page": 3, "section": "nyt", "related": ["farlig"], "image_alt": "Klatrestativ"}},
        ]
    })
    .to_string()
}

pub fn feed_page_two() -> String {
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "farlig", "title": HOSTILE_TITLE, "summary": "</script><img src=x onerror=alert(1)>",
             "content_html": "<p>Tekst.</p>", "date_published": "2024-06-02",
             "_beboerblad": {"issue": "2024-05", "page": 5, "section": "kultur"}}
        ]
    })
    .to_string()
}

pub struct TestServer {
    pub dir: TempDir,
    pub router: Router,
}

impl TestServer {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(content.join("images")).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(content.join("feed.json"), feed()).unwrap();
        std::fs::write(content.join("feed-2.json"), feed_page_two()).unwrap();
        std::fs::write(content.join("images/legeplads.jpg"), b"\xff\xd8\xff\xe0fake jpeg").unwrap();
        std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(dist.join("app.js"), "console.log('app');".repeat(100)).unwrap();
        let config = Config {
            content,
            dist,
            public_url: Some("https://blad.example".into()),
            db: dir.path().join("data/beboerblad.db"),
            admin_token: None,
            limits: Default::default(),
        };
        let state = AppState::new(&config).unwrap();
        let router = app(state, &config);
        Self { dir, router }
    }

    pub fn content(&self) -> std::path::PathBuf {
        self.dir.path().join("content")
    }

    pub async fn get(&self, path: &str) -> Response<Body> {
        self.request(Request::get(path).body(Body::empty()).unwrap()).await
    }

    pub async fn request(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }
}

pub async fn text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}
