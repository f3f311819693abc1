//! The magazine as the server publishes it: one JSON Feed 1.1 document with the
//! `_beboerblad` extension (see docs/feed.md), which reads back into the same magazine.
//!
//! What goes out is what the server shows: ids are slugs, bodies are sanitised, URLs are
//! resolved from the site root, dates are as the feed on disk wrote them, and every
//! `next_url` page is joined into this one document.

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
        let json = serde_json::to_vec(&Document::from(magazine))?;
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
    content_html: &'a str,
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
    copyright: Option<&'a str>,
}

impl<'a> From<&'a Magazine> for Document<'a> {
    fn from(m: &'a Magazine) -> Self {
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
                issues: m.issues.iter().map(IssueOut::from).collect(),
                sections: m.sections.iter().map(SectionOut::from).collect(),
            },
            items: m.articles.iter().map(Item::from).collect(),
        }
    }
}

impl<'a> From<&'a Issue> for IssueOut<'a> {
    fn from(i: &'a Issue) -> Self {
        IssueOut {
            id: i.id.as_str(),
            title: &i.title,
            date: i.date.as_ref().map(|d| d.as_str()),
            cover: i.cover.as_ref().map(|c| c.src.as_str()),
            cover_alt: alt(i.cover.as_ref()),
            pages: i.pages,
        }
    }
}

impl<'a> From<&'a Section> for SectionOut<'a> {
    fn from(s: &'a Section) -> Self {
        SectionOut { id: s.id.as_str(), name: &s.name }
    }
}

impl<'a> From<&'a Article> for Item<'a> {
    fn from(a: &'a Article) -> Self {
        Item {
            id: a.id.as_str(),
            title: &a.title,
            summary: a.summary.as_deref(),
            content_html: a.body.as_ref().map_or("", |b| b.as_str()),
            image: a.image.as_ref().map(|i| i.src.as_str()),
            date_published: a.published.as_ref().map(|d| d.as_str()),
            authors: a.authors.iter().map(|name| Author { name }).collect(),
            language: a.language.as_ref().map(|l| l.as_str()),
            extension: ItemExtension {
                issue: a.issue.as_ref().map(|i| i.as_str()),
                page: a.page,
                section: a.section.as_ref().map(|s| s.as_str()),
                related: a.related.iter().map(|r| r.as_str()).collect(),
                image_alt: alt(a.image.as_ref()),
                copyright: a.copyright.as_deref(),
            },
        }
    }
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
}
