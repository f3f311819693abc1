//! Reading any JSON Feed (1.0/1.1) — ours on disk with the `_beboerblad` extension, a
//! blog's or a CMS's, a hostile one — into a [`Magazine`]. See `docs/feed.md`. Parsing is
//! lenient per item: a broken item is skipped or degraded, the rest of the feed still
//! shows. Only the server reads raw feeds; it publishes the result in the normalised form
//! the app reads strictly (`beboerblad::feed`).

use std::collections::{HashMap, HashSet};

use beboerblad::date::Timestamp;
use beboerblad::feed::FeedError;
use beboerblad::model::{
    Article, ArticleId, Image, Issue, IssueId, Language, Magazine, Publication, Section, SectionId, slug,
};
use serde_json::{Map, Value};

use crate::sanitize::sanitize;
use crate::url::{is_image_url, is_web_url, resolve};

/// How many `next_url` pages are followed at most.
pub const MAX_PAGES: usize = 20;
/// Sections made from tags in a feed without our extension.
const MAX_TAG_SECTIONS: usize = 8;

const EXT: &str = "_beboerblad";

/// One page (file) of a feed, before pages are joined.
#[derive(Debug)]
pub struct FeedPage {
    root: Map<String, Value>,
    /// The `next_url`, as written (resolve it against this page's URL).
    pub next_url: Option<String>,
}

/// Reads one page of a feed. Fails only when the whole document is unusable.
pub fn parse_page(json: &str) -> Result<FeedPage, FeedError> {
    let value: Value = serde_json::from_str(json).map_err(|e| FeedError::Json(e.to_string()))?;
    let Value::Object(root) = value else {
        return Err(FeedError::Shape("the top level is not an object".into()));
    };
    if !matches!(root.get("items"), Some(Value::Array(_))) {
        return Err(FeedError::Shape("no \"items\" array".into()));
    }
    let next_url = text(&root, "next_url");
    Ok(FeedPage { root, next_url })
}

/// Walks a feed's pages (`next_url`), wherever they come from: the browser fetches them,
/// the server reads files. A failing first page fails the feed; a failing later page
/// ends the walk with the articles read so far (see [`Pager::skipped`]).
#[derive(Debug)]
pub struct Pager {
    first: String,
    next: Option<String>,
    seen: Vec<String>,
    pages: Vec<FeedPage>,
    /// The most pages read.
    limit: usize,
    /// A later page that could not be read, and why.
    pub skipped: Option<(String, FeedError)>,
}

impl Pager {
    pub fn new(first_url: &str) -> Self {
        Self {
            first: first_url.into(),
            next: Some(first_url.into()),
            seen: Vec::new(),
            pages: Vec::new(),
            limit: MAX_PAGES,
            skipped: None,
        }
    }

    /// Reads at most `limit` pages rather than [`MAX_PAGES`] (a feed one trusts).
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// The next URL to read, if any (stops at the limit, [`MAX_PAGES`] unless told, and
    /// on loops).
    pub fn next_url(&mut self) -> Option<String> {
        let url = self.next.take().filter(|u| self.pages.len() < self.limit && !self.seen.contains(u))?;
        self.seen.push(url.clone());
        Some(url)
    }

    /// Takes the text read from the URL last returned by [`Pager::next_url`].
    pub fn take(&mut self, text: Result<String, FeedError>) -> Result<(), FeedError> {
        let url = self.seen.last().cloned().unwrap_or_default();
        match text.and_then(|t| parse_page(&t)) {
            Ok(page) => {
                self.next = page.next_url.as_deref().map(|n| resolve(&url, n));
                self.pages.push(page);
                Ok(())
            }
            Err(e) if self.pages.is_empty() => Err(e),
            Err(e) => {
                self.skipped = Some((url, e));
                Ok(())
            }
        }
    }

    pub fn finish(self) -> Magazine {
        build(self.pages, &self.first)
    }
}

