//! Files: the built app from `--dist` (cached for a year when Trunk has named them with
//! their content's hash, else revalidated), then the feed and images from `--content`,
//! then the page renderer for everything else.
//!
//! Only what readers need leaves these directories: no dotfiles (`.env`, `.git/`), nothing
//! behind a symlink that leads out of them, and from `--content` only feeds and images,
//! so that an HTML or SVG file put there cannot run script on our origin (where readers'
//! ids and comment secrets live in localStorage). Whatever is refused is the page
//! renderer's business: it answers 404 with the Danish not-found page.

use std::convert::Infallible;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::routing::MethodRouter;
use percent_encoding::percent_decode_str;
use tower::util::BoxCloneSyncService;
use tower::{Layer, ServiceExt, service_fn};
use tower_http::services::ServeDir;
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Config;

type Service = BoxCloneSyncService<Request<Body>, Response<Body>, Infallible>;

/// The extensions `--content` serves: feeds and images.
const CONTENT_EXTENSIONS: &[&str] = &["json", "jpg", "jpeg", "png", "webp", "avif", "gif", "svg"];

/// An SVG opened on its own is a document that could run script: none of that, and no
/// access to our origin (sandbox), only its own inline styles.
pub const SVG_POLICY: HeaderValue = HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox");

/// Longer names cannot be files here (file systems stop at 255 bytes, and ServeDir adds
/// `.br` or `.gz` when it looks for a precompressed copy); the operating system's
/// "name too long" would otherwise be a server error.
const MAX_NAME: usize = 250;
/// The same for whole paths (Linux stops at 4096 bytes, with the directory in front).
const MAX_PATH: usize = 1024;

pub fn service(config: &Config, pages: MethodRouter) -> Service {
    let pages = BoxCloneSyncService::new(pages);
    let content_files =
        SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
            .layer(ServeDir::new(&config.content).append_index_html_on_directories(false).fallback(pages.clone()));
    let content = Root { dir: config.content.clone(), extensions: Some(CONTENT_EXTENSIONS), variants: &[] };
    let content = guarded(content, boxed(content_files), pages);
    let dist_files = ServeDir::new(&config.dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(content.clone());
    let dist = Root { dir: config.dist.clone(), extensions: None, variants: &["br", "gz"] };
    guarded(dist, with_dist_headers(boxed(dist_files)), content)
}

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// The caching of dist files: a year, unchanged, only for a file named with its content's
/// hash (a new build brings new names, so an old name never changes); any other file
/// (icons, favicon, unhashed snippets) may change under its name, and browsers must
/// revalidate it. Answers that already say how to cache (the fallbacks: content, pages)
/// keep theirs.
fn with_dist_headers(files: Service) -> Service {
    BoxCloneSyncService::new(service_fn(move |request: Request<Body>| {
        let files = files.clone();
        async move {
            let name = relative_path(request.uri().path())
                .and_then(|path| path.file_name().and_then(|n| n.to_str()).map(str::to_string));
            let mut response = files.oneshot(request).await?;
            let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
            let hashed = name.as_deref().is_some_and(has_content_hash);
            let headers = response.headers_mut();
            if !headers.contains_key(header::CACHE_CONTROL) {
                headers.insert(header::CACHE_CONTROL, if found && hashed { IMMUTABLE } else { NO_CACHE });
            }
            Ok(response)
        }
    }))
}

/// Whether a file name carries Trunk's content hash: `<stem>-<hash>` then `.ext` or
/// `_bg.wasm`, as in `main-6878faabaccbb680.css` and `beboerblad-ac076e5f89b4b2d0_bg.wasm`.
/// Trunk writes the 64-bit hash with `{:x}`, so it has up to 16 lower-case hex digits;
/// fewer than 12 (one hash in 65,536) is taken for a human's name and merely revalidated.
/// wasm-bindgen's `snippets/<crate>-<hash>/inline0.js` is named after its crate, not
/// its content: not hashed.
fn has_content_hash(name: &str) -> bool {
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    let digits = tail.bytes().take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')).count();
    let rest = &tail[digits..];
    (12..=16).contains(&digits) && rest.len() > 1 && (rest.starts_with('.') || rest.starts_with("_bg."))
}

/// A directory files are served from.
struct Root {
    dir: PathBuf,
    /// The extensions (lower case) it may serve; `None`: any.
    extensions: Option<&'static [&'static str]>,
    /// Precompressed copies ServeDir may send instead (`app.js.br`).
    variants: &'static [&'static str],
}

