//! `/blad`: every issue, newest first, with its cover.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{IssueCover, Priority, issue_meta};
use crate::da;
use crate::model::Magazine;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn IssuesPage(magazine: Arc<Magazine>) -> impl IntoView {
    let issues = magazine
        .issues
        .iter()
        .enumerate()
        .map(|(index, issue)| {
            let priority = if index == 0 { Priority::First } else { Priority::Lazy };
            let href = Site::current().href(&Page::Issue(issue.id.clone()));
            view! {
                <li class="issue-tile">
                    <IssueCover issue=issue.clone() priority/>
                    <h2><a href=href>{issue.title.clone()}</a></h2>
                    <p class="meta">{issue_meta(issue)}</p>
                </li>
            }
        })
        .collect_view();
    let empty = magazine.issues.is_empty().then(|| view! { <p>{da::NO_ISSUES}</p> });
    view! {
        <h1>{da::ALL_ISSUES}</h1>
        {empty}
        <ul class="issue-grid">{issues}</ul>
    }
}
