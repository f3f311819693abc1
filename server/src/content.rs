//! The content directory: the feed (and its `next_url` pages) read into a magazine and
//! its published form, kept in memory, and read again when its files change (seen by
//! modification time and size).
//!
//! Requests never wait for the disk unless they have to: the API takes the magazine in
//! memory ([`Content::current`]); pages and the feed check the files first
//! ([`Content::fresh`]), on a blocking thread, one check at a time. A feed that cannot be
//! read never replaces one that could: readers keep the last good magazine while an
//! editor fixes the file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use beboerblad::feed::FeedError;
use beboerblad::model::Magazine;
use beboerblad::site::BasePath;
use tokio::sync::Mutex;

use crate::feed_reader::Pager;
use crate::publish::Published;
use crate::search::Index;

/// The feed's URL below the base path: items' relative URLs resolve from here (under a
/// base path `/sub/`, from `/sub/feed.json`, so images move along).
pub const FEED_PATH: &str = "/feed.json";

/// The most feed pages read from the content directory: the editors' own files (what
/// `build-feed` writes has 100 a page), so more than a third party's feed may have.
pub const MAX_LOCAL_PAGES: usize = 1000;

/// The magazine, or why there is none.
pub type FeedResult = Result<Arc<Magazine>, FeedError>;

/// A magazine read from the content directory, with the feed the server publishes of it.
#[derive(Debug)]
pub struct Edition {
    pub magazine: Arc<Magazine>,
    /// The first page of the published feed (`/feed.json`).
    pub published: Published,
    /// The articles' search index, built with the edition so it always matches it.
    pub index: Index,
}

impl Edition {
    fn new(magazine: Magazine) -> Result<Self, FeedError> {
        let first = crate::publish::file(&magazine, crate::publish::FEED_FILE).unwrap_or_else(|| Ok(Vec::new()));
        let published = Published::of(first.map_err(|e| FeedError::Json(format!("cannot publish it: {e}")))?);
        let started = std::time::Instant::now();
        let index = Index::new(&magazine);
        tracing::info!("search index of {} articles built in {:?}", index.len(), started.elapsed());
        // The pages' lookups by id, by issue and by section: once per edition.
        magazine.build_index();
        Ok(Self { magazine: Arc::new(magazine), published, index })
    }
}

pub struct Content {
    dir: PathBuf,
    /// [`FEED_PATH`] from the site's root.
    feed_url: String,
    /// The last good edition; the error only while none was ever read.
    current: RwLock<Result<Arc<Edition>, FeedError>>,
    /// The files as they were when last read (good or not). Whoever holds the lock is
    /// the one checking them.
    stamp: Arc<Mutex<Stamp>>,
    reloads: AtomicU64,
}

impl Content {
    /// Reads the feed once, at start (blocking is fine here). An unreadable feed is not a
    /// start error: the server starts, pages answer 503, and the next change is read.
    pub fn new(dir: PathBuf) -> Self {
        Self::under(dir, &BasePath::default())
    }

