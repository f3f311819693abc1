//! `/kolofon`: the colophon and how to reach the editors, from the feed's publication.

use std::sync::Arc;

use leptos::prelude::*;

use crate::da;
use crate::model::Magazine;

#[component]
pub fn ColophonPage(magazine: Arc<Magazine>) -> impl IntoView {
    let p = magazine.publication.clone();
    let home = p.home_page_url.map(|u| {
        let href = u.clone();
        view! { <p><a href=href>{u}</a></p> }
    });
    view! {
        <div class="colophon-page">
            <h1>{da::COLOPHON_TITLE}</h1>
            <p class="lead">{p.name}{p.description.map(|d| format!(" – {d}"))}</p>
            {paragraphs(p.colophon)}
            <h2>{da::COLOPHON_CONTACT}</h2>
            {paragraphs(p.contact)}
            {home}
        </div>
    }
}

/// A text from the feed, one paragraph per line.
fn paragraphs(text: Option<String>) -> Vec<AnyView> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| view! { <p>{l.to_string()}</p> }.into_any())
        .collect()
}
