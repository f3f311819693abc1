//! An issue's cover picture, linking to its table of contents.

use leptos::prelude::*;

use crate::components::{Picture, Priority};
use crate::da;
use crate::model::Issue;
use crate::route::Page;
use crate::site::Site;

/// Covers stand in a column 8–11rem wide (front page, issue page) or a grid of tiles at least
/// 9.5rem wide (all issues), up to about 14rem on a phone's two-tile rows.
const COVER_SIZES: &str = "(min-width: 40rem) 11rem, 45vw";

/// `priority`: [`Priority::First`] where the cover is the first picture in view (the front
/// page's current issue, an issue's own page); lazy in the list of all issues, but for its first.
#[component]
pub fn IssueCover(issue: Issue, #[prop(default = true)] link: bool, priority: Priority) -> impl IntoView {
    let href = Site::current().href(&Page::Issue(issue.id.clone()));
    let img = match issue.cover.clone() {
        Some(c) => {
            let alt = if c.alt.is_empty() { format!("{} {}", da::COVER_OF, issue.title) } else { c.alt.clone() };
            view! { <Picture image=c alt class="cover" width=300 height=400 sizes=COVER_SIZES priority/> }.into_any()
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
