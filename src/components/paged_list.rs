//! A page of a paged list of articles (the archive, a section): its heading, the cards and
//! the links to the newer and older pages ("← Nyere artikler", "Side 2 af 13", "Ældre
//! artikler →"). One component for both lists, so the app carries its markup once.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleList;
use crate::da;
use crate::model::{Article, Magazine};
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn PagedList(
    /// The page shown: a page of a paged list ([`Page::at_page`]).
    page: Page,
    heading: String,
    /// A line under the heading.
    meta: Option<String>,
    articles: Vec<Article>,
    magazine: Arc<Magazine>,
    /// The page's number (1-based).
    number: u32,
    /// How many pages the list has: a list of one page has no page links.
    pages: u32,
    /// The page links' accessible name.
    label: &'static str,
) -> impl IntoView {
    let site = Site::current();
    let link = |n: u32| site.href(&page.at_page(n));
    let newer = (number > 1).then(|| view! { <a rel="prev" href=link(number - 1)>{da::NEWER_ARTICLES}</a> });
    let older = (number < pages).then(|| view! { <a rel="next" href=link(number + 1)>{da::OLDER_ARTICLES}</a> });
    let position = format!("{} {number} {} {pages}", da::PAGE_CAPITALIZED, da::OF);
    let pager = (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {newer}
                <span class="pager-position">{position}</span>
                {older}
            </nav>
        }
    });
    view! {
        <h1>{heading}</h1>
        {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        <ArticleList articles magazine level=2/>
        {pager}
    }
}
