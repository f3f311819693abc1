//! `/mine/bogmaerker` and `/mine/seneste`: the reader's own lists, from localStorage only.

use leptos::prelude::*;

use crate::da;
use crate::offline::Offline;
use crate::route::Page;
use crate::site::Site;
use crate::storage::{MyArticles, SavedArticle, StoredList, remove};

#[component]
pub fn BookmarksPage() -> impl IntoView {
    let my = expect_context::<MyArticles>();
    let list = my.bookmarks;
    view! {
        <h1>{da::MY_BOOKMARKS}</h1>
        <EmbedNote page=Page::Bookmarks/>
        <SavedList list empty=da::NO_BOOKMARKS removable=true/>
    }
}

#[component]
pub fn RecentPage() -> impl IntoView {
    let my = expect_context::<MyArticles>();
    let list = my.recent;
    let has_items = move || list.with(|l| !l.is_empty());
    view! {
        <div class="list-head">
            <h1>{da::MY_RECENT}</h1>
            <Show when=has_items>
                <button type="button" class="button secondary" on:click=move |_| list.update(Vec::clear)>
                    {da::CLEAR}
                </button>
            </Show>
        </div>
        <EmbedNote page=Page::Recent/>
        <SavedList list empty=da::NO_RECENT removable=false/>
    }
}

/// Embedded in another site's page, what the browser keeps depends on the browser: the
/// full reader's lists, lists of their own for that site, or nothing beyond the visit.
/// `embed.js` finds out and marks `<html data-storage>`; the stylesheet shows the one
/// sentence that is true, and the same list in the full reader is a click away.
#[component]
fn EmbedNote(page: Page) -> impl IntoView {
    let site = Site::current();
    site.embedded().then(|| {
        view! {
            <p class="embed-note">
                <span data-storage="shared">{da::EMBED_LISTS_SHARED}</span>
                <span data-storage="separate">{da::EMBED_LISTS_SEPARATE}</span>
                <span data-storage="none">{da::EMBED_LISTS_NONE}</span>
                " "<a href=site.standalone(&page) target="_top">{da::OPEN_IN_READER}</a>
            </p>
        }
    })
}

/// A stored list. Nothing shows until the app runs in the browser: the server cannot
/// know the reader's lists, and an "empty" message that then fills up would mislead.
#[component]
fn SavedList(list: StoredList, empty: &'static str, removable: bool) -> impl IntoView {
    let my = expect_context::<MyArticles>();
    move || {
        if !my.is_ready() {
            return view! { <p class="loading">{da::LOADING_LIST}</p> }.into_any();
        }
        let items = list.get();
        if items.is_empty() {
            return view! { <p class="empty">{empty}</p> }.into_any();
        }
        let rows = items.into_iter().map(|item| view! { <SavedRow item list removable/> }).collect_view();
        view! { <ol class="saved-list">{rows}</ol> }.into_any()
    }
}

#[component]
fn SavedRow(item: SavedArticle, list: StoredList, removable: bool) -> impl IntoView {
    let href = Site::current().href(&Page::Article(item.id.clone()));
    let title_id = format!("gemt-{}", item.id);
    let meta = [item.issue.clone(), item.section.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    // Whether the service worker holds the article for offline reading (once it has said).
    let offline = expect_context::<Offline>();
    let held = {
        let id = item.id.clone();
        move || {
            offline.is_stored(&id).map(|stored| {
                let (class, text) = if stored {
                    ("offline-mark stored", da::STORED_OFFLINE)
                } else {
                    ("offline-mark", da::NOT_STORED_OFFLINE)
                };
                view! { <p class=class>{text}</p> }
            })
        }
    };
    let id = item.id.clone();
    let remove_button = removable.then(|| {
        view! {
            <button type="button" class="button secondary" aria-describedby=title_id.clone()
                on:click=move |_| list.update(|l| remove(l, &id))>
                {da::REMOVE}
            </button>
        }
    });
    view! {
        <li class="saved">
            <div>
                <a id=title_id.clone() href=href>{item.title.clone()}</a>
                {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
                {held}
            </div>
            {remove_button}
        </li>
    }
}