    /// [`Content::new`] for a reader served under `base`.
    pub fn under(dir: PathBuf, base: &BasePath) -> Self {
        let mut content = Self {
            dir,
            feed_url: base.join(FEED_PATH),
            current: RwLock::new(Err(FeedError::Unreadable("not read yet".into()))),
            stamp: Arc::new(Mutex::new(Stamp::default())),
            reloads: AtomicU64::new(0),
        };
        let (stamp, result) = content.read();
        content.keep(result);
        content.stamp = Arc::new(Mutex::new(stamp));
        content
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// No disk access: the last good magazine, or the error when none was ever read.
    pub fn current(&self) -> FeedResult {
        self.current_edition().map(|e| e.magazine.clone())
    }

    /// For page and feed requests: the magazine after reading the files again if they
    /// changed. While another request is checking or reading them, this one gets
    /// [`Content::current`] at once rather than wait.
    pub async fn fresh(self: &Arc<Self>) -> FeedResult {
        self.fresh_edition().await.map(|e| e.magazine.clone())
    }

    /// [`Content::current`] with the published feed.
    pub fn current_edition(&self) -> Result<Arc<Edition>, FeedError> {
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// [`Content::fresh`] with the published feed.
    pub async fn fresh_edition(self: &Arc<Self>) -> Result<Arc<Edition>, FeedError> {
        if let Ok(mut stamp) = Arc::clone(&self.stamp).try_lock_owned() {
            let content = Arc::clone(self);
            // The guard moves along: should this request be dropped, the check still
            // runs to its end before anyone else starts one.
            let checked = tokio::task::spawn_blocking(move || content.refresh(&mut stamp)).await;
            if let Err(e) = checked {
                tracing::error!("checking the feed in {} failed: {e}", self.dir.display());
            }
        }
        self.current_edition()
    }

    /// How many times the feed files were read, the first time included.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    /// Reads the files again if they changed since `stamp` (blocking).
    fn refresh(&self, stamp: &mut Stamp) {
        if !stamp.changed() {
            return;
        }
        let (new_stamp, result) = self.read();
        // Also when reading failed: the same broken files are not read again.
        *stamp = new_stamp;
        self.keep(result);
    }

    /// Takes a newly read edition, or logs why there is none.
    fn keep(&self, result: Result<Edition, FeedError>) {
        let dir = self.dir.display();
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(edition) => {
                tracing::info!("feed read from {dir}: {} articles", edition.magazine.articles.len());
                *current = Ok(Arc::new(edition));
            }
            Err(e) if current.is_ok() => {
                tracing::warn!("the feed in {dir} changed but cannot be read ({e}); still serving the last good one");
            }
            Err(e) => {
                tracing::error!("the feed in {dir} cannot be read: {e}; pages answer 503 until it is fixed");
                *current = Err(e);
            }
        }
    }

    /// Reads every page of the feed (blocking), with the files' stamps as they were
    /// before reading: a change made meanwhile is seen by the next check.
    fn read(&self) -> (Stamp, Result<Edition, FeedError>) {
        self.reloads.fetch_add(1, Ordering::Relaxed);
        let mut stamp = Stamp::default();
        let mut pager = Pager::new(&self.feed_url).with_limit(MAX_LOCAL_PAGES);
        while let Some(url) = pager.next_url() {
            let text = match self.local_path(&url) {
                Some(path) => {
                    stamp.0.push((path.clone(), stat(&path)));
                    std::fs::read_to_string(&path)
                        .map_err(|e| FeedError::Unreadable(format!("{}: {e}", path.display())))
                }
                None => Err(FeedError::Unreadable(format!("{url} is not in the content directory"))),
            };
            if let Err(e) = pager.take(text) {
                return (stamp, Err(e));
            }
        }
        if let Some((url, e)) = &pager.skipped {
            tracing::warn!("feed page {url} skipped: {e}");
        }
        (stamp, Edition::new(pager.finish()))
    }

    /// A feed URL from the site root (`/feed-2.json`, `/sub/feed-2.json` under a base
    /// path) as a file in the content directory.
    fn local_path(&self, url: &str) -> Option<PathBuf> {
        // The base path without its trailing `/` ("" at the root).
        let base = self.feed_url.strip_suffix(FEED_PATH)?;
        let rel = url.strip_prefix(base)?.strip_prefix('/')?;
        let rel = rel.split(['?', '#']).next()?;
        if rel.is_empty() || rel.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
            return None;
        }
        Some(self.dir.join(rel))
    }
}

/// Each file read, with its modification time and size (`None`: it could not be seen).
#[derive(Debug, Default)]
struct Stamp(Vec<(PathBuf, Option<(SystemTime, u64)>)>);

impl Stamp {
    fn changed(&self) -> bool {
        self.0.is_empty() || self.0.iter().any(|(path, s)| stat(path) != *s)
    }
}

fn stat(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
