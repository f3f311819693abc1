//! Server rendering: the app's own components rendered to HTML inside Trunk's
//! index.html, with the head tags for link previews and the page's data for takeover.
//! Under a base path the shell's URLs follow it; an embed page (`?embed=…`) gets embed
//! mode's markup, the embedding site's theme and the script that talks to its page.

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::HeaderValue;

use crate::embed::Embed;
use api_types::SearchResults;
use beboerblad::browser::{BASE_META, EMBED_META, PICTURE_VARIANTS_META};
use beboerblad::feed::FeedError;
use beboerblad::head::{PageHead, page_head};
use beboerblad::model::Magazine;
use beboerblad::page_data::{Feedback, PAGE_DATA_ID, PageData, exists};
use beboerblad::route::Page;
use beboerblad::site::{BasePath, Site};
use beboerblad::{App, da};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;

use crate::http::security::{EmbedOrigin, HostName, NONCE_PLACEHOLDER};
use crate::sanitize::escape;

/// Trunk's index.html cut where the head tags and the rendered body go.
#[derive(Clone, Debug)]
pub struct Shell {
    head: String,
    middle: String,
    end: String,
}

impl Shell {
    /// Cuts before `</head>`, after `<body…>` and at `</body>`. Nothing may stand
    /// between `<body>` and the app's markup, or hydration fails.
    pub fn parse(html: &str) -> Option<Self> {
        let head_end = html.find("</head>")?;
        let body_start = head_end + html[head_end..].find("<body")?;
        let body_open_end = body_start + html[body_start..].find('>')? + 1;
        let body_end = body_open_end + html[body_open_end..].find("</body>")?;
        Some(Self {
            head: html[..head_end].to_string(),
            middle: html[head_end..body_open_end].to_string(),
            end: html[body_end..].to_string(),
        })
    }

