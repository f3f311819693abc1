//! `/blad`: every issue, newest first, with its cover.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{IssueCover, issue_meta};
use crate::da;
use crate::model::Magazine;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn IssuesPage(magazine: Arc<Magazine>) -> impl IntoView {
    let issues = magazine
        .issues
        .iter()
        .map(|issue| {
            let href = Site::current().href(&Page::Issue(issue.id.clone()));
            view! {
                <li class="issue-tile">
                    <IssueCover issue=issue.clone()/>
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
