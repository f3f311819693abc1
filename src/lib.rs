//! beboerblad: a reader for housing-association resident magazines.
//!
//! The same components render on the server (feature `ssr`) and take over in the
//! browser (feature `hydrate`). Pages are pure functions of the magazine; browser
//! APIs live in `browser.rs` and `storage.rs`.

// The article page's view type nests deeply (hydration of keyed lists inside it).
#![recursion_limit = "256"]

pub mod answers;
pub mod apart;
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
    AppState::new(initial, site).into_view()
}

/// What every page of the app shares (its contexts). In the browser it is made in a task
/// of its own before the page is taken over, so that taking over is a shorter task
/// (issue 11: no long task during takeover).
pub struct AppState {
    site: Site,
    store: Store,
    my: MyArticles,
    voice: MyVoice,
    outbox: Outbox,
    offline: Offline,
    prefs: Prefs,
}

impl AppState {
    pub fn new(initial: Option<PageData>, site: Option<Site>) -> Self {
        let my = MyArticles::new();
        let voice = MyVoice::new(my.notice);
        Self {
            site: site.unwrap_or_else(Site::in_browser),
            store: Store::new(initial),
            my,
            voice,
            outbox: Outbox::new(voice, my.notice),
            offline: Offline::new(),
            prefs: Prefs::new(),
        }
    }

    /// The app's view, with the state provided to it and the start-up after the page has
    /// been taken over.
    pub fn into_view(self) -> impl IntoView {
        let Self { site, store, my, voice, outbox, offline, prefs } = self;
        let base = site.base.trimmed().to_string();
        // Inside another site's page (or any frame) no service worker is installed.
        let embedded = site.embedded() || browser::embedded();
        provide_context(site);
        provide_context(store);
        provide_context(my);
        provide_context(voice);
        provide_context(outbox);
        provide_context(offline);
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
        {crate::later::later(move || view! { <SiteHeader page/> })}
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
/// page's data is read in the next task, the app's state made in the one after and the
/// page taken over in the last, so no task is as long as all of them (issue 11).
/// `<html data-app="ready">` says when the app has taken over.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // Panic messages on the console in development builds only: the hook's formatting
    // costs 1 KB brotli in the release build (issue 11), where a panic still shows as
    // an uncaught `RuntimeError: unreachable` (the tests fail on any page error).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    browser::in_turn(vec![Box::new(|| {
        let initial = browser::page_data();
        browser::in_turn(vec![Box::new(move || {
            // The state lives as long as the page: its owner is never disposed.
            let from_server = initial.is_some();
            // The state's effects need the executor that taking over would start.
            let _ = any_spawner::Executor::init_wasm_bindgen();
            let owner = Owner::new_root(None);
            let state = owner.with(|| AppState::new(initial, None));
            std::mem::forget(owner);
            browser::in_turn(vec![Box::new(move || take_over(state, from_server))]);
        })]);
    })]);
}

#[cfg(target_arch = "wasm32")]
fn take_over(state: AppState, from_server: bool) {
    #[cfg(feature = "hydrate")]
    if from_server {
        leptos::mount::hydrate_body(move || state.into_view());
        return;
    }
    let _ = from_server;
    apart::apart(move || {
        browser::clear_body();
        leptos::mount::mount_to_body(move || state.into_view());
    });
}
