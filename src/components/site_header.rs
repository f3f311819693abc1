//! The header: publication name, main navigation and section navigation.

use leptos::prelude::*;

use crate::da;
use crate::route::Page;
use crate::store::Store;

#[component]
pub fn SiteHeader(page: Memo<Page>) -> impl IntoView {
    let store = expect_context::<Store>();
    let data = Memo::new(move |_| {
        store.any().map(|m| {
            let sections: Vec<(String, String)> =
                m.sections.iter().map(|s| (Page::Section(s.id.clone()).href(), s.name.clone())).collect();
            (m.publication.name.clone(), !m.issues.is_empty(), sections)
        })
    });
    let current = move |href: &str| {
        let href = href.to_string();
        move || (page.get().href() == href && page.get() != Page::NotFound).then_some("page")
    };
    let link = move |href: String, text: String| {
        view! { <li><a href=href.clone() aria-current=current(&href)>{text}</a></li> }
    };
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    {move || data.with(|d| d.as_ref().map(|d| d.0.clone()).unwrap_or_else(|| da::APP_NAME.into()))}
                </a>
                <nav aria-label=da::MAIN_NAV>
                    <ul>
                        {move || data.with(|d| d.as_ref().is_some_and(|d| d.1)).then(|| link(Page::Issues.href(), da::ISSUES_NAV.into()))}
                        {link(Page::Archive(1).href(), da::ARCHIVE_NAV.into())}
                        {link(Page::Bookmarks.href(), da::BOOKMARKS_NAV.into())}
                        {link(Page::Recent.href(), da::RECENT_NAV.into())}
                    </ul>
                </nav>
            </div>
            <nav class="sections" aria-label=da::SECTIONS_NAV>
                <ul>
                    {move || data.with(|d| d.as_ref().map(|d| d.2.clone()).unwrap_or_default())
                        .into_iter()
                        .map(|(href, name)| link(href, name))
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}
