//! A list of articles as cards: the one list every page uses (front page, issue,
//! section, archive, "Læs også").

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleCard, Priority};
use crate::model::{Article, Magazine};

#[component]
pub fn ArticleList(
    articles: Vec<Article>,
    magazine: Arc<Magazine>,
    /// Heading level of the titles (2 or 3), to fit the page's outline.
    level: u8,
    /// Show page numbers (an issue's table of contents).
    #[prop(optional)]
    show_page: bool,
    /// The first card is in view when the page opens (the front page's first section on a
    /// phone): its picture is fetched at once, not lazily (it is likely the page's LCP).
    #[prop(optional)]
    first_in_view: bool,
    /// On a phone, a small picture beside each title instead of one across the card
    /// ("Læs også" under an article: less to scroll past and to download).
    #[prop(optional)]
    thumbnails: bool,
) -> impl IntoView {
    let cards = articles
        .into_iter()
        .enumerate()
        .map(|(index, article)| {
            let priority = if first_in_view && index == 0 { Priority::First } else { Priority::Lazy };
            view! { <li><ArticleCard article magazine=magazine.clone() level show_page priority thumbnail=thumbnails/></li> }
        })
        .collect_view();
    let class = match (show_page, thumbnails) {
        (true, _) => "cards toc",
        (false, true) => "cards thumbs",
        (false, false) => "cards",
    };
    view! { <ul class=class>{cards}</ul> }
}
