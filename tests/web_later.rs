//! `later`: a part of a page hydrated after the rest, and made anew only after the paint
//! when its page changes (issue 11). In a real DOM (headless Chromium, wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use beboerblad::later::later;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container(html: &str) -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).unwrap_or_else(|| panic!("no document"));
    let div: web_sys::HtmlElement = document.create_element("div").unwrap_or_else(|_| panic!("div")).unchecked_into();
    div.set_inner_html(html);
    document.body().unwrap_or_else(|| panic!("body")).append_child(&div).unwrap_or_else(|_| panic!("append"));
    div
}

/// Resolves in a task queued now (a zero timeout): after the tasks queued before it.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap_or_else(|| panic!("window"))
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once what the page asked to run after the next paint before now has run (the
/// app's own `after_paint`, whose callbacks run in the order asked).
async fn painted() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        beboerblad::browser::after_paint(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn part(root: &web_sys::HtmlElement) -> web_sys::HtmlElement {
    root.query_selector(".part").ok().flatten().unwrap_or_else(|| panic!("no part")).unchecked_into()
}

#[wasm_bindgen_test]
async fn a_part_is_hydrated_in_a_task_after_the_rest_even_inside_an_any_view() {
    // The server's markup of the view below.
    let root = container(
        r#"<div class="page"><button class="rest">Resten</button><button class="part">Senere</button></div>"#,
    );
    let rest = RwSignal::new(0);
    let later_clicks = RwSignal::new(0);
    let _handle = leptos::mount::hydrate_from(root.clone(), move || {
        // Every page is an `AnyView`: the part must stay a part through `into_any`.
        view! {
            <div class="page">
                <button class="rest" on:click=move |_| rest.update(|n| *n += 1)>"Resten"</button>
                {later(move || view! {
                    <button class="part" on:click=move |_| later_clicks.update(|n| *n += 1)>"Senere"</button>
                })}
            </div>
        }
        .into_any()
    });
    let rest_button: web_sys::HtmlElement =
        root.query_selector(".rest").ok().flatten().unwrap_or_else(|| panic!("rest")).unchecked_into();
    // In hydration's own task: the rest answers, the part is still the server's markup.
    rest_button.click();
    part(&root).click();
    assert_eq!(rest.get_untracked(), 1, "the rest is hydrated at once");
    assert_eq!(later_clicks.get_untracked(), 0, "the part is not hydrated in the same task");
    next_task().await;
    part(&root).click();
    assert_eq!(later_clicks.get_untracked(), 1, "the part is hydrated in the next task");
    assert_eq!(root.query_selector_all(".part").map(|l| l.length()).unwrap_or(0), 1, "hydrated in place");
}

#[wasm_bindgen_test]
async fn a_part_is_made_in_its_own_task_under_the_page_s_owner() {
    // Making a part (its component's code) is work as well: none of it in hydration's task.
    let root = container(r#"<div class="page"><p class="part">Senere</p></div>"#);
    let made = RwSignal::new(0);
    let seen = RwSignal::new(None::<&'static str>);
    let _handle = leptos::mount::hydrate_from(root.clone(), move || {
        // What the page provides, the part sees, though it is made after the page.
        provide_context("sidens kontekst");
        view! {
            <div class="page">
                {later(move || {
                    made.update(|n| *n += 1);
                    seen.set(use_context::<&'static str>());
                    view! { <p class="part">"Senere"</p> }
                })}
            </div>
        }
        .into_any()
    });
    assert_eq!(made.get_untracked(), 0, "not made in hydration's task");
    next_task().await;
    assert_eq!(made.get_untracked(), 1, "made in the next task, once");
    assert_eq!(seen.get_untracked(), Some("sidens kontekst"), "under the page's owner");
    assert_eq!(root.query_selector_all(".part").map(|l| l.length()).unwrap_or(0), 1, "hydrated in place");
}

#[wasm_bindgen_test]
async fn a_changed_page_remakes_the_part_after_the_paint_and_only_the_newest() {
    let root = container("");
    let page = RwSignal::new(0);
    let made = RwSignal::new(Vec::<i32>::new());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <div>
                {move || {
                    let n = page.get();
                    view! {
                        <h1>{format!("Side {n}")}</h1>
                        {later(move || {
                            made.update(|m| m.push(n));
                            view! { <p class="part">{format!("Del af side {n}")}</p> }
                        })}
                    }
                }}
            </div>
        }
    });
    tick().await;
    assert_eq!(part(&root).text_content().as_deref(), Some("Del af side 0"), "built at once");
    assert!(!part(&root).has_attribute("inert"));

    page.set(1);
    tick().await;
    page.set(2);
    tick().await;
    let heading = root.query_selector("h1").ok().flatten().and_then(|h| h.text_content());
    assert_eq!(heading.as_deref(), Some("Side 2"), "the rest follows the page at once");
    assert_eq!(part(&root).text_content().as_deref(), Some("Del af side 0"), "the part waits for the paint");
    assert!(part(&root).has_attribute("inert"), "the waiting part cannot be used");

    painted().await;
    tick().await;
    assert_eq!(
        part(&root).text_content().as_deref(),
        Some("Del af side 2"),
        "made for the newest page ({:?})",
        made.get_untracked()
    );
    assert!(!part(&root).has_attribute("inert"), "usable again");
    assert_eq!(made.get_untracked(), vec![0, 2], "the page left before the paint is never made");
}

#[wasm_bindgen_test]
async fn a_part_right_for_any_page_stays_usable_while_it_waits() {
    let root = container("");
    let page = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <div>
                {move || {
                    let n = page.get();
                    later(move || view! { <p class="part">{format!("Del af side {n}")}</p> }).usable_while_waiting()
                }}
            </div>
        }
    });
    tick().await;
    page.set(1);
    tick().await;
    assert_eq!(part(&root).text_content().as_deref(), Some("Del af side 0"), "the part waits for the paint");
    assert!(!part(&root).has_attribute("inert"), "and can be used meanwhile");
    painted().await;
    tick().await;
    assert_eq!(part(&root).text_content().as_deref(), Some("Del af side 1"));
    assert!(!part(&root).has_attribute("inert"));
}
