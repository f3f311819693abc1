//! "Læs også": the articles the editors linked to this one.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleList, Thumbnails};
use crate::da;
use crate::effect::effect;
use crate::model::{Article, Magazine};
use crate::route::Page;
use crate::store::Store;

#[component]
pub fn ReadAlso(article: Article, magazine: Arc<Magazine>) -> impl IntoView {
    let related: Vec<Article> = magazine.related(&article).into_iter().cloned().collect();
    // The reader is likely to open one of these next: their files are fetched once the
    // page is painted, so opening one draws it at once (in the browser only).
    if let Some(store) = use_context::<Store>() {
        let ahead: Vec<Page> = related.iter().map(|a| Page::Article(a.id.clone())).collect();
        effect(move || {
            let ahead = ahead.clone();
            crate::browser::after_paint(move || ahead.iter().for_each(|page| store.fetch_ahead(page)));
        });
    }
    (!related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="laes-ogsaa">
                <h2 id="laes-ogsaa">{da::READ_ALSO}</h2>
                <ArticleList articles=related magazine=magazine.clone() level=3 thumbnails=Thumbnails::All/>
            </section>
        }
    })
}
