//! `/sektion/:section` and `/sektion/:section/:n`: a section's articles, newest first, a
//! page at a time (as the archive is), so that a section of ten thousand articles is as
//! light to open as one of eight.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::PagedList;
use crate::da;
use crate::model::{Magazine, SectionId};
use crate::route::Page;

#[component]
pub fn SectionPage(magazine: Arc<Magazine>, id: SectionId, number: u32) -> impl IntoView {
    let heading = magazine.section(&id).map(|s| s.name.clone()).unwrap_or_default();
    let page = magazine.section_page(&id, number);
    let pages = page.pages;
    let articles: Vec<_> = page.articles.into_iter().cloned().collect();
    view! {
        <PagedList
            page=Page::Section(id, number)
            heading
            meta=None
            articles
            magazine=magazine.clone()
            number
            pages
            label=da::SECTION_PAGES
        />
    }
}
