//! The article page's side column (beside the article from 1024 px, below it on narrower
//! screens): the reader's five newest bookmarks and recent articles, the sections and the
//! contact block. The server renders the frames; the personal lists fill in after
//! takeover, inside boxes of fixed height so nothing moves (see `style/main.css`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ContactBlock;
use crate::da;
use crate::model::Magazine;
use crate::route::Page;
use crate::site::Site;
use crate::storage::{MyArticles, SavedArticle, StoredList};

/// How many entries of each list the column shows.
pub const SIDE_LIST_SIZE: usize = 5;

#[component]
pub fn SideColumn(magazine: Arc<Magazine>) -> impl IntoView {
    let my = expect_context::<MyArticles>();
    let site = Site::current();
    let sections = magazine
        .sections
        .iter()
        .map(|s| view! { <li><a href=site.href(&Page::Section(s.id.clone(), 1))>{s.name.clone()}</a></li> })
        .collect_view();
    view! {
        <div class="side-column">
            <MyList list=my.bookmarks id="side-bogmaerker" heading=da::MY_BOOKMARKS empty=da::SIDE_NO_BOOKMARKS
                all=Page::Bookmarks all_name=da::SEE_ALL_BOOKMARKS/>
            <MyList list=my.recent id="side-seneste" heading=da::MY_RECENT empty=da::NO_RECENT
                all=Page::Recent all_name=da::SEE_ALL_RECENT/>
            <nav class="side-block" aria-labelledby="web-sektioner">
                <h2 id="web-sektioner">{da::WEB_SECTIONS}</h2>
                <ul class="side-links">{sections}</ul>
            </nav>
            <ContactBlock publication=magazine.publication.clone()/>
        </div>
    }
}

/// The newest entries of one of the reader's lists, live, and the way to all of them.
#[component]
fn MyList(
    list: StoredList,
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    all: Page,
    /// What "Se alle" lists, for screen readers ("Se alle bogmærker").
    all_name: &'static str,
) -> impl IntoView {
    let my = expect_context::<MyArticles>();
    let newest = Memo::new(move |_| list.with(|l| l.iter().take(SIDE_LIST_SIZE).cloned().collect::<Vec<_>>()));
    let is_empty = move || my.is_ready() && newest.with(Vec::is_empty);
    let site = Site::current();
    view! {
        <section class="side-block my-list" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            <div class="side-list">
                <ol>
                    <For each=move || newest.get() key=|a| a.id.clone() let:item>
                        <Entry item/>
                    </For>
                </ol>
                <Show when=is_empty><p class="empty">{empty}</p></Show>
            </div>
            <p class="see-all">
                <a href=site.href(&all)>{da::SEE_ALL}<span class="visually-hidden">" "{all_name}</span></a>
            </p>
        </section>
    }
}

#[component]
fn Entry(item: SavedArticle) -> impl IntoView {
    let href = Site::current().href(&Page::Article(item.id.clone()));
    view! { <li><a href=href>{item.title}</a></li> }
}
