//! The page files of the published feed (`feed/…`), made once per feed edition and kept
//! with their brotli copy, as pages are (see `page_cache.rs`): the app fetches one on
//! every move inside it, so they are served as often as pages.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use beboerblad::model::Magazine;
use sha2::{Digest, Sha256};

use super::auth::hex;
use super::brotli;
use super::edition_cache::EditionCache;

/// Most files kept; the least recently used goes first. Only files that exist are kept,
/// but an archive has tens of thousands of them.
const MAX_FILES: usize = 4096;

pub struct FeedFiles(EditionCache<FeedFile>);

/// One page file as made for an edition.
pub struct FeedFile {
    pub json: Bytes,
    /// A strong tag of `json`'s bytes, quoted.
    pub tag: String,
    /// `json` compressed, made on first use.
    brotli: OnceLock<Bytes>,
}

impl FeedFile {
    /// The tag of the brotli copy (a representation of its own).
    pub fn brotli_tag(&self) -> String {
        format!("{}-br\"", self.tag.trim_end_matches('"'))
    }

    /// The compressed copy, once [`brotli::compress_once`]d.
    pub fn brotli(&self) -> Option<Bytes> {
        self.brotli.get().cloned()
    }
}

impl brotli::CompressOnce for FeedFile {
    fn compressed(&self) -> bool {
        self.brotli.get().is_some()
    }

    fn compress(&self) {
        self.brotli.get_or_init(|| Bytes::from(brotli::compress(&self.json)));
    }
}

impl Default for FeedFiles {
    fn default() -> Self {
        Self::new()
    }
}

impl FeedFiles {
    pub fn new() -> Self {
        Self(EditionCache::new(MAX_FILES))
    }

    /// The file `name` kept for `edition`, if there is one.
    pub fn get(&self, edition: &Arc<Magazine>, name: &str) -> Option<Arc<FeedFile>> {
        self.0.get(edition, name)
    }

    /// Keeps a file just made from `edition`; a new edition empties the cache first.
    pub fn insert(&self, edition: &Arc<Magazine>, name: String, json: Vec<u8>) -> Arc<FeedFile> {
        let tag = format!("\"{}\"", hex(&Sha256::digest(&json)[..12]));
        self.0.insert(edition, name, FeedFile { json: Bytes::from(json), tag, brotli: OnceLock::new() })
    }

    /// How many files were made into the cache (for tests).
    pub fn made(&self) -> u64 {
        self.0.made()
    }
}
