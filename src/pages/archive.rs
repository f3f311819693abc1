//! `/arkiv` and `/arkiv/:n`: every article, newest first, a page at a time, so that
//! every article can be reached (also those in no section or issue).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleList;
use crate::da;
use crate::model::Magazine;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn ArchivePage(magazine: Arc<Magazine>, number: u32) -> impl IntoView {
    let archive = magazine.archive(number);
    let articles = archive.articles.into_iter().cloned().collect::<Vec<_>>();
    let (pages, total) = (archive.pages, archive.total);
    let newer = (number > 1).then(|| {
        view! { <a rel="prev" href=Site::current().href(&Page::Archive(number - 1))>{da::NEWER_ARTICLES}</a> }
    });
    let older = (number < pages).then(|| {
        view! { <a rel="next" href=Site::current().href(&Page::Archive(number + 1))>{da::OLDER_ARTICLES}</a> }
    });
    let position = format!("{} {number} {} {pages}", da::PAGE_CAPITALIZED, da::OF);
    view! {
        <h1>{da::ALL_ARTICLES}</h1>
        <p class="meta">{format!("{total} {}", da::ARTICLES_IN_ALL)}</p>
        <ArticleList articles magazine=magazine.clone() level=2/>
        <nav class="pager" aria-label=da::ARCHIVE_PAGES>
            {newer}
            <span class="pager-position">{position}</span>
            {older}
        </nav>
    }
}
