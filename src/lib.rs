//! beboerblad: a reader for housing-association resident magazines.
//!
//! The same components render on the server (feature `ssr`) and take over in the
//! browser (feature `hydrate`). Pages are pure functions of the magazine; browser
//! APIs live in `browser.rs` and `storage.rs`.

// The article page's view type nests deeply (hydration of keyed lists inside it).
#![recursion_limit = "256"]

pub mod api;
pub mod browser;
pub mod components;
pub mod da;
pub mod date;
pub mod effect;
pub mod feed;
pub mod head;
pub mod json;
pub mod later;
pub mod model;
pub mod offline;
pub mod outbox;
pub mod page_data;
pub mod pages;
pub mod picture;
pub mod prefs;
pub mod route;
pub mod router;
pub mod sanitize;
pub mod share;
pub mod site;
pub mod speech;
pub mod storage;
pub mod store;
pub mod voting;

use leptos::prelude::*;

use crate::components::{ConnectionStatus, SiteFooter, SiteHeader, StorageNotice};
use crate::effect::effect;
use crate::offline::Offline;
use crate::outbox::Outbox;
use crate::page_data::PageData;
use crate::pages::CurrentPage;
use crate::prefs::Prefs;
use crate::route::Page;
use crate::site::Site;
use crate::storage::{MyArticles, MyVoice};
use crate::store::Store;

/// The whole app. `initial` is the data the server rendered the page from; `site` its
/// base path and embed options (the browser reads them from the page when not given).
#[component]
pub fn App(
    #[prop(default = None)] initial: Option<PageData>,
    #[prop(default = None)] site: Option<Site>,
) -> impl IntoView {
    let site = site.unwrap_or_else(Site::in_browser);
    let base = site.base.trimmed().to_string();
    // Inside another site's page (or any frame) no service worker is installed.
    let embedded = site.embedded() || browser::embedded();
    provide_context(site);
    let store = Store::new(initial);
    provide_context(store);
    let my = MyArticles::new();
    provide_context(my);
    let voice = MyVoice::new(my.notice);
    provide_context(voice);
    let outbox = Outbox::new(voice, my.notice);
    provide_context(outbox);
    let offline = Offline::new();
    provide_context(offline);
    let prefs = Prefs::new();
    provide_context(prefs);
    // Effects run only in the browser, after the server's page has been taken over. The
    // start-up after hydration runs in tasks of its own, not in hydration's (issue 11).
    effect(move || {
        browser::in_turn(vec![
            Box::new(move || my.mark_hydrated()),
            Box::new(move || {
                outbox.start();
                offline.start(my, embedded);
                prefs.start();
                browser::mark_ready();
            }),
        ]);
    });
    // Background Sync: the service worker asks open pages to send their outbox.
    effect(move || {
        if offline.flush_requested.get() > 0 {
            outbox.send();
        }
    });
    crate::router::Location::provide(base);
    view! { <Shell/> }
}

#[component]
fn Shell() -> impl IntoView {
    let location = crate::router::use_location();
    let site = Site::current();
    let embedded = site.embedded();
    let page = Memo::new(move |_| site.page(&location.pathname.get()));
    // After a client-side navigation, focus moves to the new page's heading so screen
    // readers start reading there (the link that was clicked is gone), and the new page
    // is announced (once it is drawn: after the first frame that shows it).
    let store = expect_context::<Store>();
    let announced = RwSignal::new(String::new());
    // The page, and whether it has been given the focus (the first page needs none).
    Effect::new(move |previous: Option<(Page, bool)>| {
        let current = page.get();
        let drawn = store.shown(&current) != crate::store::Availability::Loading;
        let focused = match previous {
            None => true,
            Some((p, focused)) if p == current && focused => true,
            Some(_) if drawn => {
                browser::after_paint(move || {
                    announced
                        .set(browser::focus_content().map(|h| format!("{} {h}", da::PAGE_SHOWN)).unwrap_or_default());
                });
                true
            }
            Some(_) => false,
        };
        (current, focused)
    });
    let current = move || view! { <CurrentPage page/> };
    // Embedded, the landmarks are named: the host page has a main and a footer too.
    let name =
        move || embedded.then(|| store.any().map_or_else(|| da::APP_NAME.into(), |m| m.publication.name.clone()));
    view! {
        // `rel="external"`: the router leaves the link to the browser, which moves the
        // focus to the content (the router would only change the address).
        <a class="skip-link" href="#indhold" rel="external">{da::SKIP_TO_CONTENT}</a>
        <SiteHeader page/>
        <main id="indhold" tabindex="-1" aria-label=name>
            // `route.rs` is the route table, `router.rs` follows the address.
            {current}
        </main>
        <SiteFooter/>
        <p class="visually-hidden" role="status">{announced}</p>
        <StorageNotice/>
        <ConnectionStatus/>
    }
}

/// Starts the app in the browser. A page the server rendered always carries its data
/// (an unreadable feed too) and is hydrated; only a page without server data (e.g.
/// `dist/` on a static host) is rendered from scratch, into an emptied body so nothing
/// is ever shown twice.
///
/// Trunk's loader calls this in the task that compiled and instantiated the WASM; the
/// page's data is read in the next task and the page taken over in the one after, so no
/// task is as long as all three (issue 11). `<html data-app="ready">` says when the app
/// has taken over.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // Panic messages on the console in development builds only: the hook's formatting
    // costs 1 KB brotli in the release build (issue 11), where a panic still shows as
    // an uncaught `RuntimeError: unreachable` (the tests fail on any page error).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    browser::in_turn(vec![Box::new(|| {
        let initial = browser::page_data();
        browser::in_turn(vec![Box::new(move || take_over(initial))]);
    })]);
}

#[cfg(target_arch = "wasm32")]
fn take_over(initial: Option<PageData>) {
    #[cfg(feature = "hydrate")]
    if initial.is_some() {
        leptos::mount::hydrate_body(move || view! { <App initial/> });
        return;
    }
    browser::clear_body();
    leptos::mount::mount_to_body(move || view! { <App initial/> });
}
