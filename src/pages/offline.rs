//! `/offline`, and any article the reader opens offline that is not stored on the device:
//! "Ikke tilgængelig offline", with the way back and to what can be read.

use leptos::prelude::*;

use crate::da;
use crate::effect::effect;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let site = Site::current();
    let front = site.href(&Page::Front);
    let back_to = front.clone();
    // The page to try again once online: the one shown in the app, or the one the service
    // worker could not answer (`/offline?side=…`, a path from the root). Read after
    // takeover: the server's page (and the cached copy of it) has no such link.
    let location = crate::router::use_location();
    let here = site.clone();
    let retry = RwSignal::new(None::<String>);
    effect(move || {
        let path = location.pathname.get_untracked();
        let wanted = match here.page(&path) {
            Page::Offline => untrack(|| location.query("side")),
            _ => Some(path),
        };
        retry.set(wanted.filter(|p| p.starts_with('/') && !p.starts_with("//")));
    });
    view! {
        <div class="offline-page">
            <h1>{da::OFFLINE_TITLE}</h1>
            <p>{da::OFFLINE_TEXT}</p>
            <p>{da::OFFLINE_HELP}</p>
            <ul class="offline-links">
                <li><a href=site.href(&Page::Bookmarks)>{da::MY_BOOKMARKS}</a></li>
                <li><a href=site.href(&Page::Recent)>{da::MY_RECENT}</a></li>
                <li><a href=front>{da::TO_FRONT_PAGE}</a></li>
            </ul>
            <p class="offline-actions">
                <button type="button" class="button" on:click=move |_| crate::offline::go_back(&back_to)>
                    {da::OFFLINE_BACK}
                </button>
                {move || retry.get().map(|href| view! { " "<a class="button secondary" href=href>{da::OFFLINE_RETRY}</a> })}
            </p>
        </div>
    }
}
