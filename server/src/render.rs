//! Server rendering: the app's own components rendered to HTML inside Trunk's
//! index.html, with the head tags for link previews and the page's data for takeover.

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use beboerblad::feed::FeedError;
use beboerblad::head::{PageHead, page_head};
use beboerblad::model::Magazine;
use beboerblad::page_data::{Feedback, PAGE_DATA_ID, PageData, exists};
use beboerblad::route::Page;
use beboerblad::sanitize::escape;
use beboerblad::{App, da};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::http::security::{HostName, NONCE_PLACEHOLDER};

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

/// A rendered page: its status and HTML.
pub struct Rendered {
    pub found: bool,
    pub html: String,
}

pub struct Pages {
    shell: Shell,
    public_url: Option<String>,
    /// Without a public URL: hosts besides loopback ones whose name goes into pages.
    allowed_hosts: Vec<HostName>,
    /// Whether the log has been told about a host that is not allowed.
    warned: AtomicBool,
}

/// The origin of absolute URLs when the request's host may not be used.
const FALLBACK_ORIGIN: &str = "http://localhost";

impl Pages {
    pub fn new(shell: Shell, public_url: Option<String>, allowed_hosts: Vec<HostName>) -> Self {
        let public_url = public_url.map(|u| u.trim_end_matches('/').to_string());
        Self { shell, public_url, allowed_hosts, warned: AtomicBool::new(false) }
    }

    /// Renders `path`. Absolute URLs for previews use the public URL, or without one the
    /// request's `host` (see [`Self::origin`]). When the feed cannot be read, the page
    /// carries the error as its data: the app takes it over and offers to try again.
    pub fn render(
        &self,
        path: &str,
        host: Option<&str>,
        magazine: Result<&Magazine, &FeedError>,
        feedback: Option<Feedback>,
        nonce: &str,
    ) -> Rendered {
        let page = Page::parse(path);
        let origin = self.origin(host);
        let origin = origin.as_str();
        let data = PageData::new(path, magazine, feedback);
        let (found, head) = match magazine {
            Ok(m) => (exists(m, &page), head_tags(&page_head(&page, m), &page, origin, m)),
            Err(_) => (true, format!("<title>{}</title>", escape(da::APP_NAME))),
        };
        let head = head + &island(&data);
        let body = render_app(path, Some(data));
        Rendered { found, html: self.wrap(&head, &body, nonce) }
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

    /// The shell around `head` and `body`, its scripts allowed to run by `nonce`.
    fn wrap(&self, head: &str, body: &str, nonce: &str) -> String {
        let shell = &self.shell;
        let mut html = String::with_capacity(shell.head.len() + head.len() + body.len() + 512);
        html.push_str(&shell.head.replace(NONCE_PLACEHOLDER, nonce));
        html.push_str(head);
        html.push_str(&shell.middle.replace(NONCE_PLACEHOLDER, nonce));
        html.push_str(body);
        html.push_str(&shell.end.replace(NONCE_PLACEHOLDER, nonce));
        html
    }
}

/// The app's markup for `path`, exactly as the browser's first render makes it.
pub fn render_app(path: &str, data: Option<PageData>) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let html = owner.with(|| {
        provide_context(RequestUrl::new(path));
        view! { <App initial=data/> }.to_html()
    });
    owner.unset();
    html
}

fn head_tags(head: &PageHead<'_>, page: &Page, origin: &str, magazine: &Magazine) -> String {
    let mut out = String::with_capacity(2048);
    let e = escape;
    let canonical = format!("{origin}{}", page.href());
    let _ = write!(out, "<title>{}</title>", e(&head.title));
    let _ = write!(out, r#"<meta name="description" content="{}">"#, e(&head.description));
    if head.indexable {
        let _ = write!(out, r#"<link rel="canonical" href="{}">"#, e(&canonical));
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
    meta(&mut out, "og:url", &canonical);
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
            "inLanguage": "da",
            "mainEntityOfPage": canonical,
            "publisher": {"@type": "Organization", "name": site},
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

fn absolute(origin: &str, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") { format!("{origin}{src}") } else { src.to_string() }
}
