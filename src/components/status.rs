//! Small status messages: loading, and the quiet storage notice.

use leptos::prelude::*;

use crate::da;
use crate::storage::MyArticles;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{da::LOADING}</p> }
}

/// A polite live region, present from the start so screen readers announce changes.
/// Problems found while the app starts are shown once it has taken over the page (the
/// server's markup has no notice, and the first render must match it).
#[component]
pub fn StorageNotice() -> impl IntoView {
    let my = expect_context::<MyArticles>();
    view! {
        <div class="notice" role="status" aria-live="polite">
            {move || my.is_ready().then(|| my.notice.get()).flatten().map(|text| view! {
                <p>
                    {text}" "
                    <button type="button" class="link-button" on:click=move |_| my.notice.set(None)>{da::OK}</button>
                </p>
            })}
        </div>
    }
}
