//! The data a server-rendered page carries for the app's takeover: a JSON island in
//! `<head>` with the path, the slice of the magazine the page shows (or why the feed
//! could not be read: an error is data too) and the article's ratings and comments.

use std::collections::HashSet;

use api_types::{CommentPage, RatingSummary};
use serde::{Deserialize, Serialize};

use crate::feed::FeedError;
use crate::model::{ArchiveWindow, ArticleId, Magazine};
use crate::route::Page;

/// The id of the `<script type="application/json">` element that carries [`PageData`].
pub const PAGE_DATA_ID: &str = "beboerblad-data";

/// What the server embeds in a page: the path it rendered and the data it used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageData {
    pub path: String,
    pub content: PageContent,
    /// Ratings and comments of an article page, as the server rendered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
}

/// The magazine slice a page was rendered from, or the reason there was none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageContent {
    /// Boxed: the error is small, and the page data is made once per page.
    Magazine(Box<Magazine>),
    FeedFailed(FeedError),
}

/// Readers' ratings and comments of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub rating: Option<RatingSummary>,
    pub comments: Option<CommentPage>,
}

impl PageData {
    /// The data for `path`, cut from the whole magazine (or the feed's error).
    pub fn new(path: &str, magazine: Result<&Magazine, &FeedError>, feedback: Option<Feedback>) -> Self {
        let content = match magazine {
            Ok(m) => PageContent::Magazine(Box::new(slice(m, &Page::parse(path)))),
            Err(e) => PageContent::FeedFailed(e.clone()),
        };
        Self { path: path.to_string(), content, feedback }
    }
}

/// The part of the magazine that `page` shows, so the app can take over without
/// fetching the feed. Only an article page keeps a body.
pub fn slice(m: &Magazine, page: &Page) -> Magazine {
    let mut keep: HashSet<&ArticleId> = HashSet::new();
    let mut body: Option<&ArticleId> = None;
    match page {
        Page::Front => {
            let front = m.front();
            keep.extend(front.by_section.iter().flat_map(|(_, a)| a.iter().map(|a| &a.id)));
            keep.extend(front.latest.iter().map(|a| &a.id));
        }
        Page::Issue(id) => keep.extend(m.issue_articles(id).into_iter().map(|a| &a.id)),
        Page::Section(id) => keep.extend(m.section_articles(id).into_iter().map(|a| &a.id)),
        Page::Archive(n) => keep.extend(m.archive(*n).articles.into_iter().map(|a| &a.id)),
        Page::Article(id) => {
            if let Some(article) = m.article(id) {
                keep.insert(&article.id);
                keep.extend(m.related(article).into_iter().map(|a| &a.id));
                body = Some(&article.id);
            }
        }
        Page::Issues | Page::Bookmarks | Page::Recent | Page::Offline | Page::Colophon | Page::NotFound => {}
    }
    let archive_window = match page {
        Page::Archive(number) => Some(ArchiveWindow { number: *number, total: m.articles.len() }),
        _ => None,
    };
    Magazine {
        archive_window,
        publication: m.publication.clone(),
        issues: m.issues.clone(),
        sections: m.sections.clone(),
        articles: m
            .articles
            .iter()
            .filter(|a| keep.contains(&a.id))
            .map(|a| {
                let mut a = a.clone();
                if Some(&a.id) != body {
                    a.body = None;
                }
                a
            })
            .collect(),
    }
}

