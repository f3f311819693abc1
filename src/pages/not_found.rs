//! The Danish not-found page (the server answers it with status 404).

use leptos::prelude::*;

use crate::da;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <div class="not-found">
            <h1>{da::NOT_FOUND_TITLE}</h1>
            <p>{da::NOT_FOUND_TEXT}</p>
            <p><a class="button" href=Site::current().href(&Page::Front)>{da::TO_FRONT_PAGE}</a></p>
        </div>
    }
}
