//! The magazine as our server publishes it: one JSON Feed 1.1 document with the
//! `_beboerblad` extension (docs/feed.md), normalised by the server: ids are slugs (strings),
//! every item has a title, bodies are sanitised, sections and issues are resolved, URLs are
//! resolved from the site root, and every `next_url` page is joined into one document.
//!
//! This is the [`Magazine`]'s serde form: the server writes it at `/feed.json` and in each
//! page's data island, and the app reads it back with a strict decoder (a field of the
//! wrong type fails the whole document). Raw feeds — ours on disk, a third party's, a
//! hostile one — are read leniently by the server only (`beboerblad-server`'s
//! `feed_reader`), never by the app.

use serde::Serialize;
use thiserror::Error;

use crate::date::Timestamp;
use crate::json::{Fields, FromJson, JsonError, Value};
use crate::model::{
    ArchiveWindow, Article, ArticleId, Image, Issue, IssueId, Language, Magazine, Publication, SafeHtml, Section,
    SectionId,
};

const VERSION: &str = "https://jsonfeed.org/version/1.1";
/// The version of our extension (`_beboerblad.version`).
const EXTENSION_VERSION: u32 = 1;

/// Why a feed could not be shown. `Display` is for logs; readers get
/// [`FeedError::reader_message`].
#[derive(Clone, Debug, Error, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedError {
    /// The browser got no answer (offline, DNS, connection cut).
    #[error("network error: {0}")]
    Network(String),
    #[error("HTTP status {0}")]
    Http(u16),
    /// An answer that is not JSON (e.g. an HTML page from a proxy or a login portal).
    #[error("not JSON but {0:?}")]
    ContentType(String),
    /// The server could not read its feed files (missing, unreadable).
    #[error("feed file unreadable: {0}")]
    Unreadable(String),
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("not a JSON Feed: {0}")]
    Shape(String),
}

impl FeedError {
    pub fn reader_message(&self) -> &'static str {
        use crate::da;
        match self {
            FeedError::Network(_) => da::FEED_NETWORK,
            FeedError::Http(_) => da::FEED_HTTP,
            FeedError::Unreadable(_) => da::FEED_UNAVAILABLE,
            FeedError::ContentType(_) | FeedError::Json(_) | FeedError::Shape(_) => da::FEED_INVALID,
        }
    }
}

/// Checks an answer's `Content-Type` before reading it as a feed: JSON or any `+json`
/// type (`application/feed+json`).
pub fn check_content_type(content_type: Option<&str>) -> Result<(), FeedError> {
    let value = content_type.unwrap_or_default();
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence.ends_with("/json") || essence.ends_with("+json") {
        Ok(())
    } else {
        Err(FeedError::ContentType(if value.is_empty() { "no content type".into() } else { value.to_string() }))
    }
}

/// Reads the feed our server publishes. Anything else — a raw third-party feed, a
/// truncated answer — is an error, not a guess.
pub fn decode(json: &str) -> Result<Magazine, FeedError> {
    crate::json::read(json).map_err(|e| match e {
        JsonError::Syntax(e) => FeedError::Json(e),
        JsonError::Shape(e) | JsonError::Write(e) => FeedError::Shape(e),
    })
}

/// The magazine in a parsed published document: the strict decoder (a field missing or of
/// the wrong kind fails the whole document; keys it does not need, such as `version` and
/// the top-level `title`, are not read). Written out field by field rather than derived:
/// serde's derived decoders for these types were most of the app's JSON code (issue 11).
impl FromJson for Magazine {
    fn read(f: &mut Fields, value: &Value) -> Self {
        let extension = f.object(value, "_beboerblad");
        let p = f.object(&extension, "publication");
        let window = f.opt_object(&extension, "archive_window");
        Magazine {
            publication: Publication {
                name: f.string(&p, "name"),
                description: f.opt_string(&p, "description"),
                contact: f.opt_string(&p, "contact"),
                colophon: f.opt_string(&p, "colophon"),
                copyright: f.opt_string(&p, "copyright"),
                home_page_url: f.opt_string(value, "home_page_url"),
            },
            issues: f.list_of(&extension, "issues"),
            sections: f.list_of(&extension, "sections"),
            articles: f.list_of(value, "items"),
            archive_window: window.map(|w| ArchiveWindow {
                number: f.whole(&w, "number"),
                total: f.whole(&w, "total") as usize,
                section: f.opt_string(&w, "section").map(SectionId::new),
            }),
            lookup: Default::default(),
        }
    }
}

