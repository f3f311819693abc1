//! `/`: the current issue and the newest articles of each section.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleList, CURRENT_ISSUE_SIZES, IssueCover, Priority, Thumbnails};
use crate::da;
use crate::model::Magazine;
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn FrontPage(magazine: Arc<Magazine>) -> impl IntoView {
    let m = magazine.clone();
    let front = m.front();
    let current = front.current_issue.cloned().map(|issue| {
        let href = Site::current().href(&Page::Issue(issue.id.clone()));
        let meta = crate::components::issue_meta(&issue);
        view! {
            <section class="current-issue" aria-labelledby="nyeste-blad">
                <IssueCover issue=issue.clone() priority=Priority::First sizes=CURRENT_ISSUE_SIZES/>
                <div class="current-issue-text">
                    <h2 id="nyeste-blad">{da::CURRENT_ISSUE}</h2>
                    <p class="current-issue-title"><a href=href.clone()>{issue.title.clone()}</a></p>
                    <p class="meta">{meta}</p>
                    <p><a class="button" href=href>{da::SEE_CONTENTS}</a></p>
                </div>
            </section>
        }
    });
    let sections = front
        .by_section
        .iter()
        .enumerate()
        .map(|(index, (section, articles))| {
            let heading_id = format!("sektion-{}", section.id);
            let labelledby = heading_id.clone();
            let href = Site::current().href(&Page::Section(section.id.clone(), 1));
            let articles: Vec<_> = articles.iter().map(|a| (*a).clone()).collect();
            view! {
                <section class="front-section" aria-labelledby=labelledby>
                    <h2 id=heading_id><a href=href.clone()>{section.name.clone()}</a></h2>
                    <ArticleList articles magazine=magazine.clone() level=3 first_in_view={index == 0} thumbnails=Thumbnails::AfterFirst/>
                    <p class="more"><a href=href>{format!("{} {}", da::MORE_FROM, section.name)}</a></p>
                </section>
            }
        })
        .collect_view();
    let no_sections = front.by_section.is_empty();
    let latest = (!front.latest.is_empty()).then(|| {
        let articles: Vec<_> = front.latest.iter().map(|a| (*a).clone()).collect();
        view! {
            <section class="front-section" aria-labelledby="nyeste">
                <h2 id="nyeste">{da::LATEST}</h2>
                <ArticleList articles magazine=magazine.clone() level=3 first_in_view=no_sections thumbnails=Thumbnails::AfterFirst/>
            </section>
        }
    });
    let description = m.publication.description.clone();
    view! {
        <div class="front">
            <h1 class="front-title">{m.publication.name.clone()}</h1>
            {description.map(|d| view! { <p class="front-lead">{d}</p> })}
            {current}
            {sections}
            {latest}
        </div>
    }
}
