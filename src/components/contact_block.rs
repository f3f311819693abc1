//! The magazine's contact block: how to reach the editors, and the way to the colophon.

use leptos::prelude::*;

use crate::da;
use crate::model::Publication;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn ContactBlock(publication: Publication) -> impl IntoView {
    view! {
        <div class="contact-block">
            <h2>{da::CONTACT}</h2>
            {publication.contact.map(|c| view! { <p>{c}</p> })}
            <p><a href=Site::current().href(&Page::Colophon)>{da::SEE_COLOPHON}</a></p>
        </div>
    }
}
