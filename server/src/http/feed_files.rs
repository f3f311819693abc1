//! The page files of the published feed (`feed/…`), made once per feed edition and kept
//! with their brotli copy, as pages are (see `page_cache.rs`): the app fetches one on
//! every move inside it, so they are served as often as pages.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use axum::body::Bytes;
use hashlink::LruCache;
use sha2::{Digest, Sha256};

use super::auth::hex;
use super::brotli;

/// Most files kept; the least recently used goes first. Only files that exist are kept,
/// but an archive has tens of thousands of them.
const MAX_FILES: usize = 4096;

pub struct FeedFiles {
    inner: Mutex<Inner>,
    made: AtomicU64,
}

struct Inner {
    /// The digest of the edition every kept file was made from.
    edition: Option<String>,
    files: LruCache<String, Arc<FeedFile>>,
}

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

    /// Whether [`Self::compress`] is done.
    pub fn compressed(&self) -> bool {
        self.brotli.get().is_some()
    }

    /// Compresses the file unless done (blocking: the best quality takes a while).
    pub fn compress(&self) {
        self.brotli.get_or_init(|| Bytes::from(brotli::compress(&self.json)));
    }

    /// The compressed copy, once [`Self::compress`]ed.
    pub fn brotli(&self) -> Option<Bytes> {
        self.brotli.get().cloned()
    }
}

impl Default for FeedFiles {
    fn default() -> Self {
        Self::new()
    }
}

impl FeedFiles {
    pub fn new() -> Self {
        Self { inner: Mutex::new(Inner { edition: None, files: LruCache::new(MAX_FILES) }), made: AtomicU64::new(0) }
    }

    /// The file `name` kept for the edition whose digest is `edition`, if there is one.
    pub fn get(&self, edition: &str, name: &str) -> Option<Arc<FeedFile>> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.edition.as_deref() != Some(edition) {
            return None;
        }
        inner.files.get(name).cloned()
    }

    /// Keeps a file just made from `edition`; a new edition empties the cache first.
    pub fn insert(&self, edition: &str, name: String, json: Vec<u8>) -> Arc<FeedFile> {
        self.made.fetch_add(1, Ordering::Relaxed);
        let tag = format!("\"{}\"", hex(&Sha256::digest(&json)[..12]));
        let file = Arc::new(FeedFile { json: Bytes::from(json), tag, brotli: OnceLock::new() });
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.edition.as_deref() != Some(edition) {
            inner.files.clear();
            inner.edition = Some(edition.to_string());
        }
        inner.files.insert(name, file.clone());
        file
    }

    /// How many files were made into the cache (for tests).
    pub fn made(&self) -> u64 {
        self.made.load(Ordering::Relaxed)
    }
}
