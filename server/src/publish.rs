//! The magazine as the server publishes it (docs/feed.md, "The published feed"): JSON
//! Feed 1.1 documents with the `_beboerblad` extension — the [`Magazine`]'s own serde
//! form (`beboerblad::feed`), which the app reads back strictly. Two kinds of file:
//!
//! - the paged feed: `feed.json` and its `next_url` pages `feed/2.json`, `feed/3.json`, …
//!   ([`FEED_PAGE_ITEMS`] items each, with their bodies; the first page carries the
//!   issues and sections), for feed readers and for reading the magazine back;
//! - page files: what one page of the reader shows (`beboerblad::page_data::slice`), at
//!   `feed/<the page's path>.json` (`Page::data_file`), which the app fetches.
//!
//! What goes out is what the server shows: ids are slugs, every item has a title, bodies
//! are sanitised, sections and issues are resolved, URLs are resolved from the site root,
//! dates are as the feed on disk wrote them. [`files`] lists every file and [`file`] makes
//! one: the server answers from them, `build-feed` writes them all.

use axum::body::Bytes;
use beboerblad::model::{ARCHIVE_PAGE_SIZE, Image, Magazine, SafeHtml};
use beboerblad::page_data::slice;
use beboerblad::route::{PAGE_FILES, Page};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::http::hex;

/// A magazine's feed, serialised once and kept with it.
#[derive(Clone, Debug)]
pub struct Published {
    /// The JSON document.
    pub json: Bytes,
    /// A fingerprint of `json` (hex), e.g. for an HTTP entity tag.
    pub digest: String,
}

impl Published {
    /// The magazine as one document (every article; tests and small feeds).
    pub fn new(magazine: &Magazine) -> Result<Self, serde_json::Error> {
        Ok(Self::of(serde_json::to_vec(magazine)?))
    }

    /// Published bytes with their digest.
    pub fn of(json: Vec<u8>) -> Self {
        // Half of SHA-256 is plenty to tell versions of one feed apart.
        let digest = hex(&Sha256::digest(&json)[..16]);
        Self { json: Bytes::from(json), digest }
    }

    /// The same document for files that are read back from a directory (our content
    /// directory, a static host): URLs below `dir` (the feed's own directory, e.g. `/`)
    /// are written relative to it, so the directory can be served under any path.
    pub fn relative_to(magazine: &Magazine, dir: &str) -> Result<Self, serde_json::Error> {
        Self::new(&relative_magazine(magazine, dir))
    }
}

/// The first page of the paged feed (the one at `/feed.json`).
pub const FEED_FILE: &str = "feed.json";
/// Items on one page of the paged feed.
pub const FEED_PAGE_ITEMS: usize = 100;

/// The file of page `number` (1-based) of the paged feed, relative to the feed's
/// directory: `feed.json`, then `feed/2.json`, …
pub fn feed_page_file(number: usize) -> String {
    if number <= 1 { FEED_FILE.into() } else { format!("{PAGE_FILES}/{number}.json") }
}

/// How many pages the paged feed of `magazine` has (at least one).
pub fn feed_pages(magazine: &Magazine) -> usize {
    magazine.articles.len().div_ceil(FEED_PAGE_ITEMS).max(1)
}

/// A page of the paged feed: a JSON Feed document and the next page's URL, relative to
/// this one (as JSON Feed readers resolve it).
#[derive(Serialize)]
struct FeedPage<'a> {
    #[serde(flatten)]
    magazine: &'a Magazine,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_url: Option<String>,
}