/// Joins the pages of one feed (the first page carries the metadata) into a magazine.
/// `base` is the URL of the first page: relative URLs in the feed are resolved against it.
pub fn build(pages: Vec<FeedPage>, base: &str) -> Magazine {
    let mut pages = pages.into_iter();
    let Some(first) = pages.next() else {
        return Magazine::default();
    };
    let ext = first.root.get(EXT).and_then(Value::as_object);
    let publication = publication(&first.root, ext);
    let feed_language = text(&first.root, "language").and_then(|l| Language::parse(&l));
    let mut issues: Vec<Issue> = ext
        .and_then(|e| e.get("issues"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| issue(v, base)).collect())
        .unwrap_or_default();
    dedup_by_key(&mut issues, |i| i.id.clone());
    issues.sort_by(|a, b| b.date.cmp(&a.date));
    let mut sections: Vec<Section> = ext
        .and_then(|e| e.get("sections"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(section).collect())
        .unwrap_or_default();
    dedup_by_key(&mut sections, |s| s.id.clone());

    let raw_items: Vec<&Value> = std::iter::once(&first)
        .chain(pages.as_slice())
        .flat_map(|p| p.root.get("items").and_then(Value::as_array).into_iter().flatten())
        .collect();
    let mut articles = Vec::new();
    let mut ids: HashMap<String, ArticleId> = HashMap::new();
    let mut used: HashSet<ArticleId> = HashSet::new();
    let mut related_raw: Vec<Vec<String>> = Vec::new();
    let mut tags: Vec<Vec<String>> = Vec::new();
    for raw in raw_items {
        let Some((mut article, feed_id, related, item_tags)) = item(raw, base, &mut used) else {
            continue;
        };
        article.language = article.language.or_else(|| feed_language.clone());
        ids.insert(feed_id, article.id.clone());
        articles.push(article);
        related_raw.push(related);
        tags.push(item_tags);
    }

    if sections.is_empty() {
        sections = sections_from_tags(&tags);
        for (article, tags) in articles.iter_mut().zip(&tags) {
            article.section =
                tags.first().map(|t| SectionId::new(slug(t))).filter(|id| sections.iter().any(|s| &s.id == id));
        }
    }
    let issue_ids: HashSet<&IssueId> = issues.iter().map(|i| &i.id).collect();
    let section_ids: HashSet<&SectionId> = sections.iter().map(|s| &s.id).collect();
    for (article, related) in articles.iter_mut().zip(related_raw) {
        if article.issue.as_ref().is_some_and(|i| !issue_ids.contains(i)) {
            article.issue = None;
            article.page = None;
        }
        if article.section.as_ref().is_some_and(|s| !section_ids.contains(s)) {
            article.section = None;
        }
        let mut seen = HashSet::new();
        article.related = related
            .iter()
            .filter_map(|r| ids.get(r))
            .filter(|id| **id != article.id && seen.insert((*id).clone()))
            .cloned()
            .collect();
    }
    // Newest first; undated articles keep their feed order after the dated ones.
    articles.sort_by(|a, b| b.published.cmp(&a.published));
    Magazine { publication, issues, sections, articles, archive_window: None, lookup: Default::default() }
}

/// Parses a single-page feed (tests, and feeds without `next_url`).
pub fn parse(json: &str, base: &str) -> Result<Magazine, FeedError> {
    Ok(build(vec![parse_page(json)?], base))
}

fn publication(root: &Map<String, Value>, ext: Option<&Map<String, Value>>) -> Publication {
    let p = ext.and_then(|e| e.get("publication")).and_then(Value::as_object);
    let from_ext = |key| p.and_then(|p| text(p, key));
    Publication {
        name: from_ext("name").or_else(|| text(root, "title")).unwrap_or_else(|| "Beboerblad".into()),
        description: from_ext("description").or_else(|| text(root, "description")),
        contact: from_ext("contact"),
        colophon: from_ext("colophon"),
        copyright: from_ext("copyright"),
        home_page_url: text(root, "home_page_url").filter(|u| is_web_url(u)),
    }
}

fn issue(v: &Value, base: &str) -> Option<Issue> {
    let o = v.as_object()?;
    let id = slug(&text(o, "id")?);
    if id.is_empty() {
        return None;
    }
    let title = text(o, "title").unwrap_or_else(|| id.clone());
    Some(Issue {
        id: IssueId::new(id),
        date: text(o, "date").and_then(|d| Timestamp::parse(&d)),
        cover: image(o, "cover", text(o, "cover_alt"), size(o, "cover_width", "cover_height"), base),
        pages: number(o, "pages"),
        title,
    })
}

fn section(v: &Value) -> Option<Section> {
    let o = v.as_object()?;
    let id = slug(&text(o, "id")?);
    if id.is_empty() {
        return None;
    }
    let name = text(o, "name").unwrap_or_else(|| id.clone());
    Some(Section { id: SectionId::new(id), name })
}

type ParsedItem = (Article, String, Vec<String>, Vec<String>);

fn item(v: &Value, base: &str, used: &mut HashSet<ArticleId>) -> Option<ParsedItem> {
    let o = v.as_object()?;
    let feed_id = o.get("id").and_then(id_text)?;
    let ext = o.get(EXT).and_then(Value::as_object);
    let from_ext = |key| ext.and_then(|e| text(e, key));

    let id = unique_id(&feed_id, used);
    let body = text(o, "content_html")
        .map(|html| sanitize(&html, base))
        .or_else(|| text(o, "content_text").map(|t| crate::sanitize::paragraphs(&t)));
    let summary = text(o, "summary");
    // Microblog posts have no title: take one from the summary or the text.
    let title = text(o, "title")
        .or_else(|| summary.as_deref().and_then(first_words))
        .or_else(|| text(o, "content_text").as_deref().and_then(first_words))
        .or_else(|| body.as_ref().and_then(|b| first_words(&crate::sanitize::text_of(b))))
        .unwrap_or_else(|| beboerblad::da::UNTITLED.to_string());
    let authors = o
        .get("authors")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|a| a.as_object().and_then(|a| text(a, "name"))).collect())
        .or_else(|| o.get("author").and_then(Value::as_object).and_then(|a| text(a, "name")).map(|n| vec![n]))
        .unwrap_or_default();
    let related = ext
        .and_then(|e| e.get("related"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(id_text).collect())
        .unwrap_or_default();
    let tags = o
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|t| t.as_str().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)).collect()
        })
        .unwrap_or_default();
    let image_size = ext.and_then(|e| size(e, "image_width", "image_height"));
    let article = Article {
        id,
        summary,
        body,
        image: image(o, "image", from_ext("image_alt"), image_size, base)
            .or_else(|| image(o, "banner_image", from_ext("image_alt"), image_size, base)),
        published: text(o, "date_published").and_then(|d| Timestamp::parse(&d)),
        authors,
        issue: from_ext("issue").map(|i| IssueId::new(slug(&i))),
        page: ext.and_then(|e| number(e, "page")),
        section: from_ext("section").map(|s| SectionId::new(slug(&s))),
        related: Vec::new(),
        copyright: from_ext("copyright"),
        language: text(o, "language").and_then(|l| Language::parse(&l)),
        title,
    };
    Some((article, feed_id, related, tags))
}

