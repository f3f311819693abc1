//! The footer: who publishes the magazine and how to reach them.

use leptos::prelude::*;

use crate::site::Site;
use crate::store::Store;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let store = expect_context::<Store>();
    let publication = Memo::new(move |_| store.any().map(|m| m.publication.clone()));
    // Embedded, the host page has a footer too: this one is named.
    let embedded = Site::current().embedded();
    move || {
        publication.get().map(|p| {
            let label = embedded.then(|| p.name.clone());
            view! {
                <footer class="site-footer" aria-label=label>
                    <p class="footer-name">{p.name}</p>
                    {p.contact.map(|c| view! { <p>{c}</p> })}
                    {p.colophon.map(|c| view! { <p>{c}</p> })}
                    {p.home_page_url.map(|u| { let href = u.clone(); view! { <p><a href=href>{u}</a></p> } })}
                </footer>
            }
        })
    }
}
