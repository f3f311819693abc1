//! The data a server-rendered page carries for the app's takeover: a JSON island in
//! `<head>` with the path, the slice of the magazine the page shows (or why the feed
//! could not be read: an error is data too) and the article's ratings and comments.

use std::collections::HashSet;

use api_types::{CommentPage, RatingSummary, SearchResults};
use serde::Serialize;

use crate::feed::FeedError;
use crate::json::{Fields, FromJson, Value};
use crate::model::{ArchiveWindow, Article, ArticleId, IssueId, Magazine};
use crate::route::Page;

/// The id of the `<script type="application/json">` element that carries [`PageData`].
pub const PAGE_DATA_ID: &str = "beboerblad-data";

/// What the server embeds in a page: the path it rendered and the data it used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageData {
    pub path: String,
    pub content: PageContent,
    /// Ratings and comments of an article page, as the server rendered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    /// The results of a search page (`/soeg?q=…`), as the server rendered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchResults>,
}

/// The magazine slice a page was rendered from, or the reason there was none.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageContent {
    /// Boxed: the error is small, and the page data is made once per page.
    Magazine(Box<Magazine>),
    FeedFailed(FeedError),
}

/// Readers' ratings and comments of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Feedback {
    pub rating: Option<RatingSummary>,
    pub comments: Option<CommentPage>,
}

/// As the app reads the island back: field by field ([`FromJson`], like the magazine in it).
impl FromJson for PageData {
    fn read(f: &mut Fields, v: &Value) -> Self {
        PageData {
            path: f.string(v, "path"),
            content: f.read(v, "content"),
            feedback: f.opt_read(v, "feedback"),
            search: f.opt_read(v, "search"),
        }
    }
}

impl FromJson for PageContent {
    fn read(f: &mut Fields, v: &Value) -> Self {
        if let Some(magazine) = f.opt_read(v, "magazine") {
            return PageContent::Magazine(Box::new(magazine));
        }
        let failed = f.opt_read(v, "feed_failed");
        f.expect(failed.is_some(), "content", "a magazine or why there is none");
        PageContent::FeedFailed(failed.unwrap_or(FeedError::Shape(String::new())))
    }
}

impl FromJson for Feedback {
    fn read(f: &mut Fields, v: &Value) -> Self {
        Feedback { rating: f.opt_read(v, "rating"), comments: f.opt_read(v, "comments") }
    }
}

impl PageData {
    /// The data for `path`, cut from the whole magazine (or the feed's error).
    pub fn new(path: &str, magazine: Result<&Magazine, &FeedError>, feedback: Option<Feedback>) -> Self {
        let content = match magazine {
            Ok(m) => PageContent::Magazine(Box::new(slice(m, &Page::parse(path)))),
            Err(e) => PageContent::FeedFailed(e.clone()),
        };
        Self { path: path.to_string(), content, feedback, search: None }
    }
}

