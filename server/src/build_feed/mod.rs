//! `build-feed`: the feed files of a content directory — the published feed (`feed.json`,
//! its `next_url` pages and the page files in `feed/`, see `publish.rs`) and the pictures
//! in `images/` — made from an editor's folder of Markdown articles, or from an existing
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

use crate::publish;

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
pub const FEED_FILE: &str = publish::FEED_FILE;

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

/// Writes the published feed's files and the pictures into `out` (made if missing):
/// every file the server publishes at the same path below the feed (`publish::files`),
/// with the site's own URLs relative to the feed's directory. `feed/` is written aside and
/// then replaces the old one (no leftover pages), `feed.json` last and at once, so a
/// server reading `out` never sees half of it.
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
    let magazine = publish::relative_magazine(&built.magazine, "/");
    let staging = out.join(format!(".{}.tmp", beboerblad::route::PAGE_FILES));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    let mut first = Vec::new();
    for name in publish::files(&magazine) {
        let json = publish::file(&magazine, &name)
            .unwrap_or_else(|| Err(serde_json::Error::io(std::io::Error::other(format!("{name} is not published")))))
            .map_err(std::io::Error::other)?;
        match name.strip_prefix(beboerblad::route::PAGE_FILES).and_then(|n| n.strip_prefix('/')) {
            Some(below) => {
                let target = staging.join(below);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(target, json)?;
            }
            None => first = json,
        }
    }
    let files = out.join(beboerblad::route::PAGE_FILES);
    if files.exists() {
        std::fs::remove_dir_all(&files)?;
    }
    std::fs::rename(&staging, &files)?;
    let temporary = out.join(format!(".{FEED_FILE}.tmp"));
    std::fs::write(&temporary, &first)?;
    std::fs::rename(&temporary, out.join(FEED_FILE))?;
    let m = &built.magazine;
    Ok(Summary { articles: m.articles.len(), issues: m.issues.len(), sections: m.sections.len(), pictures })
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}