/// A [`FeedError`] that carries a text, made from it.
type FromText = fn(String) -> FeedError;

/// Why the server had no magazine for a page, as its data says (`{"http": 502}`, …).
impl FromJson for FeedError {
    fn read(f: &mut Fields, value: &Value) -> Self {
        let texts: [(&'static str, FromText); 5] = [
            ("network", FeedError::Network),
            ("content_type", FeedError::ContentType),
            ("unreadable", FeedError::Unreadable),
            ("json", FeedError::Json),
            ("shape", FeedError::Shape),
        ];
        for (key, make) in texts {
            if let Some(text) = f.opt_string(value, key) {
                return make(text);
            }
        }
        let status = f.opt_u32(value, "http");
        f.expect(status.is_some_and(|s| s <= u32::from(u16::MAX)), "feed_failed", "a feed error");
        FeedError::Http(status.unwrap_or_default() as u16)
    }
}

impl FromJson for Issue {
    fn read(f: &mut Fields, i: &Value) -> Self {
        Issue {
            id: IssueId::new(f.string(i, "id")),
            title: f.string(i, "title"),
            date: read_date(f, i, "date"),
            cover: join(Split {
                src: f.opt_string(i, "cover"),
                alt: f.opt_string(i, "cover_alt"),
                width: f.opt_u32(i, "cover_width"),
                height: f.opt_u32(i, "cover_height"),
            }),
            pages: f.opt_u32(i, "pages"),
        }
    }
}

impl FromJson for Section {
    fn read(f: &mut Fields, s: &Value) -> Self {
        Section { id: SectionId::new(f.string(s, "id")), name: f.string(s, "name") }
    }
}

/// An article as the feed's item (`items[]`) gives it.
impl FromJson for Article {
    fn read(f: &mut Fields, i: &Value) -> Self {
        let x = f.object(i, "_beboerblad");
        let body = f.string(i, "content_html");
        Article {
            id: ArticleId::new(f.string(i, "id")),
            title: f.string(i, "title"),
            summary: f.opt_string(i, "summary"),
            body: (!body.is_empty()).then(|| SafeHtml::from_sanitized(body)),
            image: join(Split {
                src: f.opt_string(i, "image"),
                alt: f.opt_string(&x, "image_alt"),
                width: f.opt_u32(&x, "image_width"),
                height: f.opt_u32(&x, "image_height"),
            }),
            published: read_date(f, i, "date_published"),
            authors: f.opt_list(i, "authors").iter().map(|a| f.string(a, "name")).collect(),
            issue: f.opt_string(&x, "issue").map(IssueId::new),
            page: f.opt_u32(&x, "page"),
            section: f.opt_string(&x, "section").map(SectionId::new),
            related: f.opt_list(&x, "related").iter().map(|r| ArticleId::new(f.element_string(r, "related"))).collect(),
            copyright: f.opt_string(&x, "copyright"),
            language: f.opt_string(i, "language").and_then(|tag| {
                let language = Language::parse(&tag);
                f.expect(language.is_some(), "language", "a language tag");
                language
            }),
        }
    }
}

/// Field `key` of `value`: a date ([`Timestamp::parse`]), or absent.
fn read_date(f: &mut Fields, value: &Value, key: &'static str) -> Option<Timestamp> {
    let date = f.opt_string(value, key).map(|text| Timestamp::parse(&text));
    f.expect(!matches!(date, Some(None)), key, "a date");
    date.flatten()
}

/// The published document, as the server writes it.
#[derive(Clone, Serialize)]
pub struct Document {
    version: &'static str,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    home_page_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "_beboerblad")]
    extension: Extension,
    items: Vec<Item>,
}

#[derive(Clone, Serialize)]
struct Extension {
    version: u32,
    publication: PublicationOut,
    issues: Vec<IssueOut>,
    sections: Vec<Section>,
    /// Only in a page's data: which archive page the items are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    archive_window: Option<ArchiveWindow>,
}

#[derive(Clone, Serialize)]
struct PublicationOut {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    colophon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    copyright: Option<String>,
}

#[derive(Clone, Serialize)]
struct IssueOut {
    id: IssueId,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cover: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cover_alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cover_width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cover_height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pages: Option<u32>,
}

#[derive(Clone, Serialize)]
struct Item {
    id: ArticleId,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    /// Always written (JSON Feed wants a content field); empty for an article without a
    /// body (a list's slice), which reads back as none.
    content_html: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_published: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<Language>,
    #[serde(rename = "_beboerblad")]
    extension: ItemExtension,
}

#[derive(Clone, Serialize)]
struct Author {
    name: String,
}

#[derive(Clone, Serialize)]
struct ItemExtension {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issue: Option<IssueId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<SectionId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    related: Vec<ArticleId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    copyright: Option<String>,
}

impl From<Magazine> for Document {
    fn from(m: Magazine) -> Self {
        let p = m.publication;
        Document {
            version: VERSION,
            title: p.name.clone(),
            home_page_url: p.home_page_url,
            description: p.description.clone(),
            extension: Extension {
                version: EXTENSION_VERSION,
                publication: PublicationOut {
                    name: p.name,
                    description: p.description,
                    contact: p.contact,
                    colophon: p.colophon,
                    copyright: p.copyright,
                },
                issues: m.issues.into_iter().map(IssueOut::from).collect(),
                sections: m.sections,
                archive_window: m.archive_window,
            },
            items: m.articles.into_iter().map(Item::from).collect(),
        }
    }
}

impl From<Issue> for IssueOut {
    fn from(i: Issue) -> Self {
        let Split { src: cover, alt: cover_alt, width: cover_width, height: cover_height } = split(i.cover);
        IssueOut { id: i.id, title: i.title, date: i.date, cover, cover_alt, cover_width, cover_height, pages: i.pages }
    }
}

impl From<Article> for Item {
    fn from(a: Article) -> Self {
        let Split { src: image, alt: image_alt, width: image_width, height: image_height } = split(a.image);
        Item {
            id: a.id,
            title: a.title,
            summary: a.summary,
            content_html: a.body.map(SafeHtml::into_string).unwrap_or_default(),
            image,
            date_published: a.published,
            authors: a.authors.into_iter().map(|name| Author { name }).collect(),
            language: a.language,
            extension: ItemExtension {
                issue: a.issue,
                page: a.page,
                section: a.section,
                related: a.related,
                image_alt,
                image_width,
                image_height,
                copyright: a.copyright,
            },
        }
    }
}

/// An image as its published fields: a URL, its text alternative (an empty one is left
/// out) and its size when known.
struct Split {
    src: Option<String>,
    alt: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
}

fn split(image: Option<Image>) -> Split {
    match image {
        Some(Image { src, alt, width, height }) => {
            Split { src: Some(src), alt: (!alt.is_empty()).then_some(alt), width, height }
        }
        None => Split { src: None, alt: None, width: None, height: None },
    }
}

fn join(s: Split) -> Option<Image> {
    s.src.map(|src| Image { src, alt: s.alt.unwrap_or_default(), width: s.width, height: s.height })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: &str = r#"{
      "version": "https://jsonfeed.org/version/1.1", "title": "Skræppebladet",
      "home_page_url": "https://example.org/",
      "_beboerblad": {"version": 1,
        "publication": {"name": "Skræppebladet", "contact": "Redaktionen", "copyright": "© Skræppebladet"},
        "issues": [{"id": "2024-05", "title": "2024-05 juni", "date": "2024-06-01", "cover": "/images/f5.jpg",
                    "cover_alt": "Forsiden", "pages": 24}],
        "sections": [{"id": "nyt", "name": "Nyt"}]},
      "items": [
        {"id": "a", "title": "Artikel A", "summary": "Lead A", "content_html": "<p>A</p>", "image": "/images/a.jpg",
         "date_published": "2024-06-05T08:00:00+02:00", "authors": [{"name": "Hanne"}], "language": "ar",
         "_beboerblad": {"issue": "2024-05", "page": 3, "section": "nyt", "related": ["b"], "image_alt": "Billede A",
                         "copyright": "Foto: © Lise Bech"}},
        {"id": "b", "title": "Artikel B", "content_html": "", "_beboerblad": {}}
      ]}"#;

