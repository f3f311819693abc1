//! Components mounted in a real DOM (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use beboerblad::components::{BookmarkButton, FeedProblem, SideColumn};
use beboerblad::feed::FeedError;
use beboerblad::model::SafeHtml;
use beboerblad::model::{ArticleId, Magazine, Section, SectionId};
use beboerblad::sanitize::sanitize_again;
use beboerblad::storage::{BOOKMARKS_KEY, MyArticles, RECENT_KEY, SavedArticle, visit};
use beboerblad::store::Store;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).unwrap_or_else(|| panic!("no document"))
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).unwrap_or_else(|| panic!("no localStorage"))
}

fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap_or_else(|_| panic!("div"));
    document().body().unwrap_or_else(|| panic!("body")).append_child(&div).unwrap_or_else(|_| panic!("append"));
    div.unchecked_into()
}

fn entry(id: &str) -> SavedArticle {
    SavedArticle {
        id: ArticleId::new(id),
        title: format!("Titel {id}"),
        issue: Some("2024-05 juni".into()),
        section: Some("Nyt".into()),
        at: 0.0,
    }
}

#[wasm_bindgen_test]
async fn bookmark_button_toggles_and_persists() {
    local_storage().clear().unwrap_or_default();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        let my = MyArticles::new();
        my.mark_hydrated();
        provide_context(my);
        view! { <BookmarkButton entry=entry("a")/> }
    });
    tick().await;
    let button = root.query_selector("button").ok().flatten().unwrap_or_else(|| panic!("button"));
    assert!(button.text_content().unwrap_or_default().contains("Gem som bogmærke"));
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("false"));

    button.unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    tick().await;
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("true"));
    let stored = local_storage().get_item(BOOKMARKS_KEY).ok().flatten().unwrap_or_default();
    assert!(stored.contains("\"id\":\"a\"") && stored.contains("Titel a"), "{stored}");

    button.unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    tick().await;
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("false"));
    let stored = local_storage().get_item(BOOKMARKS_KEY).ok().flatten().unwrap_or_default();
    assert_eq!(stored, "[]");
}

/// The titles listed under the side column's heading `heading`.
fn side_titles(root: &web_sys::HtmlElement, heading: &str) -> Vec<String> {
    let blocks = root.query_selector_all(".side-block").unwrap_or_else(|_| panic!("blocks"));
    (0..blocks.length())
        .filter_map(|i| blocks.item(i))
        .map(|b| b.unchecked_into::<web_sys::Element>())
        .find(|b| b.query_selector("h2").ok().flatten().and_then(|h| h.text_content()).as_deref() == Some(heading))
        .map(|b| {
            let links = b.query_selector_all(".side-list li a").unwrap_or_else(|_| panic!("links"));
            (0..links.length()).filter_map(|i| links.item(i)).filter_map(|l| l.text_content()).collect()
        })
        .unwrap_or_else(|| panic!("no block {heading}"))
}