/// An item id as JSON Feed allows it: a non-empty string, or a number read as a string.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// How many words a title made from an item's text has at most.
const TITLE_WORDS: usize = 10;

/// The first words of `text` as a title, with "…" when it was cut.
fn first_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.iter().take(TITLE_WORDS).copied().collect::<Vec<_>>().join(" ");
    match first.is_empty() {
        true => None,
        false if words.len() > TITLE_WORDS => Some(format!("{first} …")),
        false => Some(first),
    }
}

/// Feed ids can be anything (often URLs); ours are slugs, unique within the feed.
fn unique_id(feed_id: &str, used: &mut HashSet<ArticleId>) -> ArticleId {
    let base = match slug(feed_id) {
        s if s.is_empty() => "artikel".to_string(),
        s => s,
    };
    let mut candidate = ArticleId::new(base.clone());
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = ArticleId::new(format!("{base}-{n}"));
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

fn sections_from_tags(tags: &[Vec<String>]) -> Vec<Section> {
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for first in tags.iter().filter_map(|t| t.first()) {
        let id = slug(first);
        if id.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(i, _, _)| *i == id) {
            Some(entry) => entry.2 += 1,
            None => counts.push((id, first.clone(), 1)),
        }
    }
    // Most used first; ties keep first appearance (stable sort).
    counts.sort_by_key(|c| std::cmp::Reverse(c.2));
    counts
        .into_iter()
        .take(MAX_TAG_SECTIONS)
        .map(|(id, name, _)| Section { id: SectionId::new(id), name: capitalize(&name) })
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn image(
    o: &Map<String, Value>,
    key: &str,
    alt: Option<String>,
    size: Option<(u32, u32)>,
    base: &str,
) -> Option<Image> {
    let src = text(o, key)?;
    let src = resolve(base, &src);
    let (width, height) = size.unzip();
    is_image_url(&src).then(|| Image { src, alt: alt.unwrap_or_default(), width, height })
}

/// A picture's width and height in pixels: both whole numbers above 0, or nothing.
fn size(o: &Map<String, Value>, width: &str, height: &str) -> Option<(u32, u32)> {
    Some((number(o, width)?, number(o, height)?)).filter(|&(w, h)| w > 0 && h > 0)
}

/// A non-empty, trimmed string field; other types count as absent.
fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn number(o: &Map<String, Value>, key: &str) -> Option<u32> {
    o.get(key).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

fn dedup_by_key<T, K: Eq + std::hash::Hash>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = HashSet::new();
    v.retain(|x| seen.insert(key(x)));
}

#[cfg(test)]
mod tests;
