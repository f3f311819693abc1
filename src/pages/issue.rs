//! `/blad/:issue`: an issue's table of contents, by page, grouped by section.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleList, ISSUE_HEAD_SIZES, IssueCover, Priority, issue_meta};
use crate::da;
use crate::model::{Issue, Magazine};
use crate::route::Page;
use crate::site::Site;

/// `issue` is one of `magazine`'s (the caller found it; see `ArticlePage`).
#[component]
pub fn IssuePage(magazine: Arc<Magazine>, issue: Issue) -> impl IntoView {
    let id = issue.id.clone();
    let groups = magazine
        .toc(&id)
        .into_iter()
        .enumerate()
        .map(|(n, group)| {
            let heading_id = format!("gruppe-{n}");
            let labelledby = heading_id.clone();
            let heading = match group.section {
                Some(s) => view! { <a href=Site::current().href(&Page::Section(s.id.clone(), 1))>{s.name.clone()}</a> }
                    .into_any(),
                None => da::OTHER_ARTICLES.into_any(),
            };
            let articles: Vec<_> = group.articles.iter().map(|a| (*a).clone()).collect();
            view! {
                <section class="toc-group" aria-labelledby=labelledby>
                    <h2 id=heading_id>{heading}</h2>
                    <ArticleList articles magazine=magazine.clone() level=3 show_page=true/>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="issue-head">
            <IssueCover issue=issue.clone() link=false priority=Priority::First sizes=ISSUE_HEAD_SIZES/>
            <div>
                <p class="kicker"><a href=Site::current().href(&Page::Issues)>{da::ALL_ISSUES}</a></p>
                <h1>{issue.title.clone()}</h1>
                <p class="meta">{issue_meta(&issue)}</p>
            </div>
        </div>
        {groups}
    }
}
