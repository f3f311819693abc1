//! The rating and comment widgets mounted in a real DOM. There is no API server behind
//! the test page, so every call fails: the widgets must roll back, keep the draft and
//! say so in Danish.
#![cfg(target_arch = "wasm32")]

use api_types::{Comment, CommentPage, RatingSummary};
use beboerblad::components::{Comments, RatingWidget};
use beboerblad::model::ArticleId;
use beboerblad::outbox::Outbox;
use beboerblad::storage::{DRAFTS_KEY, MyArticles, MyVoice};
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).unwrap_or_else(|| panic!("no document"))
}

fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap_or_else(|_| panic!("div"));
    document().body().unwrap_or_else(|| panic!("body")).append_child(&div).unwrap_or_else(|_| panic!("append"));
    div.unchecked_into()
}

fn contexts() {
    let my = MyArticles::new();
    my.mark_hydrated();
    provide_context(my);
    let voice = MyVoice::new(my.notice);
    provide_context(voice);
    provide_context(Outbox::new(voice, my.notice));
}

/// Waits until `done` holds (e.g. the fetches to the absent API have failed); fails the
/// test after five seconds.
async fn wait_until(what: &str, root: &web_sys::HtmlElement, done: impl Fn(&web_sys::HtmlElement) -> bool) {
    let start = js_sys::Date::now();
    loop {
        tick().await;
        if done(root) {
            return;
        }
        assert!(js_sys::Date::now() - start < 5000.0, "timed out after 5 s waiting for {what}");
        sleep_ms(20).await;
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap_or_else(|| panic!("window"))
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn rating_widget_offers_five_named_smileys_and_rolls_back_when_refused() {
    let root = container();
    let initial = RatingSummary { counts: [1, 0, 2, 0, 1], total: 4, average: Some(2.75), mine: None };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        contexts();
        view! { <RatingWidget article=ArticleId::new("test-artikel") initial=Some(initial)/> }
    });
    tick().await;
    let group = root.query_selector("[role=radiogroup]").ok().flatten().unwrap_or_else(|| panic!("radiogroup"));
    let labelled_by = group.get_attribute("aria-labelledby").unwrap_or_default();
    assert_eq!(text_of(&root, &format!("#{labelled_by}")), "Bedøm artiklen");
    let names: Vec<String> = (0..5)
        .filter_map(|i| root.query_selector_all(".smiley .visually-hidden").ok()?.item(i)?.text_content())
        .collect();
    assert_eq!(names, ["Øv - ikke god", "Nogenlunde", "OK", "Cool - god artikel", "Kan anbefales"]);
    assert!(root.text_content().unwrap_or_default().contains("Klik på en smiley - du kan skifte mening bagefter"));
    assert!(text_of(&root, ".distribution .meta").contains("4 bedømmelser · gennemsnit 2,8"));

    let radio: web_sys::HtmlInputElement =
        root.query_selector("input[value='4']").ok().flatten().unwrap_or_else(|| panic!("radio")).unchecked_into();
    radio.click();
    tick().await;
    assert!(text_of(&root, ".distribution .meta").starts_with("5 bedømmelser"), "optimistic update");
    wait_until("the refusal message", &root, |r| text_of(r, ".rating .live").contains("ikke gemt")).await;
    assert!(
        text_of(&root, ".rating .live").contains("Din bedømmelse blev ikke gemt"),
        "{}",
        text_of(&root, ".rating .live")
    );
    assert!(text_of(&root, ".distribution .meta").starts_with("4 bedømmelser"), "rolled back");
    assert!(!radio.checked(), "the choice is undone");
}

