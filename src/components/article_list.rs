//! A list of articles as cards: the one list every page uses (front page, issue,
//! section, archive, "Læs også").

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleCard;
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
) -> impl IntoView {
    let cards = articles
        .into_iter()
        .map(|article| view! { <li><ArticleCard article magazine=magazine.clone() level show_page/></li> })
        .collect_view();
    view! { <ul class=if show_page { "cards toc" } else { "cards" }>{cards}</ul> }
}
