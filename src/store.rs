//! The magazine the app shows: first the slice the server sent with the page (so the
//! app takes over without a fetch), then the whole feed, loaded in the background.

use std::sync::Arc;

use api_types::SearchResults;
use leptos::prelude::*;

use crate::feed::FeedError;
use crate::model::Magazine;
use crate::page_data::{Feedback, PageContent, PageData};
use crate::route::Page;

#[derive(Clone, Debug, PartialEq)]
enum FeedState {
    Idle,
    Loading,
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
    feed: RwSignal<FeedState>,
}

impl Store {
    /// A page the server could not read the feed for starts in the failed state, so the
    /// app shows the same Danish message the server rendered.
    pub fn new(initial: Option<PageData>) -> Self {
        let mut feed = FeedState::Idle;
        let initial = initial.map(|d| Initial {
            page: Page::parse(&d.path),
            magazine: match d.content {
                PageContent::Magazine(m) => Some(Arc::from(m)),
                PageContent::FeedFailed(e) => {
                    feed = FeedState::Failed(e);
                    None
                }
            },
            feedback: d.feedback,
            search: d.search,
        });
        Self { initial: StoredValue::new(initial), feed: RwSignal::new(feed) }
    }

    /// Whether `page` can be rendered (tracked: changes when the feed arrives or fails).
    pub fn availability(&self, page: &Page) -> Availability {
        if self.initial_for(page).is_some() {
            return Availability::Ready;
        }
        match self.feed.get() {
            FeedState::Ready(_) => Availability::Ready,
            FeedState::Idle | FeedState::Loading => Availability::Loading,
            FeedState::Failed(e) => Availability::Failed(e),
        }
    }

    /// The data to render `page` from (untracked).
    pub fn magazine_for(&self, page: &Page) -> Option<Arc<Magazine>> {
        match self.feed.get_untracked() {
            FeedState::Ready(m) => Some(m),
            _ => self.initial_for(page),
        }
    }

    /// Any data at all (tracked): the header and footer need only the publication
    /// and its sections, which every slice carries.
    pub fn any(&self) -> Option<Arc<Magazine>> {
        match self.feed.get() {
            FeedState::Ready(m) => Some(m),
            _ => self.initial.with_value(|i| i.as_ref().and_then(|i| i.magazine.clone())),
        }
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

    /// Loads the whole feed in the background after takeover, unless the server already
    /// said it cannot be read (then the reader decides when to try again).
    pub fn preload(&self) {
        if matches!(self.feed.get_untracked(), FeedState::Idle) {
            self.load();
        }
    }

    /// Loads the whole feed unless it is loaded or loading. Call again to retry.
    pub fn load(&self) {
        if matches!(self.feed.get_untracked(), FeedState::Loading | FeedState::Ready(_)) {
            return;
        }
        self.feed.set(FeedState::Loading);
        let feed = self.feed;
        leptos::task::spawn_local(async move {
            let state = match crate::browser::fetch_feed().await {
                Ok(m) => FeedState::Ready(Arc::new(m)),
                Err(e) => {
                    leptos::logging::warn!("beboerblad: the feed could not be read: {e}");
                    FeedState::Failed(e)
                }
            };
            feed.set(state);
        });
    }
}