/// The part of the magazine that `page` shows, so the app can take over without
/// fetching the feed; the same document is the page's file (`Page::data_file`). Only an
/// article page keeps a body. Issues: the current one (the front page's and the header's),
/// the page's own and those of its articles; every issue only on `/blad`. Its size
/// depends on what the page shows, never on the size of the archive.
pub fn slice(m: &Magazine, page: &Page) -> Magazine {
    let mut keep: Vec<&Article> = Vec::new();
    let mut body: Option<&ArticleId> = None;
    let mut own_issue: Option<&IssueId> = None;
    match page {
        Page::Front => {
            let front = m.front();
            keep.extend(front.by_section.into_iter().flat_map(|(_, a)| a));
            keep.extend(front.latest);
        }
        Page::Issue(id) => {
            keep.extend(m.issue_articles(id));
            own_issue = Some(id);
        }
        Page::Section(id, n) => keep.extend(m.section_page(id, *n).articles),
        Page::Archive(n) => keep.extend(m.archive(*n).articles),
        Page::Article(id) => {
            if let Some(article) = m.article(id) {
                keep.push(article);
                keep.extend(m.related(article));
                body = Some(&article.id);
            }
        }
        Page::Issues
        | Page::Bookmarks
        | Page::Recent
        | Page::Offline
        | Page::Colophon
        | Page::Search
        | Page::NotFound => {}
    }
    // In the magazine's order (newest first): every reference points into `m.articles`.
    keep.sort_by_key(|a| std::ptr::from_ref::<Article>(a));
    keep.dedup_by_key(|a| std::ptr::from_ref::<Article>(a));
    let archive_window = match page {
        Page::Archive(number) => Some(ArchiveWindow { number: *number, total: m.articles.len(), section: None }),
        Page::Section(id, number) => {
            Some(ArchiveWindow { number: *number, total: m.section_page(id, *number).total, section: Some(id.clone()) })
        }
        _ => None,
    };
    let issues = if *page == Page::Issues {
        m.issues.clone()
    } else {
        let mut wanted: HashSet<&IssueId> = keep.iter().filter_map(|a| a.issue.as_ref()).collect();
        wanted.extend(own_issue);
        wanted.extend(m.current_issue().map(|i| &i.id));
        m.issues.iter().filter(|i| wanted.contains(&i.id)).cloned().collect()
    };
    Magazine {
        archive_window,
        lookup: Default::default(),
        publication: m.publication.clone(),
        issues,
        sections: m.sections.clone(),
        articles: keep
            .into_iter()
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
        Page::Section(id, n) => m.section(id).is_some() && (*n == 1 || *n <= m.section_page(id, *n).pages),
        Page::Article(id) => m.article(id).is_some(),
        Page::Archive(n) => *n == 1 || *n <= m.archive(*n).pages,
        Page::NotFound => false,
        Page::Front | Page::Issues | Page::Bookmarks | Page::Recent | Page::Offline | Page::Colophon | Page::Search => {
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueId, SECTION_PAGE_SIZE, SectionId};

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
        assert_eq!(ids(&slice(&m, &Page::Section(SectionId::new("nyt"), 1))), ["a"]);
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

    /// `n` articles, one an issue, in `n` issues (newest first), all in section `s`.
    fn many(n: usize) -> Magazine {
        let issues: Vec<String> = (0..n).map(|i| format!(r#"{{"id": "i{i}", "title": "I{i}"}}"#)).collect();
        let items: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id": "a{i}", "title": "A{i}", "content_html": "<p>x</p>", "_beboerblad": {{"issue": "i{i}", "section": "s"}}}}"#
                )
            })
            .collect();
        let feed = format!(
            r#"{{"_beboerblad": {{"publication": {{"name": "B"}}, "issues": [{}], "sections": [{{"id": "s", "name": "S"}}]}}, "items": [{}]}}"#,
            issues.join(","),
            items.join(",")
        );
        crate::feed::decode(&feed).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn slices_carry_only_the_issues_they_show() {
        let m = many(100);
        let issue_ids = |m: &Magazine| m.issues.iter().map(|i| i.id.to_string()).collect::<Vec<_>>();
        assert_eq!(issue_ids(&slice(&m, &Page::Article(ArticleId::new("a7")))), ["i0", "i7"], "current and own");
        assert_eq!(issue_ids(&slice(&m, &Page::Issue(IssueId::new("i9")))), ["i0", "i9"]);
        assert_eq!(issue_ids(&slice(&m, &Page::Front)), ["i0", "i1", "i2"], "the current issue and the cards'");
        assert_eq!(issue_ids(&slice(&m, &Page::Bookmarks)), ["i0"], "the header still knows there are issues");
        assert_eq!(slice(&m, &Page::Issues).issues.len(), 100, "the list of issues has them all");
        assert_eq!(slice(&m, &Page::Archive(2)).issues.len(), 21, "the current one and the page's twenty");
    }

    #[test]
    fn a_section_slice_is_one_page_of_its_archive() {
        let m = many(100);
        let s = SectionId::new("s");
        let shown =
            |m: &Magazine, n| m.section_page(&s, n).articles.iter().map(|a| a.id.to_string()).collect::<Vec<_>>();
        for n in [1, 2, 13] {
            let section = slice(&m, &Page::Section(s.clone(), n));
            assert_eq!(section.articles.len(), if n < 13 { SECTION_PAGE_SIZE } else { 100 % SECTION_PAGE_SIZE });
            assert_eq!(shown(&section, n), shown(&m, n), "the app's page {n} is the server's");
            let page = section.section_page(&s, n);
            assert_eq!((page.number, page.pages, page.total), (n, 13, 100), "a slice pages like the whole");
            assert!(exists(&section, &Page::Section(s.clone(), n)), "the app agrees that page {n} exists");
        }
        assert_eq!(shown(&m, 2).first().map(String::as_str), Some("a8"), "page 2 goes on where page 1 stops");
        assert!(!exists(&m, &Page::Section(s.clone(), 14)));
        assert!(!exists(&m, &Page::Section(SectionId::new("nope"), 1)));
        let few = many(SECTION_PAGE_SIZE);
        assert_eq!(few.section_page(&s, 1).pages, 1, "a section of the demo's size fits on one page");
        assert!(exists(&few, &Page::Section(s.clone(), 1)));
        assert!(!exists(&few, &Page::Section(s.clone(), 2)));
        let archive = slice(&m, &Page::Archive(1));
        assert_eq!(archive.section_page(&s, 1).total, 20, "an archive window is no section's");
    }

    #[test]
    fn a_page_slice_does_not_grow_with_the_archive() {
        let (small, large) = (many(100), many(3000));
        let pages = [
            Page::Front,
            Page::Issue(IssueId::new("i50")),
            Page::Section(SectionId::new("s"), 1),
            Page::Section(SectionId::new("s"), 2),
            Page::Archive(2),
            Page::Article(ArticleId::new("a50")),
        ];
        for page in pages {
            let size = |m: &Magazine| crate::json::to_string(&slice(m, &page)).map(|j| j.len()).unwrap_or_default();
            assert!(size(&large) <= size(&small) + 16, "{page:?}: {} against {}", size(&large), size(&small));
        }
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
        for error in [
            FeedError::Json("line 1".into()),
            FeedError::Http(502),
            FeedError::Network("offline".into()),
            FeedError::ContentType("text/html".into()),
            FeedError::Unreadable("gone".into()),
            FeedError::Shape("title".into()),
        ] {
            let data = PageData::new("/artikel/a", Err(&error), None);
            let json = crate::json::to_string(&data).unwrap_or_default();
            let back: PageData = crate::json::read(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
            assert_eq!(back.content, PageContent::FeedFailed(error));
        }
    }

    #[test]
    fn the_island_reads_back_as_the_server_writes_it() {
        use api_types::{Comment, CommentPage, RatingSummary, SearchResults};
        let m = many(3);
        let comments = CommentPage {
            comments: vec![Comment {
                id: 7,
                name: "Ingrid".into(),
                body: "Tak".into(),
                created_at: "2024-06-05T08:00:00Z".into(),
            }],
            next: None,
        };
        let feedback =
            Feedback { rating: Some(RatingSummary::from_counts([1, 0, 0, 0, 2], None)), comments: Some(comments) };
        let mut data = PageData::new("/artikel/a0", Ok(&m), Some(feedback));
        data.search = Some(SearchResults { query: "a".into(), total: 0, hits: vec![], offline: false });
        let json = crate::json::to_string(&data).unwrap_or_default();
        assert_eq!(crate::json::read::<PageData>(&json), Ok(data), "{json}");
        let front = PageData::new("/", Ok(&m), Some(Feedback::default()));
        let json = crate::json::to_string(&front).unwrap_or_default();
        assert_eq!(crate::json::read::<PageData>(&json), Ok(front));
        let content = |c: &str| crate::json::read::<PageData>(&format!(r#"{{"path": "/", "content": {c}}}"#));
        assert_eq!(
            content("{}"),
            Err(crate::json::JsonError::Shape("content: expected a magazine or why there is none".into()))
        );
        assert!(content(r#"{"feed_failed": {"http": 70000}}"#).is_err());
    }
}
