//! A list of articles as cards: the one list every page uses (front page, issue,
//! section, archive, "Læs også").

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleCard, Priority};
use crate::model::{Article, Magazine};

/// Which cards of a list show their picture small beside the text on a phone (from 40rem
/// every card has its picture across; see [`crate::components::ArticleCard`]).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Thumbnails {
    /// Every picture across its card (an issue's contents, a section, the archive).
    #[default]
    None,
    /// Every card ("Læs også" under an article: less to scroll past and to download).
    All,
    /// All but the first (the front page's sections: a lead story, then a list).
    AfterFirst,
}

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
    /// Which cards have a small picture beside the title on a phone.
    #[prop(optional)]
    thumbnails: Thumbnails,
) -> impl IntoView {
    let cards = articles
        .into_iter()
        .enumerate()
        .map(|(index, article)| {
            let priority = if first_in_view && index == 0 { Priority::First } else { Priority::Lazy };
            let thumbnail = match thumbnails {
                Thumbnails::None => false,
                Thumbnails::All => true,
                Thumbnails::AfterFirst => index > 0,
            };
            view! { <li><ArticleCard article magazine=magazine.clone() level show_page priority thumbnail/></li> }
        })
        .collect_view();
    view! { <ul class=if show_page { "cards toc" } else { "cards" }>{cards}</ul> }
}