    /// The shell for a reader served under `base`: every root-relative URL in it (Trunk's
    /// assets and loader, the icon, the feed's and manifest's addresses: any `"/…"` or
    /// `'/…'`) moves below the base, and `<meta name="beboerblad-base">` tells the app
    /// where it lives (added unless index.html has one, whose `content="/"` moves too).
    pub fn rebased(&self, base: &BasePath) -> Self {
        let rebase = |part: &str| rebase(part, base);
        let mut head = rebase(&self.head);
        if !head.contains(&format!(r#"name="{BASE_META}""#)) {
            let _ = write!(head, r#"<meta name="{BASE_META}" content="{}">"#, escape(base.as_str()));
        }
        // This server makes the pictures' WebP copies (`http/pictures.rs`): the app in the
        // browser may name them, as `render` does on the server.
        if !head.contains(&format!(r#"name="{PICTURE_VARIANTS_META}""#)) {
            let _ = write!(head, r#"<meta name="{PICTURE_VARIANTS_META}" content="webp">"#);
        }
        Self { head, middle: rebase(&self.middle), end: rebase(&self.end) }
    }

    /// A `Link` header value that preloads what the head's `<link rel="preload">` for the
    /// app's WebAssembly names, with the same attributes, so that the browser starts the
    /// download with the response's headers, before it has committed the page and its
    /// parser found the tag (about 130 ms on a slow phone at 4× CPU; issue 11). Being the
    /// same request as the tag's (URL, mode, integrity), it is fetched once. None when the
    /// shell has no such tag (a debug build names it too; a hand-made shell may not), or
    /// when it holds what a header may not (only visible ASCII; a base path is ASCII, and
    /// so are Trunk's values).
    pub fn wasm_preload(&self) -> Option<HeaderValue> {
        let tag = self.head.split("<link").skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]).find(|t| {
            attribute(t, "rel") == Some("preload")
                && attribute(t, "as") == Some("fetch")
                && attribute(t, "href").is_some_and(|h| h.ends_with(".wasm"))
        })?;
        let mut link = format!("<{}>; rel=preload; as=fetch", attribute(tag, "href")?);
        if let Some(mode) = attribute(tag, "crossorigin") {
            let _ = write!(link, "; crossorigin={}", if mode.is_empty() { "anonymous" } else { mode });
        }
        for name in ["type", "integrity"] {
            if let Some(value) = attribute(tag, name) {
                let _ = write!(link, r#"; {name}="{value}""#);
            }
        }
        HeaderValue::from_str(&link).ok()
    }

    /// Whether an inline script lacks the nonce placeholder (index.html built without
    /// `create_nonce`): the policy would block it, and the app would never start.
    pub fn lacks_nonces(&self) -> bool {
        [&self.head, &self.middle, &self.end].into_iter().any(|part| {
            part.split("<script").skip(1).any(|tag| {
                let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                !tag.contains("src=") && !tag.contains(&format!(r#"nonce="{NONCE_PLACEHOLDER}""#))
            })
        })
    }
}

/// The value of attribute `name` in the text of a tag as Trunk writes it (`name="…"`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(r#" {name}=""#))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// A rendered page: its status and HTML, with gaps for the request's nonce.
pub struct Rendered {
    pub found: bool,
    pub page: Template,
}

/// A page's HTML cut where the request's CSP nonce goes (the nonce slots of Trunk's
/// tags in the shell): `parts` joined by the nonce. Only the shell has slots; text from
/// the feed that happens to read like the placeholder stays as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<String>,
}

impl Template {
    /// The page for a request whose nonce is `nonce`.
    pub fn fill(&self, nonce: &str) -> String {
        let mut html = String::with_capacity(self.parts.iter().map(String::len).sum::<usize>() + 64);
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                html.push_str(nonce);
            }
            html.push_str(part);
        }
        html
    }

    /// The text between the nonce slots (one more than there are slots).
    pub fn parts(&self) -> &[String] {
        &self.parts
    }

    /// Appends trusted shell text, opening a new part at each nonce placeholder in it.
    fn push_shell(&mut self, shell: &str) {
        let mut pieces = shell.split(NONCE_PLACEHOLDER);
        self.push(pieces.next().unwrap_or_default());
        for piece in pieces {
            self.parts.push(piece.to_string());
        }
    }

    /// Appends text as it is.
    fn push(&mut self, text: &str) {
        match self.parts.last_mut() {
            Some(last) => last.push_str(text),
            None => self.parts.push(text.to_string()),
        }
    }
}

pub struct Pages {
    shell: Shell,
    /// Scheme and host (and port) of the public URL, without a path.
    public_url: Option<String>,
    base: BasePath,
    /// Host origins allowed to frame the reader (`--embed-origin`), without default ports.
    embed_origins: Vec<String>,
    /// Without a public URL: hosts besides loopback ones whose name goes into pages.
    allowed_hosts: Vec<HostName>,
    /// Whether the log has been told about a host that is not allowed.
    warned: AtomicBool,
    /// The `Link` header of every page (see [`Shell::wasm_preload`]).
    wasm_preload: Option<HeaderValue>,
}

/// The origin of absolute URLs when the request's host may not be used.
const FALLBACK_ORIGIN: &str = "http://localhost";

impl Pages {
    pub fn new(shell: Shell, public_url: Option<String>, allowed_hosts: Vec<HostName>) -> Self {
        let public_url = public_url.map(|u| u.trim_end_matches('/').to_string());
        let shell = shell.rebased(&BasePath::default());
        Self {
            wasm_preload: shell.wasm_preload(),
            shell,
            public_url,
            base: BasePath::default(),
            embed_origins: Vec::new(),
            allowed_hosts,
            warned: AtomicBool::new(false),
        }
    }

    /// Serves the reader under `base`, framed by `embed_origins` besides itself. A public
    /// URL that names the base path too (`https://site/skraeppebladet`) is taken without it.
    pub fn with_site(mut self, base: BasePath, embed_origins: &[EmbedOrigin]) -> Self {
        // The shell at the root is the built one with `<meta name="beboerblad-base"
        // content="/">`; rebasing moves that `"/"` along with every other URL.
        self.shell = self.shell.rebased(&base);
        self.wasm_preload = self.shell.wasm_preload();
        if let Some(url) = &mut self.public_url
            && !base.is_root()
            && let Some(origin) = url.strip_suffix(base.trimmed())
        {
            *url = origin.to_string();
        }
        self.base = base;
        self.embed_origins = embed_origins.iter().map(|o| without_default_port(&o.to_string())).collect();
        self
    }

    pub fn base(&self) -> &BasePath {
        &self.base
    }

    /// The `Link` header that every page's answer carries, if the shell preloads the app's
    /// WebAssembly.
    pub fn wasm_preload(&self) -> Option<&HeaderValue> {
        self.wasm_preload.as_ref()
    }

    /// Renders `target`: a path below the base, with the request's query (`?embed=…`
    /// makes an embed page). Absolute URLs for previews use the public URL, or without
    /// one the request's `host` (see [`Self::origin`]). When the feed cannot be read, the
    /// page carries the error as its data: the app takes it over and offers to try again.
    /// A search page (`/soeg?q=…`) is rendered with its `search` results.
    pub fn render(
        &self,
        target: &str,
        host: Option<&str>,
        magazine: Result<&Magazine, &FeedError>,
        feedback: Option<Feedback>,
        search: Option<SearchResults>,
    ) -> Rendered {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let embed = Embed::from_query(query);
        let site = Site::new(self.base.clone(), embed.as_ref().map(Embed::query)).with_picture_variants();
        let page = Page::parse(path);
        let origin = self.origin(host);
        let origin = origin.as_str();
        let data = PageData { search, ..PageData::new(path, magazine, feedback) };
        let canonical = format!("{origin}{}", site.standalone(&page));
        let (found, head) = match magazine {
            Ok(m) => (exists(m, &page), head_tags(&page_head(&page, m), &canonical, origin, m)),
            Err(_) => (true, format!("<title>{}</title>", escape(da::APP_NAME))),
        };
        let mut head = head + &island(&data);
        if let Some(embed) = &embed {
            head.push_str(&self.embed_head(embed, origin));
        }
        // The search page reads its query from the address, on the server too.
        let location = if page == Page::Search { target } else { path };
        let body = render_app(site, location, Some(data));
        Rendered { found, page: self.wrap(&head, &body, embed.as_ref()) }
    }

    /// What an embed page adds to `<head>`: the options for the app, the script that
    /// reports to the host page (allowed by `script-src 'self'`), the theme's stylesheet,
    /// and the host origin it may report to, only when that one may frame the reader.
    fn embed_head(&self, embed: &Embed, own_origin: &str) -> String {
        let base = escape(self.base.as_str());
        let mut out = format!(r#"<meta name="{EMBED_META}" content="{}">"#, escape(&embed.query()));
        let _ = write!(out, r#"<script src="{base}embed.js" defer></script>"#);
        if let Some(theme) = embed.theme_query().strip_prefix('&') {
            let _ = write!(out, r#"<link rel="stylesheet" href="{base}embed.css?{}">"#, escape(theme));
        }
        let parent = without_default_port(&embed.parent);
        if parent == without_default_port(own_origin) || self.embed_origins.contains(&parent) {
            let _ = write!(out, r#"<meta name="beboerblad-parent" content="{}">"#, escape(&embed.parent));
        }
        out
    }

    /// Scheme and host for absolute URLs: the public URL, or `http://` and the `Host`
    /// header when that names a loopback or allowed host. Any other host would let a
    /// forged header put another site's address into canonical links of pages a cache
    /// may keep: those pages get `http://localhost` instead.
    fn origin(&self, host: Option<&str>) -> String {
        if let Some(public_url) = &self.public_url {
            return public_url.clone();
        }
        let Some(host) = host else {
            return FALLBACK_ORIGIN.into();
        };
        match HostName::of_host_header(host) {
            Some((name, port)) if name.is_loopback() || self.allowed_hosts.contains(&name) => match port {
                Some(port) => format!("http://{name}:{port}"),
                None => format!("http://{name}"),
            },
            _ => {
                if !self.warned.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        "Host {host:?} is not allowed in links (set --public-url, or --allowed-host); \
                         pages use {FALLBACK_ORIGIN} instead (logged once)"
                    );
                }
                FALLBACK_ORIGIN.into()
            }
        }
    }

    /// What a page's HTML depends on besides the feed and the article's ratings and
    /// comments: the origin of its absolute URLs (from `host`), its path and its embed
    /// options (`target`'s query, read as [`Embed`] reads it). Pages with the same key
    /// and data are the same page, but for the nonce. Not for search pages.
    pub fn key(&self, target: &str, host: Option<&str>) -> String {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let embed = Embed::from_query(query).map(|e| e.query()).unwrap_or_default();
        format!("{}\n{path}\n{embed}", self.origin(host))
    }

    /// The shell around `head` and `body`, with slots for the nonce that lets its scripts
    /// run; an embed page's `<html>` marked `data-embed` (and `data-compact`) for the
    /// stylesheet.
    fn wrap(&self, head: &str, body: &str, embed: Option<&Embed>) -> Template {
        let shell = &self.shell;
        let mut page = Template { parts: Vec::new() };
        match embed {
            Some(embed) => {
                let mark = if embed.compact { "<html data-embed data-compact" } else { "<html data-embed" };
                page.push_shell(&shell.head.replacen("<html", mark, 1));
            }
            None => page.push_shell(&shell.head),
        }
        page.push(head);
        page.push_shell(&shell.middle);
        page.push(body);
        page.push_shell(&shell.end);
        page
    }
}

/// The app's markup for `path` (below the site's base), exactly as the browser's first
/// render makes it.
pub fn render_app(site: Site, path: &str, data: Option<PageData>) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let url = site.base.join(path);
    let html = owner.with(|| {
        provide_context(beboerblad::router::RequestAddress(url));
        view! { <App initial=data site=Some(site)/> }.to_html()
    });
    owner.unset();
    html
}

fn head_tags(head: &PageHead<'_>, canonical: &str, origin: &str, magazine: &Magazine) -> String {
    let mut out = String::with_capacity(2048);
    let e = escape;
    let _ = write!(out, "<title>{}</title>", e(&head.title));
    let _ = write!(out, r#"<meta name="description" content="{}">"#, e(&head.description));
    if head.indexable {
        let _ = write!(out, r#"<link rel="canonical" href="{}">"#, e(canonical));
    } else {
        out.push_str(r#"<meta name="robots" content="noindex">"#);
    }
    let meta = |out: &mut String, property: &str, content: &str| {
        let _ = write!(out, r#"<meta property="{property}" content="{}">"#, e(content));
    };
    let site = &magazine.publication.name;
    meta(&mut out, "og:site_name", site);
    meta(&mut out, "og:title", head.article.map(|a| a.title.as_str()).unwrap_or(&head.title));
    meta(&mut out, "og:description", &head.description);
    meta(&mut out, "og:type", if head.article.is_some() { "article" } else { "website" });
    meta(&mut out, "og:url", canonical);
    meta(&mut out, "og:locale", "da_DK");
    let image = head.image.as_deref().map(|src| absolute(origin, src));
    if let Some(image) = &image {
        meta(&mut out, "og:image", image);
        if let Some(alt) = head.image_alt.as_deref().filter(|a| !a.is_empty()) {
            meta(&mut out, "og:image:alt", alt);
        }
    }
    if let Some(article) = head.article {
        if let Some(published) = &article.published {
            meta(&mut out, "article:published_time", published.as_str());
        }
        if let Some(section) = &head.section {
            meta(&mut out, "article:section", section);
        }
        for author in &article.authors {
            meta(&mut out, "article:author", author);
        }
        let ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "description": head.description,
            "image": image.iter().collect::<Vec<_>>(),
            "datePublished": article.published.as_ref().map(|p| p.as_str()),
            "author": article.authors.iter().map(|a| serde_json::json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
            "articleSection": head.section,
            "inLanguage": article.language.as_ref().map_or("da", |l| l.as_str()),
            "mainEntityOfPage": canonical,
            "publisher": {"@type": "Organization", "name": site},
            // schema.org's property for the notice (it has no plain `copyright`).
            "copyrightNotice": magazine.copyright(article),
        });
        let _ = write!(out, r#"<script type="application/ld+json">{}</script>"#, script_json(&ld.to_string()));
    }
    let _ = write!(
        out,
        r#"<meta name="twitter:card" content="{}">"#,
        if image.is_some() { "summary_large_image" } else { "summary" }
    );
    out
}

/// The page's data as a JSON island in `<head>` (see `beboerblad::page_data`).
fn island(data: &PageData) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    format!(r#"<script type="application/json" id="{PAGE_DATA_ID}">{}</script>"#, script_json(&json))
}

/// JSON made safe inside `<script>`: no `</script>`, `<!--` or line separators can end it.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Root-relative URLs in quotes (`"/x"`, `'/x'`, `"/"`) moved below `base`; not
/// `"//host/x"`, nor the `/>` after a closing quote.
fn rebase(html: &str, base: &BasePath) -> String {
    if base.is_root() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find(['"', '\'']) {
        let quote = rest.as_bytes()[i];
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        rest = after;
        let url_starts = match rest.as_bytes() {
            [b'/', next, ..] => next.is_ascii_alphanumeric() || matches!(next, b'_' | b'.' | b'-') || *next == quote,
            _ => false,
        };
        if url_starts {
            out.push_str(base.as_str());
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// An origin without the port its scheme implies (`https://a:443` is `https://a`), as
/// browsers write `location.origin`.
fn without_default_port(origin: &str) -> String {
    let origin = origin.to_ascii_lowercase();
    for (scheme, port) in [("https://", ":443"), ("http://", ":80")] {
        if origin.starts_with(scheme)
            && let Some(bare) = origin.strip_suffix(port)
        {
            return bare.to_string();
        }
    }
    origin
}

fn absolute(origin: &str, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") { format!("{origin}{src}") } else { src.to_string() }
}
