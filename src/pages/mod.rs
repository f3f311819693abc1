//! One module per kind of page; [`CurrentPage`] picks the page for the URL.

mod archive;
mod article;
mod colophon;
mod front;
mod issue;
mod issues;
mod my_lists;
mod not_found;
mod offline;
mod search;
mod section;

use std::sync::Arc;

use leptos::prelude::*;

use crate::apart::apart;

use crate::components::{FeedProblem, Loading};
use crate::effect::effect;
use crate::head::page_head;
use crate::model::Magazine;
use crate::offline::Offline;
use crate::route::Page;
use crate::store::{Availability, Store};

pub use archive::ArchivePage;
pub use article::ArticlePage;
pub use colophon::ColophonPage;
pub use front::FrontPage;
pub use issue::IssuePage;
pub use issues::IssuesPage;
pub use my_lists::{BookmarksPage, RecentPage};
pub use not_found::NotFoundPage;
pub use offline::OfflinePage;
pub use search::{SearchPage, current_query};
pub use section::SectionPage;

/// The page for the current URL.
#[component]
pub fn CurrentPage(page: Memo<Page>) -> impl IntoView {
    let store = expect_context::<Store>();
    // Re-render only when the page or its availability changes, not when another page's
    // data arrives.
    let status = Memo::new(move |_| {
        let page = page.get();
        let availability = store.shown(&page);
        (page, availability)
    });
    // Offline, an article opened in the app that the device does not hold shows the
    // offline page (its text may be in the feed, but not its pictures). The page the
    // server (or the service worker) sent is always shown.
    let offline = expect_context::<Offline>();
    let unavailable = Memo::new(move |_| match page.get() {
        Page::Article(id) => {
            !offline.online.get()
                && !store.is_initial(&Page::Article(id.clone()))
                && offline.is_stored(&id) == Some(false)
        }
        _ => false,
    });
    // A page the app has no data for fetches its file (after takeover: effects run
    // only in the browser), unless it is an article the device cannot show offline.
    effect(move || {
        // `page` is read first, `unavailable` (made from it) after: an effect checks what
        // it read in that order, and checking the memo first would bring `page` up to
        // date under the effect's own check, which then finds nothing changed and does
        // not run (Leptos 0.9.0-rc1's reactive graph): the reader stayed on "Henter
        // bladet …" after going back (navigation.test.js).
        let page = page.get();
        if !unavailable.get() {
            store.want(&page);
        }
    });
    move || {
        let (page, availability) = status.get();
        if unavailable.get() {
            return view! { <OfflinePage/> }.into_any();
        }
        match availability {
            Availability::Loading => view! { <Loading/> }.into_any(),
            Availability::Failed(error) => view! { <FeedProblem error page=page.clone()/> }.into_any(),
            Availability::Ready => {
                let magazine = untrack(|| store.magazine_for(&page).or_else(|| store.any()));
                if let Some(m) = &magazine {
                    crate::browser::set_title(&page_head(&page, m).title);
                }
                render(page, magazine)
            }
        }
    }
}

fn render(page: Page, magazine: Option<Arc<Magazine>>) -> AnyView {
    match (page, magazine) {
        (Page::Bookmarks, _) => made(move || view! { <BookmarksPage/> }),
        (Page::Recent, _) => made(move || view! { <RecentPage/> }),
        (Page::Offline, _) => made(move || view! { <OfflinePage/> }),
        (Page::Search, _) => made(move || view! { <SearchPage/> }),
        (Page::Front, Some(m)) => made(move || view! { <FrontPage magazine=m/> }),
        (Page::Colophon, Some(m)) => made(move || view! { <ColophonPage magazine=m/> }),
        (Page::Issues, Some(m)) => made(move || view! { <IssuesPage magazine=m/> }),
        (Page::Issue(id), Some(m)) => match m.issue(&id).cloned() {
            Some(issue) => made(move || view! { <IssuePage magazine=m issue/> }),
            None => made(not_found),
        },
        (Page::Section(id, number), Some(m)) if crate::page_data::exists(&m, &Page::Section(id.clone(), number)) => {
            made(move || view! { <SectionPage magazine=m id number/> })
        }
        (Page::Article(id), Some(m)) => match m.article(&id).cloned() {
            Some(article) => made(move || view! { <ArticlePage magazine=m article/> }),
            None => made(not_found),
        },
        (Page::Archive(number), Some(m)) if crate::page_data::exists(&m, &Page::Archive(number)) => {
            made(move || view! { <ArchivePage magazine=m number/> })
        }
        _ => made(not_found),
    }
}

fn not_found() -> impl IntoView {
    view! { <NotFoundPage/> }
}

/// Each page is made in a function of its own ([`apart`]): taking over a page compiles
/// only that page's code (issue 11: no long task during takeover).
fn made<V: IntoAny>(make: impl FnOnce() -> V) -> AnyView {
    apart(move || make().into_any())
}
