//! "Læs også": the articles the editors linked to this one.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::ArticleList;
use crate::da;
use crate::model::{Article, Magazine};

#[component]
pub fn ReadAlso(article: Article, magazine: Arc<Magazine>) -> impl IntoView {
    let related: Vec<Article> = magazine.related(&article).into_iter().cloned().collect();
    (!related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="laes-ogsaa">
                <h2 id="laes-ogsaa">{da::READ_ALSO}</h2>
                <ArticleList articles=related magazine=magazine.clone() level=3/>
            </section>
        }
    })
}
