//! `/arkiv` and `/arkiv/:n`: every article, newest first, a page at a time, so that
//! every article can be reached (also those in no section or issue).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleList, Pager};
use crate::da;
use crate::model::Magazine;
use crate::route::Page;

#[component]
pub fn ArchivePage(magazine: Arc<Magazine>, number: u32) -> impl IntoView {
    let archive = magazine.archive(number);
    let articles = archive.articles.into_iter().cloned().collect::<Vec<_>>();
    let (pages, total) = (archive.pages, archive.total);
    view! {
        <h1>{da::ALL_ARTICLES}</h1>
        <p class="meta">{format!("{total} {}", da::ARTICLES_IN_ALL)}</p>
        <ArticleList articles magazine=magazine.clone() level=2/>
        <Pager number pages label=da::ARCHIVE_PAGES page=Page::Archive/>
    }
}
