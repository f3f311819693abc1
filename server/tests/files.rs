//! Static files: images from the content directory, the built app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestServer, text};

#[tokio::test]
async fn images_have_types_and_validators() {
    let server = TestServer::new();
    let path = "/images/legeplads.jpg";
    let response = server.get(path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let last_modified = response.headers()[header::LAST_MODIFIED].clone();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    assert_eq!(&bytes[..], b"\xff\xd8\xff\xe0fake jpeg");

    let again = Request::get(path).header(header::IF_MODIFIED_SINCE, last_modified).body(Body::empty()).unwrap();
    assert_eq!(server.request(again).await.status(), StatusCode::NOT_MODIFIED);

    let etag = server.get(path).await.headers()[header::ETAG].clone();
    assert!(etag.to_str().unwrap().starts_with("W/\""));
    let again = Request::get(path).header(header::IF_NONE_MATCH, etag.clone()).body(Body::empty()).unwrap();
    let response = server.request(again).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], etag);
    let other = Request::get(path).header(header::IF_NONE_MATCH, "W/\"other\"").body(Body::empty()).unwrap();
    assert_eq!(server.request(other).await.status(), StatusCode::OK);
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Files of a Trunk build: those named with their content's hash are cached for a year
/// (a new build has new names); any other may change under its name and is revalidated.
#[tokio::test]
async fn only_files_named_with_their_hash_are_cached_for_good() {
    let server = TestServer::new();
    let dist = server.config.dist.clone();
    let hashed = [
        ("beboerblad-ac076e5f89b4b2d0_bg.wasm", "application/wasm"),
        ("beboerblad-ac076e5f89b4b2d0.js", "text/javascript"),
        ("main-6878faabaccbb680.css", "text/css"),
        // Trunk writes the hash with `{:x}`: a hash with leading zeros is shorter.
        ("main-878faabaccbb680.css", "text/css"),
        ("snippets/beboerblad-0123456789abcdef/inline0-6878faabaccbb680.js", "text/javascript"),
    ];
    let unhashed = [
        ("sw.js", "text/javascript"),
        ("manifest.webmanifest", "application/manifest+json"),
        ("icons/icon-192.png", "image/png"),
        ("icons/maskable-512.png", "image/png"),
        ("favicon.svg", "image/svg+xml"),
        ("app.js", "text/javascript"),
        // wasm-bindgen names a snippet's directory after its crate, not its content.
        ("snippets/beboerblad-0123456789abcdef/inline0.js", "text/javascript"),
        ("photo-deadbeef.jpg", "image/jpeg"),
        ("main-6878FAABACCBB680.css", "text/css"),
        ("main6878faabaccbb680.css", "text/css"),
    ];
    for (name, cache_control, content_type) in hashed
        .iter()
        .map(|(name, t)| (name, IMMUTABLE, t))
        .chain(unhashed.iter().map(|(name, t)| (name, "no-cache", t)))
    {
        put(&dist.join(name), "bytes");
        let response = server.get(&format!("/{name}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], cache_control, "{name}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], content_type, "{name}");
    }
}

