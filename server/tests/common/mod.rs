//! A real server setup for tests: temporary content and dist directories, the public
//! Router, requests through `oneshot`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod db;
pub mod logs;
pub mod process;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, Response, StatusCode, header};
use beboerblad_server::{AppState, Config, DailyCaps, Limits, Rate, VoterCaps, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

pub const INDEX_HTML: &str = "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import init from '/app.js';</script>\n</head>\n<body></body>\n</html>\n";

/// The publication's copyright notice in [`feed`], and the one article with its own.
pub const COPYRIGHT: &str = "© Testbladet. Det er ikke tilladt at kopiere uden aftale.";
pub const PHOTO_COPYRIGHT: &str = "Foto: © Lise Bech. Må ikke bruges uden aftale.";

pub const HOSTILE_TITLE: &str = "Farlig </script><script>alert(1)</script> titel & \"citat\"";

pub fn feed() -> String {
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Testbladet",
        "_beboerblad": {
            "publication": {"name": "Testbladet", "description": "Et blad til test",
                "contact": "Redaktionen i kælderen, redaktion@blad.example",
                "colophon": "Udgivet af foreningen.\nOplag 100.", "copyright": COPYRIGHT},
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
             "_beboerblad": {"issue": "2024-05", "page": 5, "section": "kultur", "copyright": PHOTO_COPYRIGHT}}
        ]
    })
    .to_string()
}

pub struct TestServer {
    pub dir: TempDir,
    pub router: Router,
    pub config: Config,
    /// What the router was built with (for looking inside: `state.content.reloads()`).
    pub state: AppState,
    /// The database in `config.db` (see [`db`]); last, so it outlives the pools.
    pub db: db::TestDb,
}

/// The moderator's token of [`TestServer::with_api`].
pub const ADMIN_TOKEN: &str = "moderator-token-for-tests-0123456789";
/// Articles of [`feed`] (the second on its next page).
pub const ARTICLE: &str = "legeplads";
pub const OTHER_ARTICLE: &str = "farlig";

/// Limits no test reaches by accident.
pub fn generous() -> Limits {
    Limits {
        comments: Rate::new(100_000, Duration::from_secs(600)),
        ratings: Rate::new(100_000, Duration::from_secs(60)),
        readers: Rate::new(100_000, Duration::from_secs(3600)),
    }
}

impl TestServer {
    /// Pages and files; the database (in the temporary directory) is there but unused.
    pub fn new() -> Self {
        Self::build(None, Limits::default(), Some(&feed()))
    }

    /// Pages and files, started with `feed` as content/feed.json (`None`: no such file).
    pub fn with_feed(feed: Option<&str>) -> Self {
        Self::build(None, Limits::default(), feed)
    }

    /// For API tests: a moderator token, the given abuse limits and the default caps on
    /// new voters; the SQLite file is `data/beboerblad.db` in the temporary directory (or
    /// a new PostgreSQL database, see [`db`]). Call inside a Tokio runtime.
    pub fn with_api(limits: Limits) -> Self {
        Self::build(Some(ADMIN_TOKEN.into()), limits, Some(&feed()))
    }

    /// [`Self::with_api`] with other caps on new voters.
    pub fn with_voter_caps(limits: Limits, voters: VoterCaps) -> Self {
        let mut server = Self::with_api(limits);
        server.config.voters = voters;
        server.restart()
    }

    /// [`Self::with_api`] with `configure` applied to the config (timeouts, proxies, caps).
    pub fn with_api_config(limits: Limits, configure: impl FnOnce(&mut Config)) -> Self {
        let mut server = Self::with_api(limits);
        configure(&mut server.config);
        server.restart()
    }

