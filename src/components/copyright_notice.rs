//! The copyright notice under an article: its own, or the publication's.

use leptos::prelude::*;

#[component]
pub fn CopyrightNotice(notice: Option<String>) -> impl IntoView {
    notice.map(|n| view! { <p class="copyright">{n}</p> })
}