    #[test]
    fn reads_the_published_form() {
        let m = decode(PUBLISHED).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.publication.name, "Skræppebladet");
        assert_eq!(m.publication.home_page_url.as_deref(), Some("https://example.org/"));
        assert_eq!(
            m.issues[0].cover,
            Some(Image { src: "/images/f5.jpg".into(), alt: "Forsiden".into(), width: None, height: None })
        );
        assert_eq!(m.sections, [Section { id: SectionId::new("nyt"), name: "Nyt".into() }]);
        let a = &m.articles[0];
        assert_eq!(a.body.as_ref().map(SafeHtml::as_str), Some("<p>A</p>"));
        assert_eq!(a.published.as_ref().map(Timestamp::danish).as_deref(), Some("5. juni 2024"));
        assert_eq!((a.page, a.related.clone()), (Some(3), vec![ArticleId::new("b")]));
        assert_eq!(a.image.as_ref().map(|i| i.alt.as_str()), Some("Billede A"));
        assert!(a.foreign_language().is_some_and(Language::is_right_to_left));
        assert_eq!(m.articles[1].body, None, "an empty body reads back as none");
        assert_eq!(m.articles[1].image, None);
    }

    #[test]
    fn what_it_writes_reads_back_the_same() {
        let m = decode(PUBLISHED).unwrap_or_else(|e| panic!("{e}"));
        let json = crate::json::to_string(&m).unwrap_or_default();
        assert_eq!(decode(&json), Ok(m));
        assert!(json.starts_with(r#"{"version":"https://jsonfeed.org/version/1.1","title":"Skræppebladet""#), "{json}");
    }

    #[test]
    fn every_field_reads_back() {
        let image = |src: &str| Image { src: src.into(), alt: "Alt".into(), width: Some(800), height: Some(450) };
        let m = Magazine {
            publication: Publication {
                name: "Bladet".into(),
                description: Some("Om bladet".into()),
                contact: Some("Redaktionen".into()),
                colophon: Some("Kolofon".into()),
                copyright: Some("© Bladet".into()),
                home_page_url: Some("https://example.org/".into()),
            },
            issues: vec![Issue {
                id: IssueId::new("2024-05"),
                title: "Maj".into(),
                date: Timestamp::parse("2024-05-01"),
                cover: Some(image("/images/f.jpg")),
                pages: Some(24),
            }],
            sections: vec![Section { id: SectionId::new("nyt"), name: "Nyt".into() }],
            articles: vec![Article {
                id: ArticleId::new("a"),
                title: "A".into(),
                summary: Some("Lead".into()),
                body: Some(SafeHtml::from_sanitized("<p>A</p>".into())),
                image: Some(image("/images/a.jpg")),
                published: Timestamp::parse("2024-05-02T10:00:00Z"),
                authors: vec!["Hanne".into(), "Karim".into()],
                issue: Some(IssueId::new("2024-05")),
                page: Some(u32::MAX),
                section: Some(SectionId::new("nyt")),
                related: vec![ArticleId::new("b"), ArticleId::new("c")],
                copyright: Some("Foto: Lise".into()),
                language: Language::parse("fa-IR"),
            }],
            archive_window: Some(ArchiveWindow { number: 2, total: 31, section: Some(SectionId::new("nyt")) }),
            lookup: Default::default(),
        };
        let json = crate::json::to_string(&m).unwrap_or_default();
        assert_eq!(decode(&json), Ok(m));
    }

    #[test]
    fn a_field_not_as_published_is_named() {
        let shape = |json: &str| match decode(json) {
            Err(FeedError::Shape(message)) => message,
            other => panic!("{other:?}"),
        };
        assert_eq!(shape(&PUBLISHED.replace(r#""page": 3"#, r#""page": "tre""#)), "page: expected a whole number");
        assert_eq!(shape(&PUBLISHED.replace(r#""page": 3"#, r#""page": 2.5"#)), "page: expected a whole number");
        assert_eq!(shape(&PUBLISHED.replace(r#""page": 3"#, r#""page": -1"#)), "page: expected a whole number");
        assert_eq!(shape(&PUBLISHED.replace(r#""title": "Artikel B", "#, "")), "title: expected a string");
        assert_eq!(shape(&PUBLISHED.replace(r#""related": ["b"]"#, r#""related": [7]"#)), "related: expected strings");
        assert_eq!(shape(&PUBLISHED.replace(r#"[{"name": "Hanne"}]"#, r#"["Hanne"]"#)), "name: expected a string");
        assert_eq!(
            shape(&PUBLISHED.replace(r#""language": "ar""#, r#""language": "arabisk!""#)),
            "language: expected a language tag"
        );
        assert_eq!(shape(&PUBLISHED.replace(r#""date": "2024-06-01""#, r#""date": "juni""#)), "date: expected a date");
        assert_eq!(
            shape(&PUBLISHED.replace(r#""sections": [{"id": "nyt", "name": "Nyt"}]"#, r#""sections": {}"#)),
            "sections: expected a list"
        );
        assert_eq!(shape("[]"), "_beboerblad: expected an object");
        // The first field not as published is the one named.
        let two =
            PUBLISHED.replace(r#""page": 3"#, r#""page": "tre""#).replace(r#""related": ["b"]"#, r#""related": [7]"#);
        assert_eq!(shape(&two), "page: expected a whole number");
    }

    #[test]
    fn absent_and_null_optional_fields_read_as_none() {
        let nulls = PUBLISHED
            .replace(r#""summary": "Lead A""#, r#""summary": null"#)
            .replace(r#""authors": [{"name": "Hanne"}]"#, r#""authors": null"#)
            .replace(r#""page": 3"#, r#""page": null"#);
        let m = decode(&nulls).unwrap_or_else(|e| panic!("{e}"));
        let a = &m.articles[0];
        assert_eq!((a.summary.as_deref(), a.authors.len(), a.page), (None, 0, None));
        assert_eq!(m.archive_window, None);
    }

    #[test]
    fn raw_feeds_are_not_guessed_at() {
        // A plain third-party feed: numeric id, no title, no extension.
        let raw = r#"{"version": "https://jsonfeed.org/version/1", "items": [{"id": 7, "content_text": "Hej"}]}"#;
        assert!(matches!(decode(raw), Err(FeedError::Shape(_))), "{:?}", decode(raw));
        let wrong_type = PUBLISHED.replace(r#""page": 3"#, r#""page": "tre""#);
        assert!(matches!(decode(&wrong_type), Err(FeedError::Shape(_))));
        let bad_date = PUBLISHED.replace("2024-06-05T08", "i går");
        assert!(matches!(decode(&bad_date), Err(FeedError::Shape(_))));
        assert!(matches!(decode(&PUBLISHED[..300]), Err(FeedError::Json(_))));
        assert!(matches!(decode("<!doctype html>"), Err(FeedError::Json(_))));
    }

    #[test]
    fn only_json_content_types_are_feeds() {
        for ok in ["application/json", "application/feed+json; charset=utf-8", "Application/JSON", "text/json"] {
            assert_eq!(check_content_type(Some(ok)), Ok(()), "{ok}");
        }
        for bad in [Some("text/html; charset=utf-8"), Some("text/plain"), Some("application/jsonp"), None] {
            assert!(matches!(check_content_type(bad), Err(FeedError::ContentType(_))), "{bad:?}");
        }
    }

    #[test]
    fn readers_get_a_danish_reason() {
        use crate::da;
        assert_eq!(FeedError::Network("x".into()).reader_message(), da::FEED_NETWORK);
        assert_eq!(FeedError::Http(500).reader_message(), da::FEED_HTTP);
        assert_eq!(FeedError::Unreadable("gone".into()).reader_message(), da::FEED_UNAVAILABLE);
        for invalid in
            [FeedError::Json("x".into()), FeedError::Shape("x".into()), FeedError::ContentType("text/html".into())]
        {
            assert_eq!(invalid.reader_message(), da::FEED_INVALID, "{invalid:?}");
        }
    }
}