    fn build(admin_token: Option<String>, limits: Limits, feed: Option<&str>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(content.join("images")).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        if let Some(feed) = feed {
            std::fs::write(content.join("feed.json"), feed).unwrap();
        }
        std::fs::write(content.join("feed-2.json"), feed_page_two()).unwrap();
        std::fs::write(content.join("images/legeplads.jpg"), b"\xff\xd8\xff\xe0fake jpeg").unwrap();
        std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(dist.join("app.js"), "console.log('app');".repeat(100)).unwrap();
        let db = db::TestDb::fresh(dir.path());
        let config = Config {
            content,
            dist,
            public_url: Some("https://blad.example".into()),
            db: db.location.clone(),
            db_connections: beboerblad_server::db::DEFAULT_CONNECTIONS,
            // Beside the SQLite file by default; with PostgreSQL, in the test's directory too.
            picture_cache: db.location.file().is_none().then(|| dir.path().join("data/picture-cache")),
            admin_token,
            limits,
            caps: DailyCaps::default(),
            trusted_proxies: Vec::new(),
            timeouts: beboerblad_server::run::Timeouts::default(),
            max_connections: beboerblad_server::run::MAX_CONNECTIONS,
            embed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            voters: VoterCaps::default(),
            base_path: Default::default(),
            desk_idle: beboerblad_server::desk::DEFAULT_IDLE,
        };
        let state = AppState::new(&config).unwrap();
        let router = app(state.clone(), &config);
        Self { dir, router, config, state, db }
    }

    /// Like a crash and restart: drops the state (and its database pool) without closing
    /// anything, then builds a new one on the same files.
    pub fn restart(self) -> Self {
        let Self { dir, router, config, state, db } = self;
        drop((router, state));
        let state = AppState::new(&config).unwrap();
        let router = app(state.clone(), &config);
        Self { dir, router, config, state, db }
    }

    /// A JSON request (body sent as `application/json` when given); the answer parsed as
    /// JSON (`Null` for an empty body).
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.call_as(method, path, body, None, None).await
    }

    /// [`Self::call`] with a bearer token and a client address.
    pub async fn call_as(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
        addr: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let mut request = match body {
            Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        if let Some(addr) = addr {
            request.extensions_mut().insert(ConnectInfo(SocketAddr::new(addr.parse().unwrap(), 40000)));
        }
        Reply::from(self.request(request).await).await
    }

    /// [`Self::call`] with extra request headers and a client address.
    pub async fn call_with(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
        addr: Option<&str>,
    ) -> Reply {
        Reply::from(self.request(json_request(method, path, body, headers, addr)).await).await
    }

    /// A second router on the same files and database, with its own memory (limits,
    /// caches): like a second server process.
    pub fn twin(&self) -> Router {
        app(AppState::new(&self.config).unwrap(), &self.config)
    }

    /// A reader id issued by the server (`POST /api/readers`), as the app gets one.
    pub async fn reader(&self) -> String {
        self.reader_from(None).await
    }

    /// [`Self::reader`] asked from a client address.
    pub async fn reader_from(&self, addr: Option<&str>) -> String {
        let reply = self.call_as("POST", "/api/readers", None, None, addr).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        reply.json["reader"].as_str().unwrap_or_else(|| panic!("no reader: {reply:?}")).to_string()
    }

    /// [`Self::call_as`] with the reader id in the `Beboerblad-Reader` header.
    pub async fn call_with_reader(&self, method: &str, path: &str, reader: &str, addr: Option<&str>) -> Reply {
        let mut request = Request::builder().method(method).uri(path).header("beboerblad-reader", reader);
        if let Some(addr) = addr {
            request = request.extension(ConnectInfo(SocketAddr::new(addr.parse().unwrap(), 40000)));
        }
        Reply::from(self.request(request.body(Body::empty()).unwrap()).await).await
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

/// A request with a JSON body (when given), extra headers and a client address.
pub fn json_request(
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
    addr: Option<&str>,
) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        // From bytes: a test may send what is not ASCII.
        request = request.header(*name, axum::http::HeaderValue::from_bytes(value.as_bytes()).unwrap());
    }
    if let Some(addr) = addr {
        request = request.extension(ConnectInfo(SocketAddr::new(addr.parse().unwrap(), 40000)));
    }
    match body {
        Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap()
}

/// An API answer, read.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    /// The body as sent.
    pub bytes: axum::body::Bytes,
}

impl Reply {
    pub async fn from(response: Response<Body>) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
        };
        Self { status, headers, json, bytes }
    }

    /// The `code` of an error answer, after checking it has the one error shape.
    pub fn error_code(&self) -> &str {
        assert!(self.status.is_client_error() || self.status.is_server_error(), "{self:?}");
        assert_eq!(self.headers[header::CONTENT_TYPE], "application/json", "{self:?}");
        let error = self.json["error"].as_object().unwrap_or_else(|| panic!("no error object: {self:?}"));
        assert_eq!(error.len(), 2, "{self:?}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{self:?}");
        error["code"].as_str().unwrap()
    }
}

pub async fn text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}
