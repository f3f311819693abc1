//! `--from-feed`: an existing JSON Feed — a file, or an http(s) URL fetched with
//! timeouts and a size limit — read (every `next_url` page) as the reader reads it.
//! Pictures of a file feed that lie beside it are checked, measured and copied; those of
//! a feed on the web stay where they are.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::feed_reader::Pager;
use crate::url::is_web_url;
use beboerblad::feed::{FeedError, check_content_type};
use beboerblad::model::Image;

use super::images::Pictures;
use super::problems::{Kind, Problems};
use super::source::{Built, FEED_URL};

/// The most one feed page may weigh.
const MAX_PAGE_BYTES: u64 = 50 * 1024 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// For a whole request, the answer read to its end included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

pub fn read(location: &str) -> Result<Built, Problems> {
    if is_web_url(location) { from_web(location) } else { from_file(Path::new(location)) }
}

fn from_web(url: &str) -> Result<Built, Problems> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(REQUEST_TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("beboerblad-server/", env!("CARGO_PKG_VERSION"), " build-feed"))
        .build()
        .into();
    let magazine = walk(url, url, |page| fetch(&agent, page))?;
    Ok(Built { magazine, pictures: Pictures::default() })
}

fn fetch(agent: &ureq::Agent, url: &str) -> Result<String, FeedError> {
    let mut response = agent.get(url).call().map_err(|e| FeedError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(FeedError::Http(status));
    }
    check_content_type(response.headers().get("content-type").and_then(|v| v.to_str().ok()))?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_PAGE_BYTES)
        .read_to_string()
        .map_err(|e| FeedError::Network(e.to_string()))
}

fn from_file(path: &Path) -> Result<Built, Problems> {
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let name = path.display().to_string();
    // Read as if it were our content directory's feed: its pages are files beside it.
    let mut magazine = walk(&name, FEED_URL, |url| {
        let local = url.strip_prefix('/').filter(|_| !url.starts_with("//")).map(|rest| dir.join(rest));
        let local = local.ok_or_else(|| FeedError::Unreadable(format!("{url} is not a file beside the feed")))?;
        std::fs::read_to_string(&local).map_err(|e| FeedError::Unreadable(format!("{}: {e}", local.display())))
    })?;
    let mut pictures = Pictures::default();
    let mut problems = Problems::default();
    let images = magazine
        .issues
        .iter_mut()
        .filter_map(|i| i.cover.as_mut())
        .chain(magazine.articles.iter_mut().filter_map(|a| a.image.as_mut()));
    for image in images {
        if let Err(kind) = measure_beside(image, &dir, &mut pictures) {
            problems.add(&name, None, kind);
        }
    }
    if problems.is_empty() { Ok(Built { magazine, pictures }) } else { Err(problems.sorted()) }
}

/// A picture of a file feed at a URL from the root (`/images/a.jpg`) is the file beside
/// the feed: checked, measured and given its name in the output.
fn measure_beside(image: &mut Image, dir: &Path, pictures: &mut Pictures) -> Result<(), Kind> {
    let Some(rest) = image.src.strip_prefix('/').filter(|r| !r.starts_with('/')) else { return Ok(()) };
    let path: PathBuf = dir.join(rest);
    let picture = pictures.add(&path, rest)?;
    image.src = picture.url;
    (image.width, image.height) = (Some(picture.width), Some(picture.height));
    Ok(())
}

/// Reads every page of a feed at `first` through `read`; `name` is how problems name it.
fn walk(
    name: &str,
    first: &str,
    mut read: impl FnMut(&str) -> Result<String, FeedError>,
) -> Result<beboerblad::model::Magazine, Problems> {
    let mut problems = Problems::default();
    let mut pager = Pager::new(first);
    while let Some(url) = pager.next_url() {
        let text = read(&url);
        if let Err(e) = pager.take(text) {
            problems.add(name, None, Kind::Feed(e.to_string()));
            return Err(problems);
        }
    }
    if let Some((url, e)) = &pager.skipped {
        problems.add(name, None, Kind::Feed(format!("{url}: {e}")));
        return Err(problems);
    }
    Ok(pager.finish())
}
