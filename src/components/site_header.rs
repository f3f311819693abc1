//! The reader's navigation: the site header (publication name, main and section
//! navigation), or inside another site's page the compact embed bar.

use leptos::prelude::*;

use crate::da;
use crate::route::Page;
use crate::site::Site;
use crate::store::Store;

#[component]
pub fn SiteHeader(page: Memo<Page>) -> impl IntoView {
    let store = expect_context::<Store>();
    let site = Site::current();
    let name = Memo::new(move |_| store.any().map(|m| m.publication.name.clone()));
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href=site.href(&Page::Front)>
                    {move || name.get().unwrap_or_else(|| da::APP_NAME.into())}
                </a>
                <nav aria-label=da::MAIN_NAV>
                    <ul>
                        <MainLinks page/>
                    </ul>
                </nav>
            </div>
            <SectionLinks page/>
        </header>
    }
}

/// Embedded: no banner (the host page has its own header), the main links in one small
/// row, and "Åbn i læseren" to continue in the full reader (see README, Embedding).
#[component]
pub fn EmbedBar(page: Memo<Page>) -> impl IntoView {
    let site = Site::current();
    let front = site.href(&Page::Front);
    let current = move || (page.get() == Page::Front).then_some("page");
    let standalone = move || site.standalone(&page.get());
    view! {
        <div class="embed-bar">
            <div class="bar">
                <nav aria-label=da::MAIN_NAV>
                    <ul>
                        <li><a href=front aria-current=current>{da::FRONT_NAV}</a></li>
                        <MainLinks page/>
                    </ul>
                </nav>
                <a class="open-reader" href=standalone target="_top">{da::OPEN_IN_READER}</a>
            </div>
            <SectionLinks page/>
        </div>
    }
}

/// The issues (when there are any), the archive and the reader's own lists.
#[component]
fn MainLinks(page: Memo<Page>) -> impl IntoView {
    let store = expect_context::<Store>();
    let has_issues = Memo::new(move |_| store.any().is_some_and(|m| !m.issues.is_empty()));
    view! {
        {move || has_issues.get().then(|| nav_item(page, Page::Issues, da::ISSUES_NAV.into()))}
        {nav_item(page, Page::Archive(1), da::ARCHIVE_NAV.into())}
        {nav_item(page, Page::Bookmarks, da::BOOKMARKS_NAV.into())}
        {nav_item(page, Page::Recent, da::RECENT_NAV.into())}
    }
}

#[component]
fn SectionLinks(page: Memo<Page>) -> impl IntoView {
    let store = expect_context::<Store>();
    let sections = Memo::new(move |_| {
        store
            .any()
            .map(|m| m.sections.iter().map(|s| (Page::Section(s.id.clone()), s.name.clone())).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    view! {
        <nav class="sections" aria-label=da::SECTIONS_NAV>
            <ul>
                {move || sections.get().into_iter().map(|(target, name)| nav_item(page, target, name)).collect_view()}
            </ul>
        </nav>
    }
}

/// A link in a navigation list, marked as the current page when it is.
fn nav_item(page: Memo<Page>, target: Page, text: String) -> impl IntoView {
    let href = Site::current().href(&target);
    let current = move || (page.get() == target).then_some("page");
    view! { <li><a href=href aria-current=current>{text}</a></li> }
}
