//! The magazine as the server publishes it: one JSON Feed 1.1 document with the
//! `_beboerblad` extension (see docs/feed.md), which reads back into the same magazine.
//!
//! What goes out is what the server shows: ids are slugs, bodies are sanitised, URLs are
//! resolved from the site root, dates are as the feed on disk wrote them, and every
//! `next_url` page is joined into this one document.

use std::borrow::Cow;

use axum::body::Bytes;
use beboerblad::model::{Article, Image, Issue, Magazine, Section};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::http::hex;

const VERSION: &str = "https://jsonfeed.org/version/1.1";
/// The version of our extension (`_beboerblad.version`).
const EXTENSION_VERSION: u32 = 1;

/// A magazine's feed, serialised once and kept with it.
#[derive(Clone, Debug)]
pub struct Published {
    /// The JSON document.
    pub json: Bytes,
    /// A fingerprint of `json` (hex), e.g. for an HTTP entity tag.
    pub digest: String,
}

impl Published {
    pub fn new(magazine: &Magazine) -> Result<Self, serde_json::Error> {
        Self::of(Document::new(magazine, None))
    }

    /// The same document for files that are read back from a directory (our content
    /// directory, a static host): URLs below `dir` (the feed's own directory, e.g. `/`)
    /// are written relative to it, so the directory can be served under any path.
    pub fn relative_to(magazine: &Magazine, dir: &str) -> Result<Self, serde_json::Error> {
        Self::of(Document::new(magazine, Some(dir)))
    }

    fn of(document: Document<'_>) -> Result<Self, serde_json::Error> {
        let json = serde_json::to_vec(&document)?;
        // Half of SHA-256 is plenty to tell versions of one feed apart.
        let digest = hex(&Sha256::digest(&json)[..16]);
        Ok(Self { json: Bytes::from(json), digest })
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    home_page_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "_beboerblad")]
    extension: Extension<'a>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Extension<'a> {
    version: u32,
    publication: Publication<'a>,
    issues: Vec<IssueOut<'a>>,
    sections: Vec<SectionOut<'a>>,
}

#[derive(Serialize)]
struct Publication<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    colophon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright: Option<&'a str>,
}

#[derive(Serialize)]
struct IssueOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover_alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<u32>,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    /// Always there (JSON Feed wants a content field); empty for an article without a
    /// body, which reads back as none.
    content_html: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(rename = "_beboerblad")]
    extension: ItemExtension<'a>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct ItemExtension<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright: Option<&'a str>,
}

impl<'a> Document<'a> {
    fn new(m: &'a Magazine, dir: Option<&str>) -> Self {
        let p = &m.publication;
        Document {
            version: VERSION,
            title: &p.name,
            home_page_url: p.home_page_url.as_deref(),
            description: p.description.as_deref(),
            extension: Extension {
                version: EXTENSION_VERSION,
                publication: Publication {
                    name: &p.name,
                    description: p.description.as_deref(),
                    contact: p.contact.as_deref(),
                    colophon: p.colophon.as_deref(),
                    copyright: p.copyright.as_deref(),
                },
                issues: m.issues.iter().map(|i| IssueOut::new(i, dir)).collect(),
                sections: m.sections.iter().map(SectionOut::from).collect(),
            },
            items: m.articles.iter().map(|a| Item::new(a, dir)).collect(),
        }
    }
}

impl<'a> IssueOut<'a> {
    fn new(i: &'a Issue, dir: Option<&str>) -> Self {
        IssueOut {
            id: i.id.as_str(),
            title: &i.title,
            date: i.date.as_ref().map(|d| d.as_str()),
            cover: i.cover.as_ref().map(|c| relative(&c.src, dir)),
            cover_alt: alt(i.cover.as_ref()),
            cover_width: i.cover.as_ref().and_then(|c| c.width),
            cover_height: i.cover.as_ref().and_then(|c| c.height),
            pages: i.pages,
        }
    }
}

impl<'a> From<&'a Section> for SectionOut<'a> {
    fn from(s: &'a Section) -> Self {
        SectionOut { id: s.id.as_str(), name: &s.name }
    }
}

impl<'a> Item<'a> {
    fn new(a: &'a Article, dir: Option<&str>) -> Self {
        let body = a.body.as_ref().map_or("", |b| b.as_str());
        Item {
            id: a.id.as_str(),
            title: &a.title,
            summary: a.summary.as_deref(),
            content_html: dir.map_or(Cow::Borrowed(body), |dir| Cow::Owned(relative_in_html(body, dir))),
            image: a.image.as_ref().map(|i| relative(&i.src, dir)),
            date_published: a.published.as_ref().map(|d| d.as_str()),
            authors: a.authors.iter().map(|name| Author { name }).collect(),
            language: a.language.as_ref().map(|l| l.as_str()),
            extension: ItemExtension {
                issue: a.issue.as_ref().map(|i| i.as_str()),
                page: a.page,
                section: a.section.as_ref().map(|s| s.as_str()),
                related: a.related.iter().map(|r| r.as_str()).collect(),
                image_alt: alt(a.image.as_ref()),
                image_width: a.image.as_ref().and_then(|i| i.width),
                image_height: a.image.as_ref().and_then(|i| i.height),
                copyright: a.copyright.as_deref(),
            },
        }
    }
}

/// `url` relative to `dir` when it lies below it (`/images/a.jpg` in `/` is
/// `images/a.jpg`); other URLs, and every URL when there is no `dir`, as they are.
fn relative<'u>(url: &'u str, dir: Option<&str>) -> &'u str {
    match dir.and_then(|d| url.strip_prefix(d)) {
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
            out.push_str(relative(&value[..end], Some(dir)));
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

/// An image's text alternative; an empty one is left out (it reads back as empty).
fn alt(image: Option<&Image>) -> Option<&str> {
    image.map(|i| i.alt.as_str()).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use beboerblad::feed::parse;

    use super::*;

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
        let again = parse(&String::from_utf8_lossy(&published), "/feed.json").unwrap_or_default();
        assert_eq!(again, magazine);
        let size = again.articles[0].image.as_ref().map(|i| (i.width, i.height));
        assert_eq!(size, Some((Some(1200), Some(675))));
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