#[wasm_bindgen_test]
async fn comments_show_escaped_text_count_characters_and_keep_the_draft() {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).unwrap_or_else(|| panic!("storage"));
    storage.clear().unwrap_or_default();
    let root = container();
    let page = CommentPage {
        comments: vec![Comment {
            id: 7,
            name: "Ib".into(),
            body: "<b>fed?</b> se https://example.org/a.".into(),
            created_at: "2024-06-05T08:00:00Z".into(),
        }],
        next: None,
    };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        contexts();
        view! { <Comments article=ArticleId::new("test-artikel") initial=Some(page)/> }
    });
    tick().await;
    let body = root.query_selector(".comment-body").ok().flatten().unwrap_or_else(|| panic!("comment"));
    assert_eq!(body.query_selector("b").ok().flatten(), None, "comment HTML is shown as text");
    assert!(body.text_content().unwrap_or_default().starts_with("<b>fed?</b> se "));
    let link = body.query_selector("a").ok().flatten().unwrap_or_else(|| panic!("link"));
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.org/a"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("nofollow ugc noopener noreferrer"));

    let textarea: web_sys::HtmlTextAreaElement =
        root.query_selector("textarea").ok().flatten().unwrap_or_else(|| panic!("textarea")).unchecked_into();
    textarea.set_value("Hej med jer");
    let event = web_sys::Event::new("input").unwrap_or_else(|_| panic!("event"));
    textarea.dispatch_event(&event).unwrap_or_default();
    tick().await;
    assert_eq!(text_of(&root, ".counter"), "11 / 4000 tegn");
    wait_until("the stored draft", &root, |_| storage.get_item(DRAFTS_KEY).ok().flatten().is_some()).await;
    let drafts = storage.get_item(DRAFTS_KEY).ok().flatten().unwrap_or_default();
    assert!(drafts.contains("Hej med jer"), "{drafts}");

    // Sending fails without a name: said in Danish, the draft stays.
    let form: web_sys::HtmlFormElement =
        root.query_selector("form").ok().flatten().unwrap_or_else(|| panic!("form")).unchecked_into();
    form.request_submit().unwrap_or_default();
    tick().await;
    assert!(text_of(&root, ".comment-form .live").contains("Skriv dit navn."));
    assert_eq!(textarea.value(), "Hej med jer");
}

#[wasm_bindgen_test]
fn the_browser_makes_a_new_idempotency_key_the_server_takes_for_each_write() {
    let keys: Vec<String> = (0..20).map(|_| beboerblad::browser::random_key()).collect();
    for key in &keys {
        assert!(api_types::is_idempotency_key(key), "{key}");
    }
    let mut distinct = keys.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), keys.len(), "{keys:?}");
}

#[wasm_bindgen_test]
async fn a_comment_is_in_the_outbox_before_anything_is_sent_and_a_refusal_gives_it_back() {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).unwrap_or_else(|| panic!("storage"));
    storage.clear().unwrap_or_default();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        contexts();
        view! { <Comments article=ArticleId::new("udbakke-artikel") initial=Some(CommentPage { comments: vec![], next: None })/> }
    });
    tick().await;
    let name: web_sys::HtmlInputElement =
        root.query_selector("#kommentar-navn").ok().flatten().unwrap_or_else(|| panic!("name")).unchecked_into();
    name.set_value("Bo");
    name.dispatch_event(&web_sys::Event::new("input").unwrap_or_else(|_| panic!("event"))).unwrap_or_default();
    let textarea: web_sys::HtmlTextAreaElement =
        root.query_selector("textarea").ok().flatten().unwrap_or_else(|| panic!("textarea")).unchecked_into();
    textarea.set_value("Gemt før afsendelse");
    textarea.dispatch_event(&web_sys::Event::new("input").unwrap_or_else(|_| panic!("event"))).unwrap_or_default();
    tick().await;
    let form: web_sys::HtmlFormElement =
        root.query_selector("form").ok().flatten().unwrap_or_else(|| panic!("form")).unchecked_into();
    form.request_submit().unwrap_or_default();
    // Synchronously, before any request could be answered: stored under its key.
    let stored = storage.get_item(beboerblad::outbox::OUTBOX_KEY).ok().flatten().unwrap_or_default();
    let queued = beboerblad::outbox::decode(&stored).unwrap_or_else(|e| panic!("{e}: {stored}"));
    assert_eq!(queued.len(), 1, "{stored}");
    assert!(api_types::is_idempotency_key(&queued[0].key));
    // There is no API behind the test page: its 404 is a refusal, and the text comes back.
    wait_until("the refusal", &root, |r| text_of(r, ".comment-form .live").contains("Kommentaren blev ikke sendt"))
        .await;
    assert_eq!(textarea.value(), "Gemt før afsendelse", "the text is back in the form");
    assert_eq!(storage.get_item(beboerblad::outbox::OUTBOX_KEY).ok().flatten().as_deref(), Some("[]"));
    assert_eq!(root.query_selector(".comment.waiting").ok().flatten(), None);
}
