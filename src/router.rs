//! The address the app shows, and moving to another without loading a page: the app's own
//! small router. The app has one catch-all route (`route.rs` is the route table and
//! `CurrentPage` picks the page), so what it needs of a router is the current path and
//! query as signals, links inside the site followed in place (a history entry, the scroll
//! to the top or to the fragment), back and forward, and the request's address while the
//! server renders. leptos_router did the same with 40 KB of WASM (raw) for its general
//! route matching (issue 11).

use leptos::prelude::*;

/// The address of the request being rendered on the server (`/sub/soeg?q=ord`), provided
/// before the app is rendered.
#[derive(Clone, Debug)]
pub struct RequestAddress(pub String);

/// The current address, as signals.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path from the origin, the site's base included (`/sub/artikel/x`).
    pub pathname: RwSignal<String>,
    /// The query without its `?`, as written (percent-encoded).
    pub search: RwSignal<String>,
}

impl Location {
    /// Makes the app's location from the request's address (server) or the browser's, and
    /// in the browser follows links below `base` (the site's base path without its
    /// trailing `/`, empty at the root) and back and forward.
    pub fn provide(base: String) -> Self {
        let (pathname, search) = split(&current_address());
        let location = Self { pathname: RwSignal::new(pathname), search: RwSignal::new(search) };
        provide_context(location);
        #[cfg(target_arch = "wasm32")]
        imp::listen(location, base);
        #[cfg(not(target_arch = "wasm32"))]
        let _ = base;
        location
    }

    /// The value of `key` in the query, decoded (`+` and `%20` are spaces); tracked.
    pub fn query(&self, key: &str) -> Option<String> {
        self.search.with(|search| query_value(search, key))
    }
}

/// The app's location (see [`Location::provide`]).
pub fn use_location() -> Location {
    expect_context()
}

/// Goes to `to`, a path from the origin with its query and fragment, in the app: a new
/// history entry, the page shown, the scroll at the top (or at the fragment).
pub fn navigate(to: &str) {
    #[cfg(target_arch = "wasm32")]
    imp::go(use_location(), to, true);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = to;
}

/// `/a/b?q=1#x` → (`/a/b`, `q=1`): the fragment is not part of the location.
fn split(address: &str) -> (String, String) {
    let address = address.split('#').next().unwrap_or_default();
    match address.split_once('?') {
        Some((path, search)) => (path.to_string(), search.to_string()),
        None => (address.to_string(), String::new()),
    }
}

fn query_value(search: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(search.as_bytes()).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

fn current_address() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        imp::browser_address()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use_context::<RequestAddress>().map_or_else(|| "/".to_string(), |a| a.0)
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Element, HtmlAnchorElement, MouseEvent};

    use super::{Location, split};

    pub fn browser_address() -> String {
        let location = window().location();
        format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
    }

    pub fn listen(location: Location, base: String) {
        let click = Closure::<dyn Fn(MouseEvent)>::new(move |event: MouseEvent| follow(location, &base, &event));
        let _ = window().add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
        click.forget();
        // Back and forward: the browser has changed the address (and restores the scroll).
        let moved = Closure::<dyn Fn()>::new(move || set(location, &browser_address()));
        let _ = window().add_event_listener_with_callback("popstate", moved.as_ref().unchecked_ref());
        moved.forget();
    }

    /// A click on a link the app can show itself: the same origin, below the site's base,
    /// no modifier key, no other target, no download, not `rel="external"`.
    fn follow(location: Location, base: &str, event: &MouseEvent) {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.alt_key()
            || event.ctrl_key()
            || event.shift_key()
        {
            return;
        }
        let Some(link) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let rel = link.rel();
        if !link.target().is_empty()
            || link.has_attribute("download")
            || rel.split_ascii_whitespace().any(|r| r == "external")
            || window().location().origin().ok() != Some(link.origin())
        {
            return;
        }
        let path = link.pathname();
        if !base.is_empty() && path != base && !path.starts_with(&format!("{base}/")) {
            return;
        }
        event.prevent_default();
        let scroll = !link.has_attribute("noscroll") && !link.has_attribute("data-noscroll");
        go(location, &format!("{path}{}{}", link.search(), link.hash()), scroll);
    }

    /// A new history entry for `to` and the page for it; then, before the next frame is
    /// painted (the new page drawn), the scroll at the fragment's element or at the top.
    pub fn go(location: Location, to: &str, scroll: bool) {
        let here = window().location();
        let same = format!(
            "{}{}{}",
            here.pathname().unwrap_or_default(),
            here.search().unwrap_or_default(),
            here.hash().unwrap_or_default()
        ) == to;
        if !same && let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to));
        }
        set(location, to);
        let fragment = to.split_once('#').map(|(_, f)| f.to_string());
        let _ = request_animation_frame(move || {
            let target = fragment
                .filter(|f| !f.is_empty())
                .map(|f| js_sys::decode_uri_component(&f).ok().and_then(|d| d.as_string()).unwrap_or(f))
                .and_then(|id| document().get_element_by_id(&id));
            match target {
                Some(element) => element.scroll_into_view(),
                None if scroll => window().scroll_to_with_x_and_y(0.0, 0.0),
                None => {}
            }
        });
    }

    fn set(location: Location, address: &str) {
        let (pathname, search) = split(address);
        if location.pathname.get_untracked() != pathname {
            location.pathname.set(pathname);
        }
        if location.search.get_untracked() != search {
            location.search.set(search);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_splits_into_path_and_query_without_its_fragment() {
        assert_eq!(split("/sub/soeg?q=gr%C3%B8n+have#top"), ("/sub/soeg".into(), "q=gr%C3%B8n+have".into()));
        assert_eq!(split("/artikel/x#kommentarer"), ("/artikel/x".into(), String::new()));
        assert_eq!(split("/"), ("/".into(), String::new()));
    }

    #[test]
    fn query_values_are_decoded_as_a_form_writes_them() {
        assert_eq!(query_value("q=gr%C3%B8n+have&side=2", "q").as_deref(), Some("grøn have"));
        assert_eq!(query_value("q=gr%C3%B8n+have&side=2", "side").as_deref(), Some("2"));
        assert_eq!(query_value("q=a", "side"), None);
        assert_eq!(query_value("", "q"), None);
    }
}
