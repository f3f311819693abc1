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
pub const ARCHIVE: &str = "arkiv";
pub const OFFLINE: &str = "offline";
pub const COLOPHON: &str = "kolofon";
pub const SEARCH: &str = "soeg";
/// The search page's query parameter (`/soeg?q=…`).
pub const SEARCH_QUERY: &str = "q";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Front,
    Issues,
    Issue(IssueId),
    Section(SectionId),
    Article(ArticleId),
    /// Every article, newest first, a page at a time (1-based).
    Archive(u32),
    Bookmarks,
    Recent,
    /// "Kolofon og kontakt": who makes the magazine and how to reach them.
    Colophon,
    /// "Søg i bladet": the articles matching the query in `?q=` (not part of the page:
    /// a new query is the same page with new results).
    Search,
    /// "Ikke tilgængelig offline": where the service worker sends a page it does not hold.
    Offline,
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
            [ARCHIVE] => Page::Archive(1),
            // Only the canonical spelling of a page number ("2", not "02" or "+2").
            [ARCHIVE, n] => match n.parse::<u32>() {
                Ok(number) if number >= 1 && number.to_string() == *n => Page::Archive(number),
                _ => Page::NotFound,
            },
            [MINE, BOOKMARKS] => Page::Bookmarks,
            [MINE, RECENT] => Page::Recent,
            [OFFLINE] => Page::Offline,
            [COLOPHON] => Page::Colophon,
            [SEARCH] => Page::Search,
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
            Page::Archive(n) if *n <= 1 => format!("/{ARCHIVE}"),
            Page::Archive(n) => format!("/{ARCHIVE}/{n}"),
            Page::Bookmarks => format!("/{MINE}/{BOOKMARKS}"),
            Page::Recent => format!("/{MINE}/{RECENT}"),
            Page::Offline => format!("/{OFFLINE}"),
            Page::Colophon => format!("/{COLOPHON}"),
            Page::Search => format!("/{SEARCH}"),
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
            Page::Archive(1),
            Page::Archive(3),
            Page::Bookmarks,
            Page::Recent,
            Page::Offline,
            Page::Colophon,
            Page::Search,
        ] {
            assert_eq!(Page::parse(&page.href()), page);
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Page::parse("/artikel/"), Page::NotFound);
        assert_eq!(Page::parse("/artikel/a%20b"), Page::NotFound);
        assert_eq!(Page::parse("/foo/bar/baz"), Page::NotFound);
        for bad in ["/arkiv/0", "/arkiv/02", "/arkiv/+2", "/arkiv/x", "/arkiv/99999999999"] {
            assert_eq!(Page::parse(bad), Page::NotFound, "{bad}");
        }
        assert_eq!(Page::parse("/arkiv/1"), Page::Archive(1));
        assert_eq!(Page::parse("/blad/?x=1"), Page::Issues);
        assert_eq!(Page::parse("/soeg?q=g%C3%A5rd"), Page::Search, "the query is not the page's");
        assert_eq!(Page::parse("/artikel/x?utm=1"), Page::Article(ArticleId::new("x")));
    }
}
