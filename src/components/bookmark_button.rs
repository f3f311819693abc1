//! The "Gem som bogmærke" toggle.

use leptos::prelude::*;

use crate::da;
use crate::storage::{MyArticles, SavedArticle, toggle};

#[component]
pub fn BookmarkButton(
    entry: SavedArticle,
    /// Id of the element naming the article (lists have many buttons of the same name).
    #[prop(optional, into)]
    described_by: Option<String>,
) -> impl IntoView {
    let my = expect_context::<MyArticles>();
    let id = entry.id.clone();
    let pressed = Memo::new(move |_| my.is_bookmarked(&id));
    let on_click = move |_| {
        let mut entry = entry.clone();
        entry.at = crate::browser::now_ms();
        my.bookmarks.update(|list| toggle(list, entry));
    };
    view! {
        <button
            type="button"
            class="bookmark"
            aria-pressed=move || if pressed.get() { "true" } else { "false" }
            aria-describedby=described_by
            on:click=on_click
        >
            <span class="bookmark-icon" aria-hidden="true">{move || if pressed.get() { "★" } else { "☆" }}</span>
            {da::BOOKMARK}
        </button>
    }
}
