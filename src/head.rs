//! What a page says about itself: title, description, preview image. The app sets the
//! document title from it; the server also writes the meta, Open Graph and JSON-LD tags.

use crate::da;
use crate::model::{Article, Magazine};
use crate::route::Page;

#[derive(Clone, Debug, PartialEq)]
pub struct PageHead<'a> {
    pub title: String,
    pub description: String,
    /// Article image or issue cover (as in the feed: absolute or from the site root).
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// Set on article pages (`og:type` article, JSON-LD NewsArticle).
    pub article: Option<&'a Article>,
    pub section: Option<String>,
    /// `/mine/*` and not-found pages are not for search engines.
    pub indexable: bool,
}

/// The head of `page`. An unknown id gives the not-found head.
pub fn page_head<'a>(page: &Page, m: &'a Magazine) -> PageHead<'a> {
    let name = m.publication.name.as_str();
    let site_description = m.publication.description.clone().unwrap_or_else(|| name.to_string());
    let titled = |t: &str| format!("{t} – {name}");
    let mut head = PageHead {
        title: name.to_string(),
        description: site_description.clone(),
        image: m.current_issue().and_then(|i| i.cover.as_ref()).map(|c| c.src.clone()),
        image_alt: m.current_issue().and_then(|i| i.cover.as_ref()).map(|c| c.alt.clone()),
        article: None,
        section: None,
        indexable: true,
    };
    match page {
        Page::Front => {}
        Page::Issues => head.title = titled(da::ALL_ISSUES),
        Page::Issue(id) => match m.issue(id) {
            Some(issue) => {
                head.title = titled(&issue.title);
                head.description = format!("{} {} – {}", da::CONTENTS_OF, issue.title, name);
                if let Some(cover) = &issue.cover {
                    head.image = Some(cover.src.clone());
                    head.image_alt = Some(cover.alt.clone());
                }
            }
            None => return not_found(head, name),
        },
        Page::Section(id, n) => match m.section(id).filter(|_| crate::page_data::exists(m, page)) {
            Some(section) => {
                head.title = titled(&paged(&section.name, *n));
                head.description = format!("{}: {} – {}", da::SECTION, section.name, name);
            }
            None => return not_found(head, name),
        },
        Page::Article(id) => match m.article(id) {
            Some(article) => {
                head.title = titled(&article.title);
                head.description = article.summary.clone().unwrap_or(site_description);
                if let Some(image) = &article.image {
                    head.image = Some(image.src.clone());
                    head.image_alt = Some(image.alt.clone());
                }
                head.section = article.section.as_ref().and_then(|s| m.section(s)).map(|s| s.name.clone());
                head.article = Some(article);
            }
            None => return not_found(head, name),
        },
        Page::Archive(n) if crate::page_data::exists(m, page) => {
            head.title = titled(&paged(da::ALL_ARTICLES, *n));
            head.description = format!("{} – {name}", da::ALL_ARTICLES);
        }
        Page::Archive(_) => return not_found(head, name),
        Page::Bookmarks => {
            head.title = titled(da::MY_BOOKMARKS);
            head.indexable = false;
        }
        Page::Recent => {
            head.title = titled(da::MY_RECENT);
            head.indexable = false;
        }
        Page::Colophon => {
            head.title = titled(da::COLOPHON_TITLE);
            head.description = format!("{} – {name}", da::COLOPHON_TITLE);
        }
        Page::Search => {
            head.title = titled(da::SEARCH_TITLE);
            head.indexable = false;
        }
        Page::Offline => {
            head.title = titled(da::OFFLINE_TITLE);
            head.indexable = false;
        }
        Page::NotFound => return not_found(head, name),
    }
    head
}

/// The title of page `n` of a paged list: "Debat", "Debat – Side 2".
fn paged(list: &str, n: u32) -> String {
    if n <= 1 { list.to_string() } else { format!("{list} – {} {n}", da::PAGE_CAPITALIZED) }
}

fn not_found<'a>(mut head: PageHead<'a>, name: &str) -> PageHead<'a> {
    head.title = format!("{} – {name}", da::NOT_FOUND_TITLE);
    head.indexable = false;
    head
}
