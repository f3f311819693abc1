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
    /// A section's articles, newest first, a page at a time (1-based).
    Section(SectionId, u32),
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
            [SECTION, id] if safe(id) => Page::Section(SectionId::new(*id), 1),
            [SECTION, id, n] if safe(id) => {
                page_number(n).map_or(Page::NotFound, |n| Page::Section(SectionId::new(*id), n))
            }
            [ARTICLE, id] if safe(id) => Page::Article(ArticleId::new(*id)),
            [ARCHIVE] => Page::Archive(1),
            [ARCHIVE, n] => page_number(n).map_or(Page::NotFound, Page::Archive),
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
            Page::Section(id, n) if *n <= 1 => format!("/{SECTION}/{id}"),
            Page::Section(id, n) => format!("/{SECTION}/{id}/{n}"),
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

impl Page {
    /// Page `number` of the same paged list (the archive, a section); any other page is
    /// itself.
    pub fn at_page(&self, number: u32) -> Page {
        match self {
            Page::Archive(_) => Page::Archive(number),
            Page::Section(id, _) => Page::Section(id.clone(), number),
            other => other.clone(),
        }
    }

    /// How a navigation link to `self` relates to the page shown: it is that page, or
    /// the page is a later page of its paged list (the link goes to page 1), or neither.
    pub fn current_for(&self, shown: &Page) -> Option<&'static str> {
        if self == shown {
            Some("page")
        } else if *self == shown.at_page(1) {
            Some("true")
        } else {
            None
        }
    }
}

/// The directory of the page files, beside the feed (`feed.json` → `feed/`).
pub const PAGE_FILES: &str = "feed";

impl Page {
    /// The page file with what this page shows (docs/feed.md, "The published feed"),
    /// relative to the feed's directory: `feed/artikel/x.json`. `None`: a page that shows
    /// nothing of the magazine but the publication (its own lists, search, offline).
    pub fn data_file(&self) -> Option<String> {
        let name = match self {
            Page::Front => "index".to_string(),
            Page::Archive(n) => format!("{ARCHIVE}/{n}"),
            Page::Section(id, n) => format!("{SECTION}/{id}/{n}"),
            Page::Issues | Page::Issue(_) | Page::Article(_) | Page::Colophon => {
                self.href().trim_start_matches('/').to_string()
            }
            Page::Bookmarks | Page::Recent | Page::Offline | Page::Search | Page::NotFound => return None,
        };
        Some(format!("{PAGE_FILES}/{name}.json"))
    }

    /// The page whose file `file` is (`feed/blad/2024-05.json`); only the canonical
    /// spelling [`Page::data_file`] writes.
    pub fn from_data_file(file: &str) -> Option<Page> {
        let name = file.strip_prefix(PAGE_FILES)?.strip_prefix('/')?.strip_suffix(".json")?;
        let page = match name {
            "index" => Page::Front,
            // Only the canonical spelling: `/arkiv` alone is page 1, whose file is
            // `arkiv/1` (and `sektion/nyt/1` that of `/sektion/nyt`).
            _ => Page::parse(&format!("/{name}")),
        };
        (page.data_file().as_deref() == Some(file)).then_some(page)
    }
}

/// A page number of a paged list: only its canonical spelling ("2", not "02" or "+2").
fn page_number(segment: &str) -> Option<u32> {
    segment.parse::<u32>().ok().filter(|n| *n >= 1 && n.to_string() == segment)
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
    fn a_link_to_a_paged_list_is_current_on_its_later_pages() {
        let debat = Page::Section(SectionId::new("debat"), 1);
        assert_eq!(debat.current_for(&debat), Some("page"));
        assert_eq!(debat.current_for(&Page::Section(SectionId::new("debat"), 3)), Some("true"));
        assert_eq!(debat.current_for(&Page::Section(SectionId::new("nyt"), 3)), None);
        assert_eq!(Page::Archive(1).current_for(&Page::Archive(2)), Some("true"));
        assert_eq!(Page::Archive(1).current_for(&Page::Section(SectionId::new("debat"), 2)), None);
        assert_eq!(Page::Front.current_for(&Page::Archive(2)), None);
        assert_eq!(Page::Bookmarks.current_for(&Page::Bookmarks), Some("page"));
    }

    #[test]
    fn paths_round_trip() {
        for page in [
            Page::Front,
            Page::Issues,
            Page::Issue(IssueId::new("2024-05")),
            Page::Section(SectionId::new("nyt"), 1),
            Page::Section(SectionId::new("nyt"), 2),
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
    fn paged_lists_go_to_their_own_pages() {
        let nyt = SectionId::new("nyt");
        assert_eq!(Page::Section(nyt.clone(), 1).at_page(3), Page::Section(nyt, 3));
        assert_eq!(Page::Archive(4).at_page(3), Page::Archive(3));
        assert_eq!(Page::Issues.at_page(3), Page::Issues);
    }

    #[test]
    fn page_files_round_trip() {
        let files = [
            (Page::Front, "feed/index.json"),
            (Page::Issues, "feed/blad.json"),
            (Page::Issue(IssueId::new("2024-05")), "feed/blad/2024-05.json"),
            (Page::Section(SectionId::new("nyt"), 1), "feed/sektion/nyt/1.json"),
            (Page::Section(SectionId::new("nyt"), 7), "feed/sektion/nyt/7.json"),
            (Page::Article(ArticleId::new("ny-legeplads")), "feed/artikel/ny-legeplads.json"),
            (Page::Archive(1), "feed/arkiv/1.json"),
            (Page::Archive(12), "feed/arkiv/12.json"),
            (Page::Colophon, "feed/kolofon.json"),
        ];
        for (page, file) in files {
            assert_eq!(page.data_file().as_deref(), Some(file));
            assert_eq!(Page::from_data_file(file), Some(page), "{file}");
        }
        for none in [Page::Bookmarks, Page::Recent, Page::Offline, Page::Search, Page::NotFound] {
            assert_eq!(none.data_file(), None, "{none:?}");
        }
        for bad in [
            "feed/arkiv.json",
            "feed/sektion/nyt.json",
            "feed/sektion/nyt/01.json",
            "feed/sektion/nyt/0.json",
            "feed/arkiv/01.json",
            "feed/artikel/x",
            "feed/artikel/x.json/",
            "feed/mine/bogmaerker.json",
            "feed/soeg.json",
            "feed/nope/x.json",
            "feed/artikel/../x.json",
            "other/index.json",
            "feed/index.json.json",
        ] {
            assert_eq!(Page::from_data_file(bad), None, "{bad}");
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
        for bad in ["/sektion/nyt/0", "/sektion/nyt/02", "/sektion/nyt/x", "/sektion/nyt/2/3"] {
            assert_eq!(Page::parse(bad), Page::NotFound, "{bad}");
        }
        assert_eq!(Page::parse("/sektion/nyt/1"), Page::Section(SectionId::new("nyt"), 1));
        assert_eq!(
            Page::Section(SectionId::new("nyt"), 1).href(),
            "/sektion/nyt",
            "page 1 is the section's own address"
        );
        assert_eq!(Page::parse("/blad/?x=1"), Page::Issues);
        assert_eq!(Page::parse("/soeg?q=g%C3%A5rd"), Page::Search, "the query is not the page's");
        assert_eq!(Page::parse("/artikel/x?utm=1"), Page::Article(ArticleId::new("x")));
    }
}
