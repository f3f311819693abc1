//! `/arkiv` and `/arkiv/:n`: every article, newest first, a page at a time, so that
//! every article can be reached (also those in no section or issue).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::PagedList;
use crate::da;
use crate::model::Magazine;
use crate::route::Page;

#[component]
pub fn ArchivePage(magazine: Arc<Magazine>, number: u32) -> impl IntoView {
    let archive = magazine.archive(number);
    let articles = archive.articles.into_iter().cloned().collect::<Vec<_>>();
    let (pages, total) = (archive.pages, archive.total);
    view! {
        <PagedList
            page=Page::Archive(number)
            heading=da::ALL_ARTICLES.into()
            meta=Some(format!("{total} {}", da::ARTICLES_IN_ALL))
            articles
            magazine=magazine.clone()
            number
            pages
            label=da::ARCHIVE_PAGES
        />
    }
}
