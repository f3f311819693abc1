//! "Mørk skærm": switches between dark and light colours (see `prefs.rs`). Shown in the
//! header of the full reader; an embed takes its colours from the host site instead.

use leptos::prelude::*;

use crate::da;
use crate::prefs::Prefs;

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let prefs = Prefs::current();
    let pressed = move || if prefs.is_dark() { "true" } else { "false" };
    view! {
        <button type="button" class="theme-toggle js-only" aria-pressed=pressed on:click=move |_| prefs.switch_theme()>
            <span aria-hidden="true">"◐ "</span>{da::DARK_SCREEN}
        </button>
    }
}