/// Page `number` of the paged feed, or `None` past the last one.
fn feed_page(magazine: &Magazine, number: usize) -> Option<Result<Vec<u8>, serde_json::Error>> {
    if number == 0 || number > feed_pages(magazine) {
        return None;
    }
    let start = (number - 1) * FEED_PAGE_ITEMS;
    let articles = magazine.articles.iter().skip(start).take(FEED_PAGE_ITEMS).cloned().collect();
    // Issues and sections once, on the first page (readers take them from there).
    let (issues, sections) =
        if number == 1 { (magazine.issues.clone(), magazine.sections.clone()) } else { (Vec::new(), Vec::new()) };
    let page = Magazine {
        publication: magazine.publication.clone(),
        issues,
        sections,
        articles,
        archive_window: None,
        lookup: Default::default(),
    };
    let next_url = (number < feed_pages(magazine)).then(|| {
        let next = feed_page_file(number + 1);
        // From `feed.json`, `feed/2.json`; from `feed/2.json`, `3.json`.
        if number == 1 { next } else { next[PAGE_FILES.len() + 1..].to_string() }
    });
    Some(serde_json::to_vec(&FeedPage { magazine: &page, next_url }))
}

/// Every file of the published feed, relative to the feed's directory: the paged feed,
/// then the page files (front page, issues, colophon, each issue, each section's pages,
/// archive page and article).
pub fn files(magazine: &Magazine) -> Vec<String> {
    let archive_pages = magazine.articles.len().div_ceil(ARCHIVE_PAGE_SIZE).max(1);
    let pages = [Page::Front, Page::Issues, Page::Colophon]
        .into_iter()
        .chain(magazine.issues.iter().map(|i| Page::Issue(i.id.clone())))
        .chain(
            magazine
                .sections
                .iter()
                .flat_map(|s| (1..=magazine.section_page(&s.id, 1).pages).map(|n| Page::Section(s.id.clone(), n))),
        )
        .chain((1..=archive_pages).map(|n| Page::Archive(u32::try_from(n).unwrap_or(u32::MAX))))
        .chain(magazine.articles.iter().map(|a| Page::Article(a.id.clone())));
    (1..=feed_pages(magazine)).map(feed_page_file).chain(pages.filter_map(|p| p.data_file())).collect()
}

/// The file `name` (as [`files`] lists it) of `magazine`'s published feed; `None` for a
/// name that is not one, or a page that does not exist.
pub fn file(magazine: &Magazine, name: &str) -> Option<Result<Vec<u8>, serde_json::Error>> {
    if name == FEED_FILE {
        return feed_page(magazine, 1);
    }
    if let Some(number) = name
        .strip_prefix(PAGE_FILES)
        .and_then(|n| n.strip_prefix('/'))
        .and_then(|n| n.strip_suffix(".json"))
        .and_then(|n| n.parse::<usize>().ok())
    {
        return (feed_page_file(number) == name).then(|| feed_page(magazine, number)).flatten();
    }
    let page = Page::from_data_file(name)?;
    beboerblad::page_data::exists(magazine, &page).then(|| serde_json::to_vec(&slice(magazine, &page)))
}

/// `magazine` with the site's own URLs (pictures, covers, links and pictures in bodies)
/// relative to `dir`: what `build-feed` publishes [`files`] of.
pub fn relative_magazine(magazine: &Magazine, dir: &str) -> Magazine {
    let mut m = magazine.clone();
    let relative_image = |image: &mut Option<Image>| {
        if let Some(image) = image {
            image.src = relative(&image.src, dir).to_string();
        }
    };
    for issue in &mut m.issues {
        relative_image(&mut issue.cover);
    }
    for article in &mut m.articles {
        relative_image(&mut article.image);
        if let Some(body) = &article.body {
            article.body = Some(SafeHtml::from_sanitized(relative_in_html(body.as_str(), dir)));
        }
    }
    m
}

/// `url` relative to `dir` when it lies below it (`/images/a.jpg` in `/` is
/// `images/a.jpg`); other URLs as they are.
fn relative<'u>(url: &'u str, dir: &str) -> &'u str {
    match url.strip_prefix(dir) {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => rest,
        _ => url,
    }
}

