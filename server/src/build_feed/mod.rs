//! `build-feed`: the feed files of a content directory — `feed.json` and the pictures in
//! `images/` — made from an editor's folder of Markdown articles, or from an existing
//! JSON Feed. What it writes is what the server publishes (see `publish.rs`), with the
//! site's own URLs relative to the feed, so the directory can be served by our server or
//! by any static host, under any path. See docs/editors.md and docs/feed.md.

pub mod images;
mod markdown;
pub mod problems;
mod remote;
pub mod source;

use std::fmt;
use std::path::Path;

pub use problems::{Kind, Problem, Problems};
pub use source::Built;

use crate::publish::Published;

/// Where a magazine comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// A folder with `magasin.toml` and Markdown articles.
    Folder(&'a Path),
    /// A JSON Feed: a file, or an http(s) URL.
    Feed(&'a str),
}

/// Reads the source; every problem in it, or the magazine.
pub fn build(source: Source<'_>) -> Result<Built, Problems> {
    match source {
        Source::Folder(dir) => source::read(dir),
        Source::Feed(location) => remote::read(location),
    }
}

/// The feed file's name in the output folder.
pub const FEED_FILE: &str = "feed.json";

/// What was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub articles: usize,
    pub issues: usize,
    pub sections: usize,
    pub pictures: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Summary { articles, issues, sections, pictures } = self;
        write!(f, "{articles} artikler, {issues} blade, {sections} sektioner og {pictures} billeder")
    }
}

/// Writes `feed.json` and the pictures into `out` (made if missing). The feed is written
/// last and replaces the old one at once, so a server reading `out` never sees half of it.
pub fn write(built: &Built, out: &Path) -> std::io::Result<Summary> {
    let images = out.join(images::IMAGES_DIR);
    std::fs::create_dir_all(&images)?;
    let mut pictures = 0;
    for (source, name) in built.pictures.files() {
        let target = images.join(name);
        // Building into the folder the pictures already are in: nothing to copy.
        if !same_file(source, &target) {
            std::fs::copy(source, &target)?;
        }
        pictures += 1;
    }
    let published = Published::relative_to(&built.magazine, "/").map_err(std::io::Error::other)?;
    let temporary = out.join(format!(".{FEED_FILE}.tmp"));
    std::fs::write(&temporary, &published.json)?;
    std::fs::rename(&temporary, out.join(FEED_FILE))?;
    let m = &built.magazine;
    Ok(Summary { articles: m.articles.len(), issues: m.issues.len(), sections: m.sections.len(), pictures })
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}
