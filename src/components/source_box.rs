//! Where an article was printed: "Denne artikel er bragt i … side … i sektionen …",
//! with the issue's cover.

use leptos::prelude::*;

use crate::components::{Picture, Priority};
use crate::da;
use crate::model::{Article, Magazine};
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn SourceBox(article: Article, magazine: std::sync::Arc<Magazine>) -> impl IntoView {
    let m = &magazine;
    let issue = article.issue.as_ref().and_then(|i| m.issue(i)).cloned()?;
    let site = Site::current();
    let href = site.href(&Page::Issue(issue.id.clone()));
    let cover = issue.cover.clone().map(|c| {
        view! {
            <a href=href.clone() class="source-cover">
                <Picture image=c class="source-cover-image" alt=format!("{} {}", da::COVER_OF, issue.title) width=90 height=120 sizes="4.5rem" priority=Priority::Lazy/>
            </a>
        }
    });
    let page = article.page.map(|p| format!(" {} {p}", da::PAGE));
    let in_section = article.section.as_ref().and_then(|s| m.section(s)).cloned().map(|s| {
        view! { " "{da::IN_SECTION}" "<a href=site.href(&Page::Section(s.id.clone(), 1))>{s.name}</a> }
    });
    Some(view! {
        <aside class="source" aria-label=da::SOURCE_LABEL>
            {cover}
            <p>
                {da::PRINTED_IN}" "{m.publication.name.clone()}" "
                <a href=href>{issue.title.clone()}</a>
                {page}{in_section}
            </p>
        </aside>
    })
}
