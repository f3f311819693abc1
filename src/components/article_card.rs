//! An article in a list: picture, title, lead, where it belongs, bookmark button.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{BookmarkButton, Picture, Priority};
use crate::da;
use crate::model::{Article, Magazine};
use crate::route::Page;
use crate::site::Site;
use crate::storage::SavedArticle;

/// Cards fill a grid of columns at least 17rem wide (one column on a phone) in a 72rem page.
const CARD_SIZES: &str = "(min-width: 40rem) 24rem, calc(100vw - 2rem)";
/// A card with a thumbnail: on a phone the picture is 7.5rem wide beside the text
/// (`.card.thumb` in style/main.css), from 40rem like any card.
const THUMBNAIL_SIZES: &str = "(min-width: 40rem) 24rem, 7.5rem";

#[component]
pub fn ArticleCard(
    article: Article,
    magazine: Arc<Magazine>,
    /// Heading level of the title (2 or 3), to fit the page's outline.
    level: u8,
    /// Show the page number (tables of contents).
    #[prop(optional)]
    show_page: bool,
    /// Lazy unless the card is in view when the page opens.
    #[prop(default = Priority::Lazy)]
    priority: Priority,
    /// The issue's title when `magazine` may not hold the issue (a search hit's), for the
    /// bookmark.
    #[prop(optional_no_strip)]
    issue_title: Option<String>,
    /// Shown under the lead (a search hit's passage).
    #[prop(optional)]
    children: Option<Children>,
    /// On a phone, the picture small beside the text and no lead (see
    /// [`crate::components::Thumbnails`]).
    #[prop(optional)]
    thumbnail: bool,
) -> impl IntoView {
    let href = Site::current().href(&Page::Article(article.id.clone()));
    let title_id = format!("titel-{}", article.id);
    let mut entry = SavedArticle::of(&article, &magazine, 0.0);
    entry.issue = entry.issue.or(issue_title);
    let mut meta: Vec<String> = Vec::new();
    if show_page {
        if let Some(page) = article.page {
            meta.push(format!("{} {page}", da::PAGE_CAPITALIZED));
        }
    } else if let Some(section) = &entry.section {
        meta.push(section.clone());
    }
    if let Some(date) = &article.published {
        meta.push(date.danish());
    }
    // An article in another language: its title and lead are marked (see `ArticlePage`).
    let lang = article.foreign_language().map(|l| l.as_str().to_string());
    let dir = article.foreign_language().map(|l| l.direction());
    let link = view! { <a href=href lang=lang.clone() dir=dir>{article.title.clone()}</a> };
    let title = if level <= 2 {
        view! { <h2 class="card-title" id=title_id.clone()>{link}</h2> }.into_any()
    } else {
        view! { <h3 class="card-title" id=title_id.clone()>{link}</h3> }.into_any()
    };
    let sizes = if thumbnail { THUMBNAIL_SIZES } else { CARD_SIZES };
    view! {
        <article class=if thumbnail { "card thumb" } else { "card" }>
            {article.image.clone().map(|i| view! {
                <Picture image=i alt="" class="card-image" width=400 height=225 sizes priority/>
            })}
            <div class="card-text">
                {title}
                {article.summary.clone().map(|s| view! { <p class="card-summary" lang=lang.clone() dir=dir>{s}</p> })}
                {children.map(|c| view! { <div lang=lang dir=dir>{c()}</div> })}
                <p class="meta">{meta.join(" · ")}</p>
                <BookmarkButton entry described_by=title_id/>
            </div>
        </article>
    }
}
