//! The content directory: the feed (and its `next_url` pages) read into a magazine,
//! re-read when any of its files changes (checked by modification time and size).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use beboerblad::feed::{self, FeedError, FeedPage, MAX_PAGES};
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
        let mut pages: Vec<FeedPage> = Vec::new();
        let mut url = FEED_PATH.to_string();
        while pages.len() < MAX_PAGES {
            let Some(path) = self.local_path(&url) else {
                tracing::warn!("feed page {url} is not in the content directory; skipped");
                break;
            };
            if stamp.iter().any(|(p, _)| *p == path) {
                break;
            }
            let before = stat(&path);
            stamp.push((path.clone(), before));
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if pages.is_empty() => return (stamp, Err(FeedError::Network(format!("{}: {e}", path.display())))),
                Err(e) => {
                    tracing::warn!("feed page {} skipped: {e}", path.display());
                    break;
                }
            };
            let page = match feed::parse_page(&text) {
                Ok(page) => page,
                Err(e) if pages.is_empty() => return (stamp, Err(e)),
                Err(e) => {
                    tracing::warn!("feed page {} skipped: {e}", path.display());
                    break;
                }
            };
            let next = page.next_url.as_deref().map(|n| feed::resolve(&url, n));
            pages.push(page);
            match next {
                Some(next) => url = next,
                None => break,
            }
        }
        (stamp, Ok(Arc::new(feed::build(pages, FEED_PATH))))
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
