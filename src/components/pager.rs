//! The links between the pages of a paged list (the archive, a section): to the newer
//! page, where the reader is ("Side 2 af 13"), to the older page.

use leptos::prelude::*;

use crate::da;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn Pager<F>(
    /// The page shown (1-based).
    number: u32,
    /// How many pages the list has.
    pages: u32,
    /// The navigation's accessible name.
    label: &'static str,
    /// The list's page `n`.
    page: F,
) -> impl IntoView
where
    F: Fn(u32) -> Page,
{
    let site = Site::current();
    let newer =
        (number > 1).then(|| view! { <a rel="prev" href=site.href(&page(number - 1))>{da::NEWER_ARTICLES}</a> });
    let older =
        (number < pages).then(|| view! { <a rel="next" href=site.href(&page(number + 1))>{da::OLDER_ARTICLES}</a> });
    let position = format!("{} {number} {} {pages}", da::PAGE_CAPITALIZED, da::OF);
    view! {
        <nav class="pager" aria-label=label>
            {newer}
            <span class="pager-position">{position}</span>
            {older}
        </nav>
    }
}
