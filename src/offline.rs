//! Offline reading, as the app sees it: whether the browser is online, whether a new
//! version of the app waits, and which articles the service worker (sw/sw.js) keeps for
//! offline reading — the reader's bookmarks and recently read articles. The browser
//! calls live in src/offline.js; on the server everything here is inert.

use leptos::prelude::*;

use crate::model::ArticleId;
use crate::route::Page;
use crate::storage::{MyArticles, SavedArticle};

#[derive(Clone, Copy)]
pub struct Offline {
    /// What the browser says; `true` until the app runs (the server's page assumes it).
    pub online: RwSignal<bool>,
    /// A new version of the app is installed and waits for the reader's go.
    pub update_ready: RwSignal<bool>,
    /// The service worker asked the outbox to send (Background Sync); counts requests.
    pub flush_requested: RwSignal<u32>,
    /// The articles the service worker holds, as paths below the base (`artikel/x`);
    /// `None` until it has said (or where there is no service worker).
    stored: RwSignal<Option<Vec<String>>>,
}

impl Offline {
    pub fn new() -> Self {
        Self {
            online: RwSignal::new(true),
            update_ready: RwSignal::new(false),
            flush_requested: RwSignal::new(0),
            stored: RwSignal::new(None),
        }
    }

    /// Whether the service worker holds `id` (tracked); `None` when it has not said.
    pub fn is_stored(&self, id: &ArticleId) -> Option<bool> {
        let path = article_path(id);
        self.stored.with(|s| s.as_ref().map(|pages| pages.contains(&path)))
    }

    /// Activates the waiting version and reloads into it.
    pub fn apply_update(&self) {
        #[cfg(target_arch = "wasm32")]
        js::apply_update();
    }

    /// In the browser, once the app runs: follows the connection, registers the service
    /// worker (not when `embedded`: a host site's frame must not install one), and keeps
    /// it told which articles to store.
    pub fn start(&self, my: MyArticles, embedded: bool) {
        #[cfg(target_arch = "wasm32")]
        self.start_in_browser(my, embedded);
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (my, embedded);
    }

    #[cfg(target_arch = "wasm32")]
    fn start_in_browser(&self, my: MyArticles, embedded: bool) {
        use wasm_bindgen::prelude::*;

        let online = self.online;
        online.set(js::online());
        let changed = Closure::<dyn Fn(bool)>::new(move |now: bool| online.set(now));
        js::watch_connection(&changed);
        changed.forget();
        if embedded {
            return;
        }
        let update_ready = self.update_ready;
        let ready = Closure::<dyn Fn()>::new(move || update_ready.set(true));
        let stored = self.stored;
        let told = Closure::<dyn Fn(js_sys::Array)>::new(move |pages: js_sys::Array| {
            stored.set(Some(pages.iter().filter_map(|p| p.as_string()).collect()));
        });
        let flush_requested = self.flush_requested;
        let flush = Closure::<dyn Fn()>::new(move || flush_requested.update(|n| *n += 1));
        let base = crate::browser::base_path();
        let registered = js::register(&format!("{base}sw.js"), &base, &ready, &told, &flush);
        for closure in [ready, flush] {
            closure.forget();
        }
        told.forget();
        if registered {
            crate::effect::effect(move || {
                if my.is_ready() {
                    let pages = keep(&my.bookmarks.get(), &my.recent.get());
                    js::keep(pages.into_iter().map(JsValue::from).collect::<js_sys::Array>());
                }
            });
        }
    }
}

impl Default for Offline {
    fn default() -> Self {
        Self::new()
    }
}

/// The article's path below the base, as the service worker names it.
pub fn article_path(id: &ArticleId) -> String {
    Page::Article(id.clone()).href().trim_start_matches('/').to_string()
}

/// What the service worker keeps: every bookmark and the recent articles (the recent
/// list is capped at 50), each once.
pub fn keep(bookmarks: &[SavedArticle], recent: &[SavedArticle]) -> Vec<String> {
    let mut pages: Vec<String> = Vec::with_capacity(bookmarks.len() + recent.len());
    for entry in bookmarks.iter().chain(recent) {
        let path = article_path(&entry.id);
        if !pages.contains(&path) {
            pages.push(path);
        }
    }
    pages
}

/// Asks the browser to wake the service worker when the connection returns (Background
/// Sync, where the browser has it); it then asks open pages to send their outbox.
pub fn request_sync() {
    #[cfg(target_arch = "wasm32")]
    js::request_sync();
}

/// Whether a service worker answered this page: then it may be a copy stored on the
/// device, and what changes between visits (comments hidden or added since) is asked for
/// again after takeover.
pub fn served_by_worker() -> bool {
    #[cfg(target_arch = "wasm32")]
    return js::served_by_worker();
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Back to the previous page (history), or to `fallback` when there is none.
pub fn go_back(fallback: &str) {
    #[cfg(target_arch = "wasm32")]
    js::back(fallback);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = fallback;
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/offline.js")]
    extern "C" {
        pub fn online() -> bool;
        #[wasm_bindgen(js_name = watchConnection)]
        pub fn watch_connection(changed: &Closure<dyn Fn(bool)>);
        pub fn register(
            url: &str,
            scope: &str,
            update_ready: &Closure<dyn Fn()>,
            stored: &Closure<dyn Fn(js_sys::Array)>,
            flush: &Closure<dyn Fn()>,
        ) -> bool;
        #[wasm_bindgen(js_name = applyUpdate)]
        pub fn apply_update();
        pub fn keep(pages: js_sys::Array);
        pub fn back(fallback: &str);
        #[wasm_bindgen(js_name = requestSync)]
        pub fn request_sync();
        #[wasm_bindgen(js_name = servedByWorker)]
        pub fn served_by_worker() -> bool;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(id: &str) -> SavedArticle {
        SavedArticle { id: ArticleId::new(id), title: id.into(), issue: None, section: None, at: 0.0 }
    }

    #[test]
    fn keeps_bookmarks_and_recent_once_each() {
        let pages = keep(&[saved("a"), saved("b")], &[saved("b"), saved("c")]);
        assert_eq!(pages, ["artikel/a", "artikel/b", "artikel/c"]);
        assert!(keep(&[], &[]).is_empty());
    }
}
