//! The app's own state, shown quietly at the bottom of the screen: "Du er offline" while
//! the connection is gone, and "Ny version – opdater" when a new version is installed.
//! Both float over the page (nothing shifts) and are announced politely.

use leptos::prelude::*;

use crate::da;
use crate::offline::Offline;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let offline = expect_context::<Offline>();
    view! {
        <div class="app-status" role="status" aria-live="polite">
            <Show when=move || !offline.online.get()>
                <p class="offline-badge">
                    <strong>{da::YOU_ARE_OFFLINE}</strong>" "<span>{da::YOU_ARE_OFFLINE_HINT}</span>
                </p>
            </Show>
            <Show when=move || offline.update_ready.get()>
                <button type="button" class="button update-button" on:click=move |_| offline.apply_update()>
                    {da::UPDATE_READY}
                </button>
            </Show>
        </div>
    }
}
