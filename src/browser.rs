//! Browser APIs the app needs besides storage: the configured feed URL, fetching the
//! Browser APIs the app needs besides storage: the configured feed URL, fetching the
//! feed's page files, the page data island, the base path and embed mode, the document
//! title, the clock, random keys, whether the browser is online and running start-up
//! work in tasks of its own. On the server these are inert stand-ins; render code never
//! calls the browser directly.

use crate::feed::FeedError;
use crate::model::Magazine;
use crate::page_data::PageData;

/// `<meta name="beboerblad-feed" content="…">` in index.html sets the feed's URL.
pub const FEED_META: &str = "beboerblad-feed";
pub const DEFAULT_FEED: &str = "feed.json";
/// `<meta name="beboerblad-base" content="/sub/path/">`, written by the server into every
/// page: the path the reader is served under (see `site::BasePath`).
pub const BASE_META: &str = "beboerblad-base";
/// `<html data-embed>`: the server rendered the page for another site's frame.
pub const EMBED_ATTRIBUTE: &str = "data-embed";
/// `<meta name="beboerblad-embed" content="embed=…&…">` on such a page: the embed options
/// as a query string, which every link inside the embed carries on.
pub const EMBED_META: &str = "beboerblad-embed";
/// `<meta name="beboerblad-picture-variants" content="webp">`, written by the server into
/// every page: it makes the pictures' WebP copies (`crate::picture`), so the app may name
/// them. Absent on a static deployment of `dist/`.
pub const PICTURE_VARIANTS_META: &str = "beboerblad-picture-variants";

#[cfg(target_arch = "wasm32")]
mod imp {
    use gloo_net::http::Request;
    use wasm_bindgen::JsCast;

    use super::*;
    use crate::feed;

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    /// What a failed request says (the browser's own words). Not gloo-net's `Display`,
    /// which would bring serde_json's error texts into the app for a kind of error its
    /// requests never give (issue 11: size).
    pub fn net_error(error: gloo_net::Error) -> String {
        match error {
            gloo_net::Error::JsError(e) => format!("{}: {}", e.name, e.message),
            gloo_net::Error::GlooError(text) => text,
            _ => "JSON".into(),
        }
    }

    /// The trimmed, non-empty content of `<meta name="…">`, if the page has one.
    pub fn meta_content(name: &str) -> Option<String> {
        document()?
            .query_selector(&format!("meta[name=\"{name}\"]"))
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlMetaElement>()
            .ok()
            .map(|m| m.content().trim().to_string())
            .filter(|c| !c.is_empty())
    }

    /// Removes whatever is in `<body>` (before rendering the app from scratch).
    pub fn clear_body() {
        if let Some(body) = document().and_then(|d| d.body()) {
            body.set_inner_html("");
        }
    }

    /// The feed's URL from the meta tag (a relative one is resolved by `fetch` against the
    /// page); without one, `feed.json` under the base path.
    pub fn feed_url() -> String {
        meta_content(FEED_META).unwrap_or_else(|| format!("{}{DEFAULT_FEED}", base_path()))
    }

    /// The path the reader is served under, from `<meta name="beboerblad-base">` (the
    /// server checked it): always starts and ends with `/`; `/` when the page has none.
    pub fn base_path() -> String {
        meta_content(BASE_META).filter(|c| c.starts_with('/') && c.ends_with('/')).unwrap_or_else(|| "/".into())
    }

    /// Whether the reader runs inside another page's frame (embed mode, or framed at
    /// all): no service worker, no install prompt there.
    pub fn embedded() -> bool {
        let marked =
            document().and_then(|d| d.document_element()).is_some_and(|html| html.has_attribute(EMBED_ATTRIBUTE));
        let framed = web_sys::window().is_some_and(|w| match (w.top(), w.self_()) {
            (Ok(Some(top)), me) => !js_sys::Object::is(top.as_ref(), me.as_ref()),
            _ => false,
        });
        marked || framed
    }

    /// The embed options of an embed page (see [`EMBED_META`]).
    pub fn embed_options() -> Option<String> {
        meta_content(EMBED_META)
    }

    pub fn picture_variants() -> bool {
        meta_content(PICTURE_VARIANTS_META).is_some()
    }

    /// The page's origin (`https://blad.example`).
    pub fn origin() -> String {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }

    /// Fetches one file of the feed our server publishes (`file` relative to the feed's
    /// directory: a page's file, see `Page::data_file`) and reads it strictly; each body
    /// passes the browser's own sanitiser once more where there is one.
    pub async fn fetch_page_file(file: &str) -> Result<Magazine, FeedError> {
        let feed = feed_url();
        let dir = &feed[..feed.rfind('/').map_or(0, |i| i + 1)];
        let response =
            Request::get(&format!("{dir}{file}")).send().await.map_err(|e| FeedError::Network(net_error(e)))?;
        if !response.ok() {
            return Err(FeedError::Http(response.status()));
        }
        feed::check_content_type(response.headers().get("Content-Type").as_deref())?;
        let text = response.text().await.map_err(|e| FeedError::Network(net_error(e)))?;
        let mut magazine = feed::decode(&text)?;
        for article in &mut magazine.articles {
            article.body = article.body.take().map(crate::sanitize::sanitize_again);
        }
        Ok(magazine)
    }

    /// The data the server rendered this page from, if it sent any.
    pub fn page_data() -> Option<PageData> {
        let script = document()?.get_element_by_id(crate::page_data::PAGE_DATA_ID)?;
        crate::json::read(&script.text_content()?).ok()
    }

    pub fn set_title(title: &str) {
        if let Some(d) = document() {
            d.set_title(title);
        }
    }