#[wasm_bindgen_test]
async fn side_column_shows_the_five_newest_and_follows_the_lists() {
    // Only "Mine seneste": the other tests here use the bookmarks' key at the same time.
    local_storage().remove_item(RECENT_KEY).unwrap_or_default();
    let root = container();
    let magazine =
        Magazine { sections: vec![Section { id: SectionId::new("nyt"), name: "Nyt".into() }], ..Magazine::default() };
    // The lists are opened inside the mount, where the reactive runtime runs.
    let opened = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = opened.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let my = MyArticles::new();
        slot.set(Some(my));
        provide_context(my);
        view! { <SideColumn magazine=std::sync::Arc::new(magazine)/> }
    });
    let my = opened.get().unwrap_or_else(|| panic!("mounted"));
    tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        !text.contains("Du har ikke læst nogen artikler endnu."),
        "nothing said before the lists can be read: {text}"
    );
    assert!(root.query_selector(r#"a[href="/sektion/nyt"]"#).ok().flatten().is_some(), "the sections");

    my.mark_hydrated();
    tick().await;
    assert!(root.text_content().unwrap_or_default().contains("Du har ikke læst nogen artikler endnu."));
    for id in ["r1", "r2", "r3", "r4", "r5", "r6", "r7"] {
        my.recent.update(|l| visit(l, entry(id)));
    }
    tick().await;
    tick().await;
    assert_eq!(
        side_titles(&root, "Mine seneste artikler"),
        ["Titel r7", "Titel r6", "Titel r5", "Titel r4", "Titel r3"]
    );
    assert!(!root.text_content().unwrap_or_default().contains("Du har ikke læst nogen artikler endnu."));
    my.recent.update(|l| visit(l, entry("r2")));
    tick().await;
    tick().await;
    assert_eq!(
        side_titles(&root, "Mine seneste artikler"),
        ["Titel r2", "Titel r7", "Titel r6", "Titel r5", "Titel r4"]
    );
}

#[wasm_bindgen_test]
async fn corrupt_storage_keeps_a_copy_and_tells_the_reader() {
    local_storage().clear().unwrap_or_default();
    local_storage().set_item(BOOKMARKS_KEY, "{ikke json").unwrap_or_default();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        let my = MyArticles::new();
        my.mark_hydrated();
        provide_context(my);
        view! {
            <BookmarkButton entry=entry("b")/>
            <beboerblad::components::StorageNotice/>
        }
    });
    tick().await;
    let notice = root.query_selector("[role=status]").ok().flatten().unwrap_or_else(|| panic!("notice"));
    assert!(notice.text_content().unwrap_or_default().contains("kunne ikke læses"), "{:?}", notice.text_content());
    let copy = local_storage().get_item(&format!("{BOOKMARKS_KEY}.ulaeselig")).ok().flatten();
    assert_eq!(copy.as_deref(), Some("{ikke json"));
    // Still usable: a new bookmark is saved.
    let button = root.query_selector("button.bookmark").ok().flatten().unwrap_or_else(|| panic!("button"));
    button.unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    tick().await;
    let stored = local_storage().get_item(BOOKMARKS_KEY).ok().flatten().unwrap_or_default();
    assert!(stored.contains("\"id\":\"b\""), "{stored}");
}

#[wasm_bindgen_test]
async fn feed_problem_offers_retry() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(Store::new(None));
        view! { <FeedProblem error=FeedError::Http(503) page=beboerblad::route::Page::Archive(1)/> }
    });
    tick().await;
    let alert = root.query_selector("[role=alert]").ok().flatten().unwrap_or_else(|| panic!("alert"));
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("Bladets server svarede med en fejl"), "{text}");
    let button = alert.query_selector("button").ok().flatten().unwrap_or_else(|| panic!("button"));
    assert_eq!(button.text_content().as_deref(), Some("Prøv igen"));
}

/// Bodies come sanitised by the server; where the browser has the HTML Sanitizer API it
/// cleans them once more (defence in depth) and keeps what the server's sanitiser writes.
#[wasm_bindgen_test]
fn the_browsers_sanitiser_cleans_bodies_once_more_where_there_is_one() {
    let served = r#"<p>Hej <a href="https://example.org/" rel="noopener noreferrer">ok</a> <img src="/images/x.jpg" alt="Et billede" loading="lazy"></p>"#;
    let dirty = r#"<p onclick="x()">Hej <script>alert(1)</script><iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">link</a></p>"#;
    let has_set_html =
        js_sys::Reflect::get(&document().create_element("div").unwrap_or_else(|_| panic!("div")), &"setHTML".into())
            .is_ok_and(|f| f.is_function());
    let again = |html: &str| sanitize_again(SafeHtml::from_sanitized(html.into())).as_str().to_string();
    assert_eq!(again(served), served, "what the server writes stays as it is");
    let cleaned = again(dirty);
    if has_set_html {
        for bad in ["script", "onclick", "iframe", "javascript"] {
            assert!(!cleaned.contains(bad), "{bad} survived: {cleaned}");
        }
        assert!(cleaned.contains("Hej") && cleaned.contains("link"), "{cleaned}");
    } else {
        assert_eq!(cleaned, dirty, "without the API the server's sanitising stands alone");
    }
}
