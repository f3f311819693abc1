//! The reader's URLs: one place that knows how a path maps to a page and back.
//! The Leptos route table in `lib.rs` uses the same segments; the server uses
//! [`Page::parse`] to choose the status code, the page data and the head tags.

use crate::model::{ArticleId, IssueId, SectionId};

pub const ISSUES: &str = "blad";
pub const SECTION: &str = "sektion";
pub const ARTICLE: &str = "artikel";
pub const MINE: &str = "mine";
pub const BOOKMARKS: &str = "bogmaerker";
pub const RECENT: &str = "seneste";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Front,
    Issues,
    Issue(IssueId),
    Section(SectionId),
    Article(ArticleId),
    Bookmarks,
    Recent,
    NotFound,
}

impl Page {
    /// Reads a URL path (no query). A trailing slash is accepted.
    pub fn parse(path: &str) -> Page {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Page::Front,
            [ISSUES] => Page::Issues,
            [ISSUES, id] if safe(id) => Page::Issue(IssueId::new(*id)),
            [SECTION, id] if safe(id) => Page::Section(SectionId::new(*id)),
            [ARTICLE, id] if safe(id) => Page::Article(ArticleId::new(*id)),
            [MINE, BOOKMARKS] => Page::Bookmarks,
            [MINE, RECENT] => Page::Recent,
            _ => Page::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Page::Front => "/".into(),
            Page::Issues => format!("/{ISSUES}"),
            Page::Issue(id) => format!("/{ISSUES}/{id}"),
            Page::Section(id) => format!("/{SECTION}/{id}"),
            Page::Article(id) => format!("/{ARTICLE}/{id}"),
            Page::Bookmarks => format!("/{MINE}/{BOOKMARKS}"),
            Page::Recent => format!("/{MINE}/{RECENT}"),
            Page::NotFound => "/".into(),
        }
    }
}

/// Ids in our URLs are slugs (see `model::slug`); anything else cannot name a page.
fn safe(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 120
        && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for page in [
            Page::Front,
            Page::Issues,
            Page::Issue(IssueId::new("2024-05")),
            Page::Section(SectionId::new("nyt")),
            Page::Article(ArticleId::new("ny-legeplads")),
            Page::Bookmarks,
            Page::Recent,
        ] {
            assert_eq!(Page::parse(&page.href()), page);
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Page::parse("/artikel/"), Page::NotFound);
        assert_eq!(Page::parse("/artikel/a%20b"), Page::NotFound);
        assert_eq!(Page::parse("/foo/bar/baz"), Page::NotFound);
        assert_eq!(Page::parse("/blad/?x=1"), Page::Issues);
        assert_eq!(Page::parse("/artikel/x?utm=1"), Page::Article(ArticleId::new("x")));
    }

}
