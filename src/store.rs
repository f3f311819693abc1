//! The magazine the app shows, a page at a time: first the slice the server sent with the
//! page (so the app takes over without a fetch), then, for each page the reader goes to,
//! that page's file (`feed/….json`, docs/feed.md), fetched once and kept. No page ever
//! needs the whole archive.

use std::sync::Arc;

use api_types::SearchResults;
use leptos::prelude::*;

use crate::feed::FeedError;
use crate::model::Magazine;
use crate::page_data::{Feedback, PageContent, PageData};
use crate::route::Page;

/// A page's data: on its way, there, or why not.
#[derive(Clone, Debug, PartialEq)]
enum Slot {
    /// On its way; `ahead` while only fetched ahead of a reader who may never open it.
    Loading {
        ahead: bool,
    },
    Ready(Arc<Magazine>),
    Failed(FeedError),
}

/// Whether a page can be shown now.
#[derive(Clone, Debug, PartialEq)]
pub enum Availability {
    Ready,
    Loading,
    Failed(FeedError),
}

/// How many fetched pages are kept (each is small; a long session stays bounded).
const PAGES_KEPT: usize = 60;

/// The server's data and the page it was for.
struct Initial {
    page: Page,
    magazine: Option<Arc<Magazine>>,
    feedback: Option<Feedback>,
    search: Option<SearchResults>,
}

#[derive(Clone, Copy)]
pub struct Store {
    initial: StoredValue<Option<Initial>>,
    /// Fetched pages, oldest first (a handful: a list is enough).
    pages: RwSignal<Vec<(Page, Slot)>>,
    /// The data that arrived last: the header and footer need only the publication and
    /// its sections, which every page's data carries.
    latest: RwSignal<Option<Arc<Magazine>>>,
}

impl Store {
    /// A page the server could not read the feed for starts in the failed state, so the
    /// app shows the same Danish message the server rendered.
    pub fn new(initial: Option<PageData>) -> Self {
        let mut pages = Vec::new();
        let initial = initial.map(|d| {
            let page = Page::parse(&d.path);
            let magazine = match d.content {
                PageContent::Magazine(m) => Some(Arc::from(m)),
                PageContent::FeedFailed(e) => {
                    pages.push((page.clone(), Slot::Failed(e)));
                    None
                }
            };
            Initial { page, magazine, feedback: d.feedback, search: d.search }
        });
        Self { initial: StoredValue::new(initial), pages: RwSignal::new(pages), latest: RwSignal::new(None) }
    }

    /// Whether `page` can be rendered (tracked: changes when its data arrives or fails).
    pub fn availability(&self, page: &Page) -> Availability {
        if self.initial_for(page).is_some() {
            return Availability::Ready;
        }
        self.pages.with(|pages| match slot(pages, page) {
            Some(Slot::Ready(_)) => Availability::Ready,
            Some(Slot::Failed(e)) => Availability::Failed(e.clone()),
            Some(Slot::Loading { .. }) | None => Availability::Loading,
        })
    }

    /// Whether `page` can be shown now, pages that need no data of their own included
    /// (tracked).
    pub fn shown(&self, page: &Page) -> Availability {
        match page {
            Page::Bookmarks | Page::Recent | Page::Offline | Page::Search | Page::NotFound => Availability::Ready,
            // The publication is in every page's data.
            Page::Colophon if self.any().is_some() => Availability::Ready,
            p => self.availability(p),
        }
    }

    /// The data to render `page` from (untracked).
    pub fn magazine_for(&self, page: &Page) -> Option<Arc<Magazine>> {
        self.initial_for(page).or_else(|| {
            self.pages.with_untracked(|pages| match slot(pages, page) {
                Some(Slot::Ready(m)) => Some(m.clone()),
                _ => None,
            })
        })
    }

    /// Any data at all (tracked): the publication and its sections.
    pub fn any(&self) -> Option<Arc<Magazine>> {
        self.latest.get().or_else(|| self.initial.with_value(|i| i.as_ref().and_then(|i| i.magazine.clone())))
    }

    /// Ratings and comments the server sent for `page` (only the first page has them).
    pub fn feedback_for(&self, page: &Page) -> Feedback {
        self.initial
            .with_value(|i| i.as_ref().filter(|i| i.page == *page).and_then(|i| i.feedback.clone()))
            .unwrap_or_default()
    }

