//! `/sektion/:section`: a section's newest articles, newest first (the older ones are in
//! the archive).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleList;
use crate::da;
use crate::model::{Magazine, SectionId};
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn SectionPage(magazine: Arc<Magazine>, id: SectionId) -> impl IntoView {
    let name = magazine.section(&id).map(|s| s.name.clone()).unwrap_or_default();
    let (articles, more) = magazine.section_page(&id);
    let articles: Vec<_> = articles.into_iter().cloned().collect();
    let older = more.then(|| {
        view! { <p class="more"><a href=Site::current().href(&Page::Archive(1))>{da::OLDER_IN_ARCHIVE}</a></p> }
    });
    view! {
        <h1>{name}</h1>
        <ArticleList articles magazine=magazine.clone() level=2/>
        {older}
    }
}
