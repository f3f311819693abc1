//! What is made from one edition of the feed and kept until the next (rendered pages,
//! the published feed's page files): least recently used out first, emptied when a new
//! edition is asked for.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use beboerblad::model::Magazine;
use hashlink::LruCache;

pub struct EditionCache<V> {
    inner: Mutex<Inner<V>>,
    made: AtomicU64,
}

struct Inner<V> {
    /// The edition every kept value was made from.
    edition: Option<Arc<Magazine>>,
    values: LruCache<String, Arc<V>>,
}

impl<V> EditionCache<V> {
    /// Keeps at most `capacity` values (keys may come from requests: bounded).
    pub fn new(capacity: usize) -> Self {
        Self { inner: Mutex::new(Inner { edition: None, values: LruCache::new(capacity) }), made: AtomicU64::new(0) }
    }

    /// The value kept under `key` for `edition`, if there is one.
    pub fn get(&self, edition: &Arc<Magazine>, key: &str) -> Option<Arc<V>> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if !inner.edition.as_ref().is_some_and(|e| Arc::ptr_eq(e, edition)) {
            return None;
        }
        inner.values.get(key).cloned()
    }

    /// Keeps a value just made from `edition`; a new edition empties the cache first.
    pub fn insert(&self, edition: &Arc<Magazine>, key: String, value: V) -> Arc<V> {
        self.made.fetch_add(1, Ordering::Relaxed);
        let value = Arc::new(value);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if !inner.edition.as_ref().is_some_and(|e| Arc::ptr_eq(e, edition)) {
            inner.values.clear();
            inner.edition = Some(edition.clone());
        }
        inner.values.insert(key, value.clone());
        value
    }

    /// How many values were made into the cache (for tests).
    pub fn made(&self) -> u64 {
        self.made.load(Ordering::Relaxed)
    }
}
