//! `/sektion/:section` and `/sektion/:section/:n`: a section's articles, newest first, a
//! page at a time (as the archive is), so that a section of ten thousand articles is as
//! light to open as one of eight.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleList, Pager};
use crate::da;
use crate::model::{Magazine, SectionId};
use crate::route::Page;

#[component]
pub fn SectionPage(magazine: Arc<Magazine>, id: SectionId, number: u32) -> impl IntoView {
    let name = magazine.section(&id).map(|s| s.name.clone()).unwrap_or_default();
    let page = magazine.section_page(&id, number);
    let (pages, total) = (page.pages, page.total);
    let articles: Vec<_> = page.articles.into_iter().cloned().collect();
    // A section that fits on one page (the demo's) shows no pager.
    let paged = pages > 1;
    view! {
        <h1>{name}</h1>
        {paged.then(|| view! { <p class="meta">{format!("{total} {}", da::ARTICLES_IN_ALL)}</p> })}
        <ArticleList articles magazine=magazine.clone() level=2/>
        {paged.then(move || {
            view! { <Pager number pages label=da::SECTION_PAGES page=move |n| Page::Section(id.clone(), n)/> }
        })}
    }
}
