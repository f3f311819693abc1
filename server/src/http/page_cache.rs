//! Rendered pages kept for the feed edition they were rendered from, so a page is
//! rendered (and brotli-compressed) once rather than per request. A page is kept with
//! gaps for the CSP nonce, which each request fills with its own (as text, or as a short
//! brotli piece joined between the compressed ones); an article's page is kept with the
//! ratings and comments it shows, which every request reads again and a change of which
//! renders it anew. Nothing of a reader is in a page, so one page serves every reader.

use std::sync::{Arc, OnceLock};

use beboerblad::model::Magazine;

use super::brotli;
use super::edition_cache::EditionCache;
use crate::render::Template;

/// Most pages kept; the least recently used goes first. Keys hold the request's host
/// and embed options, so made-up ones must not grow the table without end.
const MAX_PAGES: usize = 2048;

pub struct PageCache(EditionCache<CachedPage>);

/// A page as rendered for one key (see [`crate::render::Pages::key`]).
pub struct CachedPage {
    pub found: bool,
    /// The article's ratings and comments it shows, as JSON; `None` on other pages.
    feedback: Option<String>,
    page: Template,
    /// The parts of `page` compressed, made on first use.
    brotli: OnceLock<Vec<Vec<u8>>>,
}

impl CachedPage {
    /// The page with `nonce` in its gaps.
    pub fn html(&self, nonce: &str) -> String {
        self.page.fill(nonce)
    }

    /// The page with `nonce` in its gaps as one brotli stream, once [`brotli::compress_once`]d.
    pub fn brotli(&self, nonce: &str) -> Option<Vec<u8>> {
        let parts = self.brotli.get()?;
        let filler = brotli::filler(nonce);
        let mut streams: Vec<&[u8]> = Vec::with_capacity(parts.len() * 2);
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                streams.push(&filler);
            }
            streams.push(part);
        }
        let joined = brotli::join(&streams);
        if joined.is_none() {
            tracing::error!("the compressed parts of a page do not join; sending it uncompressed");
        }
        joined
    }
}

impl brotli::CompressOnce for CachedPage {
    fn compressed(&self) -> bool {
        self.brotli.get().is_some()
    }

    fn compress(&self) {
        self.brotli.get_or_init(|| brotli::pieces(self.page.parts().iter().map(String::as_str)));
    }
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new()
    }
}

impl PageCache {
    pub fn new() -> Self {
        Self(EditionCache::new(MAX_PAGES))
    }

    /// The page kept under `key` for `edition` showing `feedback`, if there is one.
    pub fn get(&self, edition: &Arc<Magazine>, key: &str, feedback: Option<&str>) -> Option<Arc<CachedPage>> {
        self.0.get(edition, key).filter(|page| page.feedback.as_deref() == feedback)
    }

    /// Keeps a page just rendered from `edition`; a new edition empties the cache first.
    pub fn insert(
        &self,
        edition: &Arc<Magazine>,
        key: String,
        found: bool,
        feedback: Option<String>,
        page: Template,
    ) -> Arc<CachedPage> {
        self.0.insert(edition, key, CachedPage { found, feedback, page, brotli: OnceLock::new() })
    }

    /// How many pages were rendered into the cache (for tests).
    pub fn renders(&self) -> u64 {
        self.0.made()
    }
}
