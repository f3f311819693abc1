//! `/sektion/:section`: a section's articles, newest first.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleCard;
use crate::model::{Magazine, SectionId};

#[component]
pub fn SectionPage(magazine: Arc<Magazine>, id: SectionId) -> impl IntoView {
    let name = magazine.section(&id).map(|s| s.name.clone()).unwrap_or_default();
    let cards = magazine
        .section_articles(&id)
        .into_iter()
        .map(|a| view! { <li><ArticleCard article=a.clone() magazine=magazine.clone() level=2/></li> })
        .collect_view();
    view! {
        <h1>{name}</h1>
        <ul class="cards">{cards}</ul>
    }
}