impl Root {
    /// Whether the file at `relative` may be served from here: an allowed type, and
    /// neither it nor a precompressed copy leads out of the directory.
    ///
    /// Checked before ServeDir opens the file, so a symlink swapped in between could
    /// still be followed; whoever can do that can write into the directory anyway.
    async fn may_serve(&self, relative: &Path) -> bool {
        if let Some(allowed) = self.extensions {
            let extension = relative.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if !extension.is_some_and(|e| allowed.contains(&e.as_str())) {
                return false;
            }
        }
        let Ok(root) = tokio::fs::canonicalize(&self.dir).await else {
            return false;
        };
        let file = self.dir.join(relative);
        let variants = self.variants.iter().map(|v| PathBuf::from(format!("{}.{v}", file.display())));
        for path in std::iter::once(file.clone()).chain(variants) {
            match tokio::fs::canonicalize(&path).await {
                Ok(real) if real.starts_with(&root) => {}
                Ok(real) => {
                    tracing::warn!(
                        "not serving {}: it leads out of {} to {}",
                        path.display(),
                        root.display(),
                        real.display()
                    );
                    return false;
                }
                // Nothing there: ServeDir finds nothing either and falls back.
                Err(e) if e.kind() == ErrorKind::NotFound || e.kind() == ErrorKind::NotADirectory => {}
                Err(_) => return false,
            }
        }
        true
    }
}

/// `files` for what `root` may serve, `otherwise` for the rest.
fn guarded(root: Root, files: Service, otherwise: Service) -> Service {
    let root = Arc::new(root);
    BoxCloneSyncService::new(service_fn(move |request: Request<Body>| {
        let (root, files, otherwise) = (root.clone(), files.clone(), otherwise.clone());
        async move {
            let serve = match relative_path(request.uri().path()) {
                Some(relative) => root.may_serve(&relative).await,
                None => false,
            };
            if serve { files.oneshot(request).await } else { otherwise.oneshot(request).await }
        }
    }))
}

/// The file a request path names, relative to a served directory; `None` for what is
/// never served: dotfiles and dot-directories (also percent-encoded), `..`, names too
/// long for a file system, and the directory itself.
pub(super) fn relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.len() > MAX_PATH {
        return None;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let plain = matches!(Path::new(segment).components().collect::<Vec<_>>()[..], [Component::Normal(_)]);
        if !plain || segment.starts_with('.') || segment.len() > MAX_NAME || segment.contains(['\\', '\0']) {
            return None;
        }
        relative.push(segment);
    }
    (!relative.as_os_str().is_empty()).then_some(relative)
}

/// A ServeDir (with its headers) as a boxed service, SVG files sandboxed.
fn boxed<S>(files: S) -> Service
where
    S: tower::Service<Request<Body>, Response = Response<ServeFileSystemResponseBody>, Error = Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    let sandbox = |response: &Response<Body>| {
        let svg =
            response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"image/svg+xml"));
        svg.then_some(SVG_POLICY)
    };
    let files = files.map_response(|r| r.map(Body::new));
    BoxCloneSyncService::new(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, sandbox).layer(files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotfiles_and_parents_are_never_files() {
        for path in ["/.env", "/%2eenv", "/a/.git/config", "/a/%2E%2E/b", "/..", "/a%2f..%2fb", "/a\\b", "/a%00b", "/"]
        {
            assert_eq!(relative_path(path), None, "{path}");
        }
        assert_eq!(relative_path("/images/a%20b.jpg"), Some(PathBuf::from("images/a b.jpg")));
        assert_eq!(relative_path("//images//a.jpg"), Some(PathBuf::from("images/a.jpg")));
    }

    #[test]
    fn content_hashes_in_names() {
        for name in [
            "beboerblad-ac076e5f89b4b2d0_bg.wasm",
            "beboerblad-ac076e5f89b4b2d0.js",
            "main-6878faabaccbb680.css",
            "main-6878faabaccbb680.css.br",
            "my-app-0123456789ab.js",
        ] {
            assert!(has_content_hash(name), "{name}");
        }
        for name in [
            "sw.js",
            "manifest.webmanifest",
            "icon-192.png",
            "photo-deadbeef.jpg",
            "main-6878FAABACCBB680.css",
            "main-6878faabaccbb6801.css",
            "main-6878faabaccbb680",
            "main-6878faabaccbb680.",
            "main-6878faabaccbb680x.css",
            "main-6878faabaccbb680_bg",
            "inline0.js",
            "-",
        ] {
            assert!(!has_content_hash(name), "{name}");
        }
    }
}
