//! Small status messages: loading, and the quiet storage notice.

use leptos::prelude::*;

use crate::da;
use crate::site::Site;
use crate::storage::MyArticles;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{da::LOADING}</p> }
}

/// A polite live region, present from the start so screen readers announce changes.
/// Problems found while the app starts are shown once it has taken over the page (the
/// server's markup has no notice, and the first render must match it). Embedded in
/// another site's page, a browser that gives frames no storage is the normal case there,
/// not a fault: the lists pages say so (`pages/my_lists.rs`), not a notice on every page.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let my = expect_context::<MyArticles>();
    let embedded = Site::current().embedded();
    let shown = move || my.notice.get().filter(|text| !(embedded && *text == da::STORAGE_UNAVAILABLE));
    view! {
        <div class="notice" role="status" aria-live="polite">
            {move || my.is_ready().then(shown).flatten().map(|text| view! {
                <p>
                    {text}" "
                    <button type="button" class="link-button" on:click=move |_| my.notice.set(None)>{da::OK}</button>
                </p>
            })}
        </div>
    }
}