    pub fn now_ms() -> f64 {
        js_sys::Date::now()
    }

    /// 32 random hex digits from the browser's cryptographic generator (which works in
    /// insecure contexts too), e.g. for an idempotency key.
    pub fn random_key() -> String {
        let mut bytes = [0u8; 16];
        let filled = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
        if !filled {
            // No crypto (very old browser): time and Math.random still make keys that
            // differ between one reader's writes, which is all a key needs.
            let seed = js_sys::Date::now().to_bits() ^ (js_sys::Math::random() * 1e16) as u64;
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            bytes[8..].copy_from_slice(&((js_sys::Math::random() * 1e16) as u64).to_le_bytes());
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether the browser believes it has a network (`navigator.onLine`): `false` is
    /// certain, `true` is not (the network may still not reach our server).
    pub fn is_online() -> bool {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }

    /// Whether the reader asked the browser to save data (`navigator.connection.saveData`,
    /// where the browser has it): then nothing is fetched ahead of them.
    pub fn saves_data() -> bool {
        let Some(window) = web_sys::window() else { return false };
        js_sys::Reflect::get(&window.navigator(), &"connection".into())
            .ok()
            .filter(wasm_bindgen::JsValue::is_object)
            .and_then(|c| js_sys::Reflect::get(&c, &"saveData".into()).ok())
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Focuses the new page's heading (`<h1>` in `<main id="indhold">`), or `<main>`
    /// itself when the page has none yet, without scrolling; returns the heading's text.
    pub fn focus_content() -> Option<String> {
        use wasm_bindgen::JsCast;
        let document = document()?;
        let heading = document.query_selector("#indhold h1").ok().flatten();
        let target = heading.clone().or_else(|| document.get_element_by_id("indhold"))?;
        if heading.is_some() && !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = target.dyn_into::<web_sys::HtmlElement>().ok()?.focus_with_options(&options);
        heading.and_then(|h| h.text_content()).map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// Marks `<html data-app="ready">` once the app runs (tests and scripts wait for it).
    pub fn mark_ready() {
        if let Some(html) = document().and_then(|d| d.document_element()) {
            let _ = html.set_attribute("data-app", "ready");
        }
    }

    /// Runs `steps` one after another, each in a task of its own (a zero timeout) under
    /// the reactive owner current now: between two steps the browser may paint and
    /// answer the reader (issue 11: no task over 50 ms while the app takes over).
    pub fn in_turn(steps: Vec<Box<dyn FnOnce()>>) {
        fn next(owner: Option<leptos::prelude::Owner>, mut steps: std::vec::IntoIter<Box<dyn FnOnce()>>) {
            if let Some(step) = steps.next() {
                // A window's setTimeout does not fail.
                let _ = leptos::prelude::set_timeout(
                    move || {
                        match &owner {
                            Some(owner) => owner.with(step),
                            None => step(),
                        }
                        next(owner, steps);
                    },
                    std::time::Duration::ZERO,
                );
            }
        }
        next(leptos::prelude::Owner::current(), steps.into_iter());
    }

    /// Runs `f` once the browser has painted the next frame and is idle (an idle
    /// callback asked for in that frame's animation callback; a zero timeout where the
    /// browser has none, e.g. Safari), under the reactive owner current now: work a new
    /// page needs soon but not in its first frame, so a navigation inside the app paints
    /// the new page first and answers the reader before this (issue 11: click to new
    /// text ≤ 50 ms).
    pub fn after_paint(f: impl FnOnce() + 'static) {
        // One concrete function for every caller (issue 11: size).
        fn schedule(f: Box<dyn FnOnce()>) {
            let owner = leptos::prelude::Owner::current();
            let _ = leptos::prelude::request_animation_frame(move || {
                let Some(window) = web_sys::window() else { return };
                let run = wasm_bindgen::closure::Closure::once_into_js(move || match owner {
                    Some(owner) => owner.with(f),
                    None => f(),
                });
                let run: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&run);
                let options = web_sys::IdleRequestOptions::new();
                // At the latest after a second on a page that is never idle.
                options.set_timeout(1000);
                if window.request_idle_callback_with_options(run, &options).is_err() {
                    let _ = window.set_timeout_with_callback(run);
                }
            });
        }
        schedule(Box::new(f));
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;

    pub fn feed_url() -> String {
        format!("/{DEFAULT_FEED}")
    }

    pub fn base_path() -> String {
        "/".into()
    }

    pub fn embedded() -> bool {
        false
    }

    pub fn embed_options() -> Option<String> {
        None
    }

    pub fn picture_variants() -> bool {
        false
    }

    pub fn origin() -> String {
        String::new()
    }

    pub async fn fetch_page_file(_file: &str) -> Result<Magazine, FeedError> {
        Err(FeedError::Network("no browser".into()))
    }

    pub fn page_data() -> Option<PageData> {
        None
    }

    pub fn set_title(_title: &str) {}

    pub fn now_ms() -> f64 {
        0.0
    }

    pub fn random_key() -> String {
        "no-browser-no-random-key".into()
    }

    pub fn is_online() -> bool {
        true
    }

    pub fn saves_data() -> bool {
        false
    }

    pub fn mark_ready() {}

    /// Without a browser there is no task to wait for: the steps run now, in order.
    pub fn in_turn(steps: Vec<Box<dyn FnOnce()>>) {
        steps.into_iter().for_each(|step| step());
    }

    /// Without a browser nothing is painted: `f` runs now.
    pub fn after_paint(f: impl FnOnce() + 'static) {
        f();
    }

    pub fn focus_content() -> Option<String> {
        None
    }
}

pub use imp::*;