#[tokio::test]
async fn hashed_files_are_cached_also_precompressed_and_revalidated() {
    let server = TestServer::new();
    let dist = server.config.dist.clone();
    put(&dist.join("main-6878faabaccbb680.css"), "body { color: black }");
    put(&dist.join("main-6878faabaccbb680.css.br"), "brotli bytes");
    let request = |etag: Option<&header::HeaderValue>| {
        let mut request = Request::get("/main-6878faabaccbb680.css").header(header::ACCEPT_ENCODING, "br, gzip");
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        request.body(Body::empty()).unwrap()
    };
    let response = server.request(request(None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/css");
    let etag = response.headers()[header::ETAG].clone();
    let response = server.request(request(Some(&etag))).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);

    // The app's own files are compressed on the fly when no precompressed copy exists.
    let request = Request::get("/app.js").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
    let response = server.request(request).await;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn a_hashed_name_that_is_not_there_is_not_cached() {
    let server = TestServer::new();
    let response = server.get("/main-0123456789abcdef.css").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(text(response).await.contains("Siden findes ikke"));
}

#[tokio::test]
async fn the_service_worker_is_javascript_and_always_revalidated() {
    let server = TestServer::new();
    put(&server.config.dist.join("sw.js"), "self.addEventListener('fetch', () => {});");
    let response = server.get("/sw.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/javascript");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(text(response).await, "self.addEventListener('fetch', () => {});");
}

#[tokio::test]
async fn missing_files_get_the_not_found_page() {
    let server = TestServer::new();
    let response = server.get("/images/nope.jpg").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(text(response).await.contains("Siden findes ikke"));
}

/// Writes `text` at `path`, with its directories.
fn put(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[tokio::test]
async fn content_serves_only_feeds_and_images() {
    let server = TestServer::new();
    let content = server.content();
    for (name, expected) in [
        ("images/a.png", "image/png"),
        ("images/a.jpeg", "image/jpeg"),
        ("images/a.JPG", "image/jpeg"),
        ("images/a.webp", "image/webp"),
        ("images/a.avif", "image/avif"),
        ("images/a.gif", "image/gif"),
        ("images/a.svg", "image/svg+xml"),
        ("feed-3.json", "application/json"),
    ] {
        put(&content.join(name), "bytes");
        let response = server.get(&format!("/{name}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], expected, "{name}");
    }
    for name in
        ["page.html", "page.htm", "notes.txt", "script.js", "style.css", "data.db", "page.xhtml", "noext", "a.svgz"]
    {
        put(&content.join(name), "<script>steal(localStorage)</script>");
        let response = server.get(&format!("/{name}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{name}");
        assert!(!text(response).await.contains("steal"), "{name}");
    }
}

#[tokio::test]
async fn svg_from_content_cannot_run_scripts() {
    let server = TestServer::new();
    put(
        &server.content().join("images/logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(localStorage)</script></svg>"#,
    );
    let response = server.get("/images/logo.svg").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert_eq!(
        response.headers()[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    );
    assert_eq!(response.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn dotfiles_are_not_served_from_either_directory() {
    let server = TestServer::new();
    let (content, dist) = (server.content(), server.config.dist.clone());
    for root in [&content, &dist] {
        put(&root.join(".env"), "SECRET=hemmelig");
        put(&root.join(".git/config"), "[remote] hemmelig");
        put(&root.join(".well-known/x.json"), "hemmelig");
    }
    put(&content.join("images/.skjult.jpg"), "hemmelig");
    put(&dist.join(".hidden.js"), "hemmelig");
    for path in [
        "/.env",
        "/%2eenv",
        "/%2Eenv",
        "/.git/config",
        "/%2egit/config",
        "/.git%2fconfig",
        "/.well-known/x.json",
        "/images/.skjult.jpg",
        "/images/%2eskjult.jpg",
        "/images%2f.skjult.jpg",
        "/.hidden.js",
        "/./.env",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!text(response).await.contains("hemmelig"), "{path}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn symlinks_out_of_the_served_directories_are_not_followed() {
    use std::os::unix::fs::symlink;
    let server = TestServer::new();
    let (content, dist) = (server.content(), server.config.dist.clone());
    let outside = server.dir.path().join("outside");
    put(&outside.join("secret.json"), "hemmelig");
    put(&outside.join("secret.jpg"), "hemmelig");
    symlink(outside.join("secret.json"), content.join("leak.json")).unwrap();
    symlink(&outside, content.join("images/ude")).unwrap();
    symlink(outside.join("secret.json"), dist.join("leak.js")).unwrap();
    symlink(outside.join("secret.json"), dist.join("app.js.br")).unwrap();
    // Inside the directory, a link is fine.
    symlink(content.join("images/legeplads.jpg"), content.join("images/alias.jpg")).unwrap();

    for path in ["/leak.json", "/images/ude/secret.jpg", "/images/ude/secret.json", "/leak.js"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!text(response).await.contains("hemmelig"), "{path}");
    }
    let request = Request::get("/app.js").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
    assert_eq!(server.request(request).await.status(), StatusCode::NOT_FOUND, "precompressed copies are checked too");
    let response = server.get("/images/alias.jpg").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/jpeg");
}

#[cfg(unix)]
#[tokio::test]
async fn directories_given_as_symlinks_are_served() {
    use std::os::unix::fs::symlink;
    let server = TestServer::new();
    let mut config = server.config.clone();
    config.content = server.dir.path().join("content-link");
    config.dist = server.dir.path().join("dist-link");
    symlink(server.content(), &config.content).unwrap();
    symlink(&server.config.dist, &config.dist).unwrap();
    let router = beboerblad_server::app(beboerblad_server::AppState::new(&config).unwrap(), &config);
    for path in ["/images/legeplads.jpg", "/app.js"] {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = tower::ServiceExt::oneshot(router.clone(), request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn overlong_names_are_not_found_not_server_errors() {
    let server = TestServer::new();
    let long = "a".repeat(300);
    let deep = "ab/".repeat(2000);
    for path in [
        format!("/{long}"),
        format!("/{long}.jpg"),
        format!("/images/{long}.jpg"),
        format!("/{}", "%61".repeat(300)),
        format!("/{deep}x.jpg"),
        format!("/{deep}x"),
    ] {
        let response = server.get(&path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{}", &path[..40]);
        assert!(text(response).await.contains("Siden findes ikke"), "{}", &path[..40]);
    }
    // A name that fits, until ServeDir looks for its precompressed copy (`.br`).
    let path = format!("/{}", "a".repeat(254));
    let request = Request::get(&path).header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
    assert_eq!(server.request(request).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_new_service_worker_is_never_taken_for_the_old_one() {
    // A deploy can keep the file's time and size (same second, fixed times): only the
    // bytes tell the versions apart.
    let server = TestServer::new();
    let file = server.config.dist.join("sw.js");
    put(&file, "const VERSION = 'aaaaaaaaaaaaaaaa';");
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let first = server.get("/sw.js").await;
    assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
    let tag = first.headers()[header::ETAG].clone();
    assert!(!tag.to_str().unwrap().starts_with("W/"), "a strong validator: {tag:?}");

    let again = Request::get("/sw.js").header(header::IF_NONE_MATCH, tag.clone()).body(Body::empty()).unwrap();
    assert_eq!(server.request(again).await.status(), StatusCode::NOT_MODIFIED, "unchanged: not modified");

    put(&file, "const VERSION = 'bbbbbbbbbbbbbbbb';");
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(modified).unwrap();
    let check = Request::get("/sw.js").header(header::IF_NONE_MATCH, tag).body(Body::empty()).unwrap();
    let response = server.request(check).await;
    assert_eq!(response.status(), StatusCode::OK, "same time and size, new bytes: the new worker");
    assert_eq!(text(response).await, "const VERSION = 'bbbbbbbbbbbbbbbb';");
}

/// The reader's page paths belong to the page renderer: a file that happens to lie at
/// such a path in `--dist` is never served in the page's place (and the
/// renderer answers without looking for one).
#[tokio::test]
async fn page_paths_are_pages_never_files() {
    let server = TestServer::new();
    let dist = server.config.dist.clone();
    for path in [
        "blad/2024-05",
        "sektion/nyt",
        "sektion/kultur/2",
        "artikel/legeplads",
        "arkiv/1",
        "kolofon",
        "soeg",
        "mine/bogmaerker",
    ] {
        put(&dist.join(path), "a stray file in dist");
    }
    for (path, status, shows) in [
        ("/blad", StatusCode::OK, "2024-05 juni"),
        ("/blad/2024-05", StatusCode::OK, "Ny legeplads"),
        ("/sektion/nyt", StatusCode::OK, "Ny legeplads"),
        ("/sektion/kultur/2", StatusCode::NOT_FOUND, "Siden findes ikke"),
        ("/artikel/legeplads", StatusCode::OK, "Første afsnit om legepladsen."),
        ("/arkiv", StatusCode::OK, "Ny legeplads"),
        ("/arkiv/1", StatusCode::OK, "Ny legeplads"),
        ("/kolofon", StatusCode::OK, "Redaktionen i kælderen"),
        ("/soeg", StatusCode::OK, "Søg"),
        ("/mine/bogmaerker", StatusCode::OK, "bogmærker"),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let body = text(response).await;
        assert!(!body.contains("a stray file"), "{path} served a file: {body}");
        assert!(body.contains(shows), "{path} lacks {shows:?}");
    }
}
