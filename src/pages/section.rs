//! `/sektion/:section`: a section's articles, newest first.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleList;
use crate::model::{Magazine, SectionId};

#[component]
pub fn SectionPage(magazine: Arc<Magazine>, id: SectionId) -> impl IntoView {
    let name = magazine.section(&id).map(|s| s.name.clone()).unwrap_or_default();
    let articles: Vec<_> = magazine.section_articles(&id).into_iter().cloned().collect();
    view! {
        <h1>{name}</h1>
        <ArticleList articles magazine=magazine.clone() level=2/>
    }
}