/// Whether `page` names something that exists (unknown ids are "not found").
pub fn exists(m: &Magazine, page: &Page) -> bool {
    match page {
        Page::Issue(id) => m.issue(id).is_some(),
        Page::Section(id) => m.section(id).is_some(),
        Page::Article(id) => m.article(id).is_some(),
        Page::Archive(n) => *n == 1 || *n <= m.archive(*n).pages,
        Page::NotFound => false,
        Page::Front | Page::Issues | Page::Bookmarks | Page::Recent | Page::Offline | Page::Colophon => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueId, SectionId};

    /// The published form (what the server writes and the app reads).
    const FEED: &str = r#"{"_beboerblad": {"publication": {"name": "Blad"},
        "issues": [{"id": "2024-05", "title": "2024-05 juni", "date": "2024-06-01"}],
        "sections": [{"id": "nyt", "name": "Nyt"}]},
      "items": [
        {"id": "a", "title": "A", "content_html": "<p>A</p>", "date_published": "2024-06-05",
         "_beboerblad": {"issue": "2024-05", "section": "nyt", "related": ["b"]}},
        {"id": "b", "title": "B", "content_html": "<p>B</p>", "date_published": "2024-06-04",
         "_beboerblad": {"issue": "2024-05"}},
        {"id": "c", "title": "C", "content_html": "<p>C</p>", "date_published": "2024-06-03", "_beboerblad": {}}
      ]}"#;

    fn ids(m: &Magazine) -> Vec<&str> {
        m.articles.iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn slices_carry_what_a_page_shows() {
        let m = crate::feed::decode(FEED).unwrap_or_else(|e| panic!("{e}"));
        let article = slice(&m, &Page::Article(ArticleId::new("a")));
        assert_eq!(ids(&article), ["a", "b"], "the article and its related articles");
        assert!(article.article(&ArticleId::new("a")).is_some_and(|a| a.body.is_some()));
        assert!(article.article(&ArticleId::new("b")).is_some_and(|b| b.body.is_none()), "related travel without body");
        assert_eq!(article.issues, m.issues);
        assert_eq!(ids(&slice(&m, &Page::Issues)), Vec::<&str>::new());
        assert_eq!(ids(&slice(&m, &Page::Issue(IssueId::new("2024-05")))), ["a", "b"]);
        assert_eq!(ids(&slice(&m, &Page::Section(SectionId::new("nyt")))), ["a"]);
        assert_eq!(ids(&slice(&m, &Page::Archive(1))), ["a", "b", "c"], "the archive has the section-less too");
        let window = slice(&m, &Page::Archive(1));
        let page = window.archive(1);
        assert_eq!(
            (page.number, page.pages, page.total, page.articles.len()),
            (1, 1, 3, 3),
            "a slice pages like the whole"
        );
        assert_eq!(ids(&slice(&m, &Page::Front)), ["a"]);
    }

    #[test]
    fn an_archive_slice_knows_its_place_in_the_whole() {
        let items: Vec<String> = (1..=25)
            .map(|i| {
                let date = format!("2024-01-{:02}", 26 - i);
                format!(r#"{{"id": "a{i}", "title": "A{i}", "content_html": "", "date_published": "{date}", "_beboerblad": {{}}}}"#)
            })
            .collect();
        let feed = format!(
            r#"{{"_beboerblad": {{"publication": {{"name": "B"}}, "issues": [], "sections": []}}, "items": [{}]}}"#,
            items.join(",")
        );
        let m = crate::feed::decode(&feed).unwrap_or_else(|e| panic!("{e}"));
        let window = slice(&m, &Page::Archive(2));
        assert_eq!(ids(&window), ["a21", "a22", "a23", "a24", "a25"]);
        let page = window.archive(2);
        assert_eq!((page.pages, page.total), (2, 25));
        assert_eq!(page.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ids(&window));
        assert!(exists(&window, &Page::Archive(2)), "the app agrees with the server that the page exists");
        assert!(!exists(&m, &Page::Archive(3)));
    }

    #[test]
    fn which_pages_exist() {
        let m = crate::feed::decode(FEED).unwrap_or_else(|e| panic!("{e}"));
        assert!(exists(&m, &Page::Article(ArticleId::new("a"))));
        assert!(!exists(&m, &Page::Article(ArticleId::new("zz"))));
        assert!(exists(&m, &Page::Archive(1)));
        assert!(!exists(&m, &Page::Archive(2)), "three articles fill one archive page");
        assert!(exists(&Magazine::default(), &Page::Archive(1)), "an empty archive still has its first page");
        assert!(!exists(&m, &Page::NotFound));
    }

    #[test]
    fn a_feed_error_travels_as_data() {
        let error = FeedError::Json("line 1".into());
        let data = PageData::new("/artikel/a", Err(&error), None);
        let json = crate::json::to_string(&data).unwrap_or_default();
        let back: PageData = crate::json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(back.content, PageContent::FeedFailed(error));
    }
}