    /// The search results the server sent with its page (a search page).
    pub fn initial_search(&self) -> Option<SearchResults> {
        self.initial.with_value(|i| i.as_ref().filter(|i| i.page == Page::Search).and_then(|i| i.search.clone()))
    }

    /// Whether `page` is the one the server sent (untracked).
    pub fn is_initial(&self, page: &Page) -> bool {
        self.initial.with_value(|i| i.as_ref().is_some_and(|i| i.page == *page))
    }

    fn initial_for(&self, page: &Page) -> Option<Arc<Magazine>> {
        self.initial.with_value(|i| i.as_ref().filter(|i| i.page == *page).and_then(|i| i.magazine.clone()))
    }

    /// Fetches `page`'s file unless its data is here, on its way, or failed (then the
    /// reader decides when to try again: [`Store::load`]).
    pub fn want(&self, page: &Page) {
        if self.initial_for(page).is_some() {
            return;
        }
        match self.pages.with_untracked(|pages| slot(pages, page).cloned()) {
            None => self.load(page),
            // Fetched ahead and now opened: its answer is the reader's now.
            Some(Slot::Loading { ahead: true }) => self.pages.update_untracked(|p| {
                if let Some(s) = p.iter_mut().find(|(p, _)| p == page) {
                    s.1 = Slot::Loading { ahead: false };
                }
            }),
            Some(_) => {}
        }
    }

    /// Fetches `page`'s file unless it is here or on its way. Call again to retry. Each
    /// answer is kept for its own page: a slow answer for a page the reader has left
    /// never replaces the page they are on.
    pub fn load(&self, page: &Page) {
        self.fetch(page, false);
    }

    /// Fetches `page`'s file ahead of the reader, who may open it next (the articles
    /// under "Læs også"), so opening it needs no request: nothing when the browser saves
    /// data or has no network, or when the page is known. A file fetched ahead that fails
    /// is forgotten, not shown as failed: opening the page asks again.
    pub fn fetch_ahead(&self, page: &Page) {
        let known = self.pages.with_untracked(|pages| slot(pages, page).is_some());
        if known || self.initial_for(page).is_some() || crate::browser::saves_data() || !crate::browser::is_online() {
            return;
        }
        self.fetch(page, true);
    }

    fn fetch(&self, page: &Page, ahead: bool) {
        let Some(file) = page.data_file() else { return };
        let busy = self.pages.with_untracked(|p| matches!(slot(p, page), Some(Slot::Loading { .. } | Slot::Ready(_))));
        if busy {
            return;
        }
        self.pages.update(|p| put(p, page.clone(), Slot::Loading { ahead }));
        let (pages, latest, page) = (self.pages, self.latest, page.clone());
        leptos::task::spawn_local(async move {
            let result = crate::browser::fetch_page_file(&file).await;
            // Still only ahead when it arrives: nobody has opened the page.
            let ahead = pages.with_untracked(|p| matches!(slot(p, &page), Some(Slot::Loading { ahead: true })));
            let slot = match result {
                Ok(m) => {
                    let m = Arc::new(m);
                    // The header and footer follow the pages the reader opens.
                    if !ahead {
                        latest.set(Some(m.clone()));
                    }
                    Slot::Ready(m)
                }
                Err(_) if ahead => {
                    pages.update_untracked(|p| p.retain(|(p, _)| *p != page));
                    return;
                }
                Err(e) => {
                    leptos::logging::warn!("beboerblad: {file} could not be read: {e}");
                    Slot::Failed(e)
                }
            };
            pages.update(|p| put(p, page, slot));
        });
    }
}

fn slot<'a>(pages: &'a [(Page, Slot)], page: &Page) -> Option<&'a Slot> {
    pages.iter().find(|(p, _)| p == page).map(|(_, s)| s)
}

/// Sets `page`'s slot, as the newest; the oldest page that is there goes when more than
/// [`PAGES_KEPT`] are.
fn put(pages: &mut Vec<(Page, Slot)>, page: Page, slot: Slot) {
    pages.retain(|(p, _)| *p != page);
    if pages.len() >= PAGES_KEPT
        && let Some(oldest) = pages.iter().position(|(_, s)| matches!(s, Slot::Ready(_)))
    {
        pages.remove(oldest);
    }
    pages.push((page, slot));
}
