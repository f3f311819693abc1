//! Safe on the open internet: where the database may lie, and the security headers of
//! every response.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, Response, StatusCode, header};
use beboerblad_server::{AppState, Config, app};
use common::{TestServer, text};
use tower::ServiceExt;

/// The policy of pages, with `nonce` for the app's loader and `ancestors` in frame-ancestors.
fn page_policy(nonce: &str, ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors {ancestors}"
    )
}

/// The nonce a response's policy allows.
fn nonce(headers: &HeaderMap) -> String {
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let start = policy.find("'nonce-").unwrap_or_else(|| panic!("no nonce in {policy}")) + "'nonce-".len();
    policy[start..start + policy[start..].find('\'').unwrap()].to_string()
}

fn router(config: &Config) -> Router {
    app(AppState::new(config).unwrap(), config)
}

async fn get(router: &Router, path: &str) -> Response<Body> {
    router.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap()
}

/// Checks the headers every response carries, whatever it is.
fn assert_common_headers(what: &str, headers: &HeaderMap) {
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{what}");
    assert_eq!(headers[header::REFERRER_POLICY], "strict-origin-when-cross-origin", "{what}");
    assert_eq!(headers["permissions-policy"], "camera=(), microphone=(), geolocation=(), payment=(), usb=()", "{what}");
    assert_eq!(headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000", "{what}: the public URL is https");
    let policy = headers.get(header::CONTENT_SECURITY_POLICY).unwrap_or_else(|| panic!("{what}: no CSP"));
    assert_eq!(policy.to_str().unwrap(), page_policy(&nonce(headers), "'self'"), "{what}");
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let server = TestServer::with_api(common::generous());
    let reader = serde_json::json!({"reader": server.reader().await, "value": 4});
    assert_eq!(server.call("PUT", "/api/articles/legeplads/rating", Some(reader)).await.status, StatusCode::OK);
    let last_modified = server.get("/images/legeplads.jpg").await.headers()[header::LAST_MODIFIED].clone();
    let requests = [
        ("GET", "/", StatusCode::OK),
        ("GET", "/artikel/legeplads", StatusCode::OK),
        ("GET", "/artikel/findes-ikke", StatusCode::NOT_FOUND),
        ("GET", "/.env", StatusCode::NOT_FOUND),
        ("GET", "/index.html", StatusCode::PERMANENT_REDIRECT),
        ("GET", "/images/legeplads.jpg", StatusCode::OK),
        ("GET", "/app.js", StatusCode::OK),
        ("GET", "/feed.json", StatusCode::OK),
        ("GET", "/feed-2.json", StatusCode::OK),
        ("GET", "/api/articles/legeplads/rating", StatusCode::OK),
        ("GET", "/api/articles/findes-ikke/rating", StatusCode::NOT_FOUND),
        ("GET", "/api/findes-ikke", StatusCode::NOT_FOUND),
        ("PUT", "/api/articles/legeplads/rating", StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ("POST", "/api/openapi.json", StatusCode::METHOD_NOT_ALLOWED),
        ("GET", "/api/openapi.json", StatusCode::OK),
    ];
    for (method, path, status) in requests {
        let request = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        let response = server.request(request).await;
        assert_eq!(response.status(), status, "{method} {path}");
        assert_common_headers(&format!("{method} {path}"), response.headers());
    }
    let again = Request::get("/images/legeplads.jpg").header(header::IF_MODIFIED_SINCE, last_modified);
    let response = server.request(again.body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_common_headers("304", response.headers());
}

#[tokio::test]
async fn only_the_pages_own_loader_script_may_run() {
    let server = TestServer::new();
    let mut seen = Vec::new();
    for path in ["/", "/artikel/legeplads", "/artikel/findes-ikke"] {
        let response = server.get(path).await;
        let nonce = nonce(response.headers());
        assert!(nonce.len() >= 22 && nonce.chars().all(|c| c.is_ascii_alphanumeric()), "{path}: {nonce}");
        let html = text(response).await;
        assert!(!html.contains("{{__TRUNK NONCE__}}"), "{path}: the placeholder is replaced");
        // Scripts that run carry the nonce; data islands are not scripts that run.
        for tag in html.split("<script").skip(1).map(|t| &t[..t.find('>').unwrap()]) {
            let data = tag.contains(r#"type="application/json""#) || tag.contains(r#"type="application/ld+json""#);
            assert!(data || tag.contains(&format!(r#"nonce="{nonce}""#)), "{path}: <script{tag}>");
        }
        assert_eq!(html.matches(&format!(r#"nonce="{nonce}""#)).count(), 1, "{path}: the shell's one script");
        seen.push(nonce);
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "a new nonce for every page: {seen:?}");
}

#[tokio::test]
async fn a_shell_built_without_nonces_is_refused() {
    let server = TestServer::new();
    common::write(
        &server.config.dist.join("index.html"),
        &common::INDEX_HTML.replace(r#" nonce="{{__TRUNK NONCE__}}""#, ""),
    );
    let error = start_error(&server.config).unwrap_or_else(|| panic!("accepted"));
    assert!(error.contains("create_nonce"), "{error}");
}

#[tokio::test]
async fn embed_origins_may_frame_the_reader() {
    let server = TestServer::new();
    let embed_origins = vec!["https://host.example".parse().unwrap(), "http://localhost:3000".parse().unwrap()];
    let config = Config { embed_origins, ..server.config.clone() };
    let router = router(&config);
    for path in ["/", "/images/legeplads.jpg", "/api/findes-ikke"] {
        let response = get(&router, path).await;
        let expected = page_policy(&nonce(response.headers()), "'self' https://host.example http://localhost:3000");
        assert_eq!(response.headers()[header::CONTENT_SECURITY_POLICY], expected.as_str(), "{path}");
    }
}

#[tokio::test]
async fn hsts_only_when_the_public_url_is_https() {
    let server = TestServer::new();
    for (public_url, hsts) in [
        (Some("https://blad.example"), true),
        (Some("HTTPS://blad.example/"), true),
        (Some("http://blad.example"), false),
        (None, false),
    ] {
        let config = Config { public_url: public_url.map(String::from), ..server.config.clone() };
        let router = router(&config);
        for path in ["/", "/app.js"] {
            let response = get(&router, path).await;
            assert_eq!(
                response.headers().contains_key(header::STRICT_TRANSPORT_SECURITY),
                hsts,
                "{public_url:?} {path}"
            );
            assert_eq!(response.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        }
    }
}

/// Why `config` cannot start (`None`: it can).
fn start_error(config: &Config) -> Option<String> {
    AppState::new(config).err().map(|e| e.to_string())
}

#[tokio::test]
async fn a_database_inside_a_served_directory_is_refused() {
    let server = TestServer::new();
    let (content, dist) = (server.content(), server.config.dist.clone());
    for db in [
        content.join("beboerblad.db"),
        content.join("data/beboerblad.db"),
        dist.join("beboerblad.db"),
        content.join("../content/images/../x.db"),
        content.join("./x.db"),
    ] {
        let config = Config { db: db.clone().into(), ..server.config.clone() };
        let error = start_error(&config).unwrap_or_else(|| panic!("{} was accepted", db.display()));
        assert!(error.contains("is inside") && error.contains("--db"), "{error}");
        assert!(!db.exists(), "nothing was created at {}", db.display());
    }
    let beside = Config { db: server.dir.path().join("content-data/beboerblad.db").into(), ..server.config.clone() };
    assert_eq!(start_error(&beside), None, "a directory whose name starts like content/ is fine");
}

#[cfg(unix)]
#[tokio::test]
async fn a_database_reached_through_a_symlink_into_a_served_directory_is_refused() {
    let server = TestServer::new();
    let link = server.dir.path().join("data-link");
    std::os::unix::fs::symlink(server.content(), &link).unwrap();
    let config = Config { db: link.join("beboerblad.db").into(), ..server.config.clone() };
    let error = start_error(&config).unwrap_or_else(|| panic!("accepted"));
    assert!(error.contains("is inside"), "{error}");
}

#[test]
fn the_server_will_not_start_with_its_database_in_content() {
    let dir = tempfile::tempdir().unwrap();
    let (content, dist) = (dir.path().join("content"), dir.path().join("dist"));
    std::fs::create_dir_all(&content).unwrap();
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(content.join("feed.json"), common::feed()).unwrap();
    std::fs::write(dist.join("index.html"), common::INDEX_HTML).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
        .arg("--addr=127.0.0.1:0")
        .arg(format!("--content={}", content.display()))
        .arg(format!("--dist={}", dist.display()))
        .arg(format!("--db={}", content.join("data/beboerblad.db").display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server started with its database inside --content");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("is inside") && stderr.contains("--db"), "{stderr}");
    assert!(output.stdout.is_empty(), "it never listened");
    assert!(!content.join("data").exists(), "no database directory was made");
}
