//! Small status messages: loading, and the quiet storage notice.

use leptos::prelude::*;

use crate::da;
use crate::storage::MyArticles;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{da::LOADING}</p> }
}

/// A polite live region, present from the start so screen readers announce changes.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let my = expect_context::<MyArticles>();
    view! {
        <div class="notice" role="status" aria-live="polite">
            {move || my.notice.get().map(|text| view! {
                <p>
                    {text}" "
                    <button type="button" class="link-button" on:click=move |_| my.notice.set(None)>{da::OK}</button>
                </p>
            })}
        </div>
    }
}
