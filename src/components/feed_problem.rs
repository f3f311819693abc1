//! What the reader sees when a page's data cannot be read, with a way to try again.

use leptos::prelude::*;

use crate::da;
use crate::feed::FeedError;
use crate::route::Page;
use crate::store::Store;

#[component]
pub fn FeedProblem(error: FeedError, page: Page) -> impl IntoView {
    let store = expect_context::<Store>();
    view! {
        <div class="problem" role="alert">
            <h1>{da::FEED_PROBLEM_TITLE}</h1>
            <p>{error.reader_message()}</p>
            <button type="button" class="button" on:click=move |_| store.load(&page)>{da::TRY_AGAIN}</button>
        </div>
    }
}
