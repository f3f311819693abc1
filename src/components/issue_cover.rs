//! An issue's cover picture, linking to its table of contents.

use leptos::prelude::*;

use crate::components::{Picture, Priority};
use crate::da;
use crate::model::Issue;
use crate::route::Page;
use crate::site::Site;

/// How wide a cover is shown where it stands (`.issue-grid`, `.current-issue`, `.issue-head`
/// in style/main.css), so that a phone takes the smallest copy that fills it.
/// All issues: a grid of tiles at least 9.5rem wide, up to about 14rem on a phone's
/// two-tile rows.
pub const TILE_SIZES: &str = "(min-width: 40rem) 11rem, 45vw";
/// The front page's current issue: an 8.5rem column, 11rem from 48rem. (8.5rem, not 9: a
/// phone at 1.75 device pixels per CSS pixel then takes the 240 copy; Chromium takes the
/// smallest copy at least as wide as the column's device pixels.)
pub const CURRENT_ISSUE_SIZES: &str = "(min-width: 48rem) 11rem, 8.5rem";
/// An issue's own page: an 8rem column.
pub const ISSUE_HEAD_SIZES: &str = "8rem";

/// `priority`: [`Priority::First`] where the cover is the first picture in view (the front
/// page's current issue, an issue's own page); lazy in the list of all issues, but for its first.
/// `sizes`: how wide it is shown there (the constants above).
#[component]
pub fn IssueCover(
    issue: Issue,
    #[prop(default = true)] link: bool,
    priority: Priority,
    #[prop(default = TILE_SIZES)] sizes: &'static str,
) -> impl IntoView {
    let href = Site::current().href(&Page::Issue(issue.id.clone()));
    let img = match issue.cover.clone() {
        Some(c) => {
            let alt = if c.alt.is_empty() { format!("{} {}", da::COVER_OF, issue.title) } else { c.alt.clone() };
            view! { <Picture image=c alt class="cover" width=300 height=400 sizes priority/> }.into_any()
        }
        None => view! { <span class="cover cover-missing" aria-hidden="true">{issue.title.clone()}</span> }.into_any(),
    };
    if link {
        // The title next to the cover is the link's text for screen readers too.
        view! { <a class="cover-link" href=href tabindex="-1" aria-hidden="true">{img}</a> }.into_any()
    } else {
        img
    }
}

/// "1. juni 2024 · 24 sider".
pub fn issue_meta(issue: &Issue) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &issue.date {
        parts.push(d.danish());
    }
    if let Some(p) = issue.pages {
        parts.push(format!("{p} {}", da::PAGES));
    }
    parts.join(" · ")
}
