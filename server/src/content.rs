//! The content directory: the feed (and its `next_url` pages) read into a magazine,
//! re-read when any of its files changes (checked by modification time and size).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use beboerblad::feed::{FeedError, Pager};
use beboerblad::model::Magazine;

/// The feed's URL as the app sees it: items' relative URLs resolve from here.
pub const FEED_PATH: &str = "/feed.json";

type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;
type Loaded = (Stamp, Result<Arc<Magazine>, FeedError>);

pub struct Content {
    dir: PathBuf,
    cache: RwLock<Option<Loaded>>,
}

impl Content {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir, cache: RwLock::new(None) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current magazine; reads the files again only when they changed.
    pub fn magazine(&self) -> Result<Arc<Magazine>, FeedError> {
        if let Ok(cache) = self.cache.read()
            && let Some((stamp, result)) = cache.as_ref()
            && stamp.iter().all(|(path, s)| stat(path) == *s)
        {
            return result.clone();
        }
        let (stamp, result) = self.load();
        if let Ok(mut cache) = self.cache.write() {
            *cache = Some((stamp, result.clone()));
        }
        result
    }

    fn load(&self) -> Loaded {
        let mut stamp = Stamp::new();
        let mut pager = Pager::new(FEED_PATH);
        while let Some(url) = pager.next_url() {
            let text = match self.local_path(&url) {
                Some(path) => {
                    stamp.push((path.clone(), stat(&path)));
                    std::fs::read_to_string(&path).map_err(|e| FeedError::Network(format!("{}: {e}", path.display())))
                }
                None => Err(FeedError::Network(format!("{url} is not in the content directory"))),
            };
            if let Err(e) = pager.take(text) {
                return (stamp, Err(e));
            }
        }
        if let Some((url, e)) = &pager.skipped {
            tracing::warn!("feed page {url} skipped: {e}");
        }
        (stamp, Ok(Arc::new(pager.finish())))
    }

    /// A feed URL from the site root (`/feed-2.json`) as a file in the content directory.
    fn local_path(&self, url: &str) -> Option<PathBuf> {
        let rel = url.strip_prefix('/')?;
        let rel = rel.split(['?', '#']).next()?;
        if rel.is_empty() || rel.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
            return None;
        }
        Some(self.dir.join(rel))
    }
}

fn stat(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
