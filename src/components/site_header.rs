//! The reader's navigation: publication name, main and section navigation. Embedded in
//! another site's page it is a compact bar (see `style/main.css`, `html[data-embed]`):
//! no banner and no name (the host page has its header), a "Forside" link, and
//! "Åbn i læseren" for the same page in the full reader (see README, Embedding).

use leptos::prelude::*;

use crate::da;
use crate::route::Page;
use crate::site::Site;
use crate::store::Store;

#[component]
pub fn SiteHeader(page: Memo<Page>) -> impl IntoView {
    let store = expect_context::<Store>();
    let site = Site::current();
    let embedded = site.embedded();
    let name = Memo::new(move |_| store.any().map(|m| m.publication.name.clone()));
    let has_issues = Memo::new(move |_| store.any().is_some_and(|m| !m.issues.is_empty()));
    let sections = Memo::new(move |_| {
        store
            .any()
            .map(|m| m.sections.iter().map(|s| (Page::Section(s.id.clone(), 1), s.name.clone())).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let front = embedded.then(|| nav_item(page, Page::Front, da::FRONT_NAV.into()));
    let open_reader = embedded.then(|| {
        let site = site.clone();
        let href = move || site.standalone(&page.get());
        view! { <a class="open-reader" href=href target="_top">{da::OPEN_IN_READER}</a> }
    });
    view! {
        <header class="site-header" role=embedded.then_some("none")>
            <div class="bar">
                <a class="brand" href=site.href(&Page::Front)>
                    {move || name.get().unwrap_or_else(|| da::APP_NAME.into())}
                </a>
                <nav aria-label=da::MAIN_NAV>
                    <ul>
                        {front}
                        {move || has_issues.get().then(|| nav_item(page, Page::Issues, da::ISSUES_NAV.into()))}
                        {nav_item(page, Page::Archive(1), da::ARCHIVE_NAV.into())}
                        {nav_item(page, Page::Bookmarks, da::BOOKMARKS_NAV.into())}
                        {nav_item(page, Page::Recent, da::RECENT_NAV.into())}
                    </ul>
                </nav>
                {open_reader}
                {(!embedded).then(|| view! { <SearchField page/> })}
                {(!embedded).then(|| view! { <crate::components::ThemeToggle/> })}
            </div>
            <nav class="sections" aria-label=da::SECTIONS_NAV>
                <ul>
                    {move || sections.get().into_iter().map(|(target, name)| nav_item(page, target, name)).collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// The search field: a plain GET form to `/soeg` (works without JavaScript); in the app
/// it moves to the results page without loading a new one. On the results page it holds
/// the query. Not embedded: the compact bar has no room, and the full reader has it.
#[component]
fn SearchField(page: Memo<Page>) -> impl IntoView {
    let action = Site::current().standalone(&Page::Search);
    let query = crate::pages::current_query();
    let value = move || (page.get() == Page::Search).then(|| query.get());
    let input = NodeRef::<leptos::html::Input>::new();
    let target = action.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        let Some(field) = input.get() else { return };
        event.prevent_default();
        let href =
            format!("{target}?{}={}", crate::route::SEARCH_QUERY, crate::api::encode_query(field.value().trim()));
        crate::router::navigate(&href);
    };
    view! {
        <form class="search-field" role="search" action=action method="get" on:submit=submit>
            <label class="visually-hidden" for="soeg-felt">{da::SEARCH_LABEL}</label>
            <input id="soeg-felt" type="search" name=crate::route::SEARCH_QUERY node_ref=input
                maxlength=api_types::SEARCH_QUERY_MAX value=value autocomplete="off" enterkeyhint="search"/>
            <button type="submit">{da::SEARCH}</button>
        </form>
    }
}

/// A link in a navigation list, marked as the current page when it is, and as where
/// the reader is on a later page of its list (a section's or the archive's page 2).
fn nav_item(page: Memo<Page>, target: Page, text: String) -> impl IntoView {
    let href = Site::current().href(&target);
    let current = move || target.current_for(&page.get());
    view! { <li><a href=href aria-current=current>{text}</a></li> }
}