/// [`relative`] for the `href` and `src` attributes of sanitised HTML. The sanitiser
/// writes `<` in text as `&lt;` and every attribute value in double quotes (a `"` in it
/// as `&quot;`), so a tag is from `<` to the next `>` outside quotes.
fn relative_in_html(html: &str, dir: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut in_value) = (false, false);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if in_tag
            && !in_value
            && let Some(name) = [" src=\"", " href=\""].into_iter().find(|a| rest.starts_with(a))
        {
            let value = &rest[name.len()..];
            let end = value.find('"').unwrap_or(value.len());
            out.push_str(name);
            out.push_str(relative(&value[..end], dir));
            // On at the closing quote, outside the value again.
            rest = &value[end..];
            out.push_str(rest.get(..1).unwrap_or_default());
            rest = rest.get(1..).unwrap_or_default();
            continue;
        }
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag && !in_value => in_tag = false,
            '"' if in_tag => in_value = !in_value,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed_reader::parse;

    #[test]
    fn the_digest_follows_the_content() {
        let magazine = parse(r#"{"title": "Blad", "items": [{"id": "a", "title": "A"}]}"#, "/feed.json");
        let magazine = magazine.unwrap_or_default();
        let (one, same) = (Published::new(&magazine).ok(), Published::new(&magazine).ok());
        let mut changed = magazine.clone();
        changed.articles[0].title = "B".into();
        let other = Published::new(&changed).ok();
        let digest = |p: &Option<Published>| p.as_ref().map(|p| p.digest.clone()).unwrap_or_default();
        assert_eq!(digest(&one).len(), 32);
        assert_eq!(digest(&one), digest(&same));
        assert_ne!(digest(&one), digest(&other));
    }
    #[test]
    fn image_sizes_are_published_and_read_back() {
        let json = r#"{"_beboerblad": {"issues": [{"id": "1", "cover": "f.jpg", "cover_width": 600, "cover_height": 800}]},
            "items": [{"id": "a", "image": "a.jpg", "_beboerblad": {"issue": "1", "image_width": 1200, "image_height": 675}}]}"#;
        let magazine = parse(json, "/feed.json").unwrap_or_default();
        let published = Published::new(&magazine).map(|p| p.json).unwrap_or_default();
        let again = beboerblad::feed::decode(&String::from_utf8_lossy(&published)).unwrap_or_default();
        assert_eq!(again, magazine);
        let size = again.articles[0].image.as_ref().map(|i| (i.width, i.height));
        assert_eq!(size, Some((Some(1200), Some(675))));
        let cover = again.issues[0].cover.as_ref().map(|c| (c.width, c.height));
        assert_eq!(cover, Some((Some(600), Some(800))));
    }

    #[test]
    fn relative_to_writes_the_sites_own_urls_relative_to_the_feed() {
        let json = r#"{"_beboerblad": {"issues": [{"id": "1", "cover": "images/f.jpg"}]},
            "items": [{"id": "a", "image": "images/a.jpg", "content_html":
              "<p><a href=\"/artikel/b\">b</a> <a href=\"https://x.dk/y\">x</a> src=\"/not-an-attribute\" a > b</p><img src=\"images/c.jpg\" alt=\"\">"}]}"#;
        let magazine = parse(json, "/feed.json").unwrap_or_default();
        let published = Published::relative_to(&magazine, "/").map(|p| p.json).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_slice(&published).unwrap_or_default();
        assert_eq!(value["_beboerblad"]["issues"][0]["cover"], "images/f.jpg");
        assert_eq!(value["items"][0]["image"], "images/a.jpg");
        let body = value["items"][0]["content_html"].as_str().unwrap_or_default();
        assert!(body.contains(r#"<a href="artikel/b""#), "{body}");
        assert!(body.contains(r#"<a href="https://x.dk/y""#), "{body}");
        assert!(body.contains(r#"<img src="images/c.jpg""#), "{body}");
        assert!(body.contains(r#" src="/not-an-attribute" a &gt; b"#), "text stays as it was: {body}");
        // Read back at the root it is the same magazine; under a base path it follows.
        assert_eq!(parse(&String::from_utf8_lossy(&published), "/feed.json").unwrap_or_default(), magazine);
        let under = parse(&String::from_utf8_lossy(&published), "/blad/feed.json").unwrap_or_default();
        assert_eq!(under.articles[0].image.as_ref().map(|i| i.src.as_str()), Some("/blad/images/a.jpg"));
    }
}
