//! Where the reader lives and how it is shown: its base path (served under a sub-path
//! such as `/skraeppebladet/`) and, inside another site's page, the embed options that
//! every link carries. Every link the app renders comes from [`Site::href`].

use std::fmt;
use std::str::FromStr;

use leptos::prelude::*;
use thiserror::Error;

use crate::route::Page;

/// The path the reader is served under: `/`, or e.g. `/skraeppebladet/` (always with a
/// leading and a trailing `/`; segments of letters, digits and `-._~`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasePath(String);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{0:?} is not a base path: expected e.g. /skraeppebladet/ (letters, digits and - . _ ~ between slashes)")]
pub struct BasePathError(String);

impl Default for BasePath {
    fn default() -> Self {
        Self("/".into())
    }
}

impl FromStr for BasePath {
    type Err = BasePathError;

    /// Accepts the path with or without its trailing `/`.
    fn from_str(text: &str) -> Result<Self, BasePathError> {
        let error = || BasePathError(text.to_string());
        let inner = text.strip_prefix('/').ok_or_else(error)?;
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        if inner.is_empty() {
            return Ok(Self::default());
        }
        let segment = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
        };
        if text.len() > 200 || !inner.split('/').all(segment) {
            return Err(error());
        }
        Ok(Self(format!("/{inner}/")))
    }
}

impl BasePath {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0 == "/"
    }

    /// Without the trailing `/` (empty for the root): what the router is given.
    pub fn trimmed(&self) -> &str {
        self.0.trim_end_matches('/')
    }

    /// A path from the site's root as a path below this base (`/sub/artikel/x` →
    /// `/artikel/x`; the base itself, with or without its `/`, is `/`); `None` when the
    /// path lies outside it.
    pub fn strip<'a>(&self, path: &'a str) -> Option<&'a str> {
        if path == self.trimmed() {
            return Some("/");
        }
        path.strip_prefix(self.trimmed()).filter(|rest| rest.starts_with('/'))
    }

    /// A path below this base (`/artikel/x`) as a path from the site's root.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.trimmed(), if path.starts_with('/') { path.to_string() } else { format!("/{path}") })
    }
}

impl fmt::Display for BasePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The base path and, when embedded, the embed options; provided as context by `App`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    pub base: BasePath,
    /// `?` and the embed options (checked and put in one canonical form by the server),
    /// appended to every link; empty when not embedded.
    suffix: String,
    /// Whether our server makes smaller WebP copies of the content's pictures
    /// (`crate::picture`); not on a static deployment of `dist/`.
    picture_variants: bool,
    /// In the browser: the page's origin (`https://blad.example`), which the whole feed's
    /// URLs carry once resolved against its address; empty on the server.
    origin: String,
}

impl Site {
    /// `embed`: the embed options as a query string (without `?`).
    pub fn new(base: BasePath, embed: Option<String>) -> Self {
        let suffix = embed.map(|query| format!("?{query}")).unwrap_or_default();
        Self { base, suffix, picture_variants: false, origin: String::new() }
    }

    /// Served by our server, which makes the pictures' WebP copies.
    pub fn with_picture_variants(self) -> Self {
        Self { picture_variants: true, ..self }
    }

    pub fn has_picture_variants(&self) -> bool {
        self.picture_variants
    }

    /// `url` as a path from the site's root when it is on this site's origin
    /// (`https://blad.example/images/a.jpg` → `/images/a.jpg`); other URLs as they are.
    pub fn local<'a>(&self, url: &'a str) -> &'a str {
        match url.strip_prefix(self.origin.as_str()) {
            Some(path) if !self.origin.is_empty() && path.starts_with('/') && !path.starts_with("//") => path,
            _ => url,
        }
    }

    /// The page's origin (the browser's; tests), for [`Self::local`].
    pub fn with_origin(self, origin: impl Into<String>) -> Self {
        Self { origin: origin.into(), ..self }
    }

    /// The one in context (components tested on their own get the default: `/`, not
    /// embedded).
    pub fn current() -> Self {
        use_context::<Site>().unwrap_or_default()
    }

    /// In the browser: the base path and embed options the server wrote into the page.
    pub fn in_browser() -> Self {
        let site = Self::new(BasePath(crate::browser::base_path()), crate::browser::embed_options())
            .with_origin(crate::browser::origin());
        if crate::browser::picture_variants() { site.with_picture_variants() } else { site }
    }

    pub fn embedded(&self) -> bool {
        !self.suffix.is_empty()
    }

    /// The link to `page` in this reader (inside an embed: with the embed options).
    pub fn href(&self, page: &Page) -> String {
        format!("{}{}", self.standalone(page), self.suffix)
    }

    /// The link to `page` in the full reader (never embedded).
    pub fn standalone(&self, page: &Page) -> String {
        self.base.join(&page.href())
    }

    /// The page a path from the site's root shows.
    pub fn page(&self, path: &str) -> Page {
        self.base.strip(path).map(Page::parse).unwrap_or(Page::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleId;

    #[test]
    fn base_paths_are_plain_segments_between_slashes() {
        for (text, base) in [
            ("/", "/"),
            ("//", "/"),
            ("/skraeppebladet", "/skraeppebladet/"),
            ("/skraeppebladet/", "/skraeppebladet/"),
            ("/foreningen/blad-2.0/", "/foreningen/blad-2.0/"),
        ] {
            assert_eq!(text.parse::<BasePath>().map(|b| b.to_string()), Ok(base.to_string()), "{text}");
        }
        for text in [
            "",
            "skraeppebladet",
            "/a//b/",
            "/../x",
            "/a/./b",
            "/a b/",
            "/a%2fb/",
            "/a?b",
            "/a#b",
            "/æ/",
            "/a\"/",
            "///",
        ] {
            assert!(text.parse::<BasePath>().is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn links_and_pages_under_a_base_path() {
        let base: BasePath = "/skraeppebladet/".parse().unwrap_or_default();
        let site = Site::new(base.clone(), None);
        let article = Page::Article(ArticleId::new("x"));
        assert_eq!(site.href(&Page::Front), "/skraeppebladet/");
        assert_eq!(site.href(&article), "/skraeppebladet/artikel/x");
        assert_eq!(site.page("/skraeppebladet/artikel/x"), article);
        assert_eq!(site.page("/skraeppebladet"), Page::Front);
        assert_eq!(site.page("/skraeppebladet/"), Page::Front);
        assert_eq!(site.page("/artikel/x"), Page::NotFound);
        assert_eq!(site.page("/skraeppebladetx/artikel/x"), Page::NotFound);
        assert_eq!(base.strip("/skraeppebladet/feed.json"), Some("/feed.json"));
        assert_eq!(base.join("/feed.json"), "/skraeppebladet/feed.json");

        let root = Site::default();
        assert_eq!(root.href(&Page::Front), "/");
        assert_eq!(root.href(&article), "/artikel/x");
        assert_eq!(root.page("/artikel/x"), article);
    }

    #[test]
    fn links_in_an_embed_carry_its_options_but_the_full_reader_does_not() {
        let embed = Some("embed=https://forening.example&compact=1".to_string());
        let site = Site::new("/blad/".parse().unwrap_or_default(), embed);
        assert!(site.embedded() && !Site::default().embedded());
        let article = Page::Article(ArticleId::new("x"));
        assert_eq!(site.href(&article), "/blad/artikel/x?embed=https://forening.example&compact=1");
        assert_eq!(site.standalone(&article), "/blad/artikel/x");
        assert_eq!(site.page("/blad/artikel/x"), article);
    }
}
