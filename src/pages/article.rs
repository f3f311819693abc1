//! `/artikel/:id`: the article, then "Læs også", rating, comments, where it was printed,
//! copyright and contact; the side column beside it (or below on narrow screens).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{
    BookmarkButton, Comments, ContactBlock, CopyrightNotice, Picture, Priority, RatingWidget, ReadAlso, ReadingTools,
    SideColumn, SourceBox,
};
use crate::da;
use crate::effect::effect;
use crate::later::later;
use crate::model::{Article, Magazine};
use crate::route::Page;
use crate::site::Site;
use crate::storage::{MyArticles, SavedArticle, visit};
use crate::store::Store;

/// The hero is as wide as the article's column (`--bb-measure`, 40rem; 1rem margins on a phone).
const HERO_SIZES: &str = "(min-width: 42rem) 40rem, calc(100vw - 2rem)";

/// `article` is one of `magazine`'s (the caller found it: no "not found" branch here,
/// so the page's view has one concrete type, without an `AnyView` of its own).
#[component]
pub fn ArticlePage(magazine: Arc<Magazine>, article: Article) -> impl IntoView {
    let id = article.id.clone();
    let m = &magazine;
    let section = article.section.as_ref().and_then(|s| m.section(s)).cloned();
    let entry = SavedArticle::of(&article, m, 0.0);

    // Remember the visit (browser only: effects do not run on the server).
    let my = expect_context::<MyArticles>();
    let visited = entry.clone();
    effect(move || {
        let mut entry = visited.clone();
        entry.at = crate::browser::now_ms();
        let write = move || my.recent.update(|list| visit(list, entry));
        if untrack(|| my.is_ready()) {
            // Opened in the app: in the task right after the next frame, not in the frame
            // itself, where the list's work would hold back the new article's paint (issue
            // 11: click to new text). Not later (when idle): a reader who leaves at once
            // would lose it.
            let _ = request_animation_frame(move || crate::browser::in_turn(vec![Box::new(write)]));
        } else {
            // The page taken over: at once, before the lists are first shown with it
            // (after takeover), so that they do not move when it is added.
            write();
        }
    });

    let kicker = section.map(|s| {
        view! { <p class="kicker"><a href=Site::current().href(&Page::Section(s.id.clone(), 1))>{s.name}</a></p> }
    });
    let byline = {
        let authors = (!article.authors.is_empty()).then(|| format!("{} {}", da::BY, article.authors.join(" og ")));
        let date = article.published.clone().map(|d| {
            let text = d.danish();
            view! { <time datetime=d.as_str().to_string()>{text}</time> }
        });
        let sep = (authors.is_some() && date.is_some()).then_some(" · ");
        view! { <p class="byline">{authors}{sep}{date}</p> }
    };
    let image = article.image.clone().map(|i| {
        view! {
            <figure class="hero">
                <Picture image=i class="hero-image" width=800 height=450 sizes=HERO_SIZES priority=Priority::First/>
            </figure>
        }
    });
    let body = article.body.clone().map(|b| b.as_str().to_string()).unwrap_or_default();
    // The article's own language marks its text; the Danish interface around stays Danish.
    let lang = article.foreign_language().map(|l| l.as_str().to_string());
    let dir = article.foreign_language().map(|l| l.direction());
    let feedback = expect_context::<Store>().feedback_for(&Page::Article(id.clone()));
    let copyright = m.copyright(&article).map(str::to_string);
    let publication = m.publication.clone();
    let rating_id = id.clone();
    // The blocks under the article, in the order Skræppebladet's readers know; the side
    // column stands beside the article on wide screens and follows it on narrow ones.
    // The rating, the comments and the side column are hydrated each in a task of their
    // own after the rest (`later`, issue 11).
    view! {
        <div class="article-page">
            <div class="article-main">
                <article class="article">
                    <header class="article-head">
                        {kicker}
                        <h1 lang=lang.clone() dir=dir>{article.title.clone()}</h1>
                        {article.summary.clone().map(|s| view! { <p class="lead" lang=lang.clone() dir=dir>{s}</p> })}
                        {byline}
                        <BookmarkButton entry/>
                        {
                            let (title, tools_id, danish) = (article.title.clone(), id.clone(), lang.is_none());
                            later(move || view! { <ReadingTools title id=tools_id danish/> })
                        }
                    </header>
                    {image}
                    <div class="article-body" lang=lang.clone() dir=dir inner_html=body></div>
                </article>
                <ReadAlso article=article.clone() magazine=magazine.clone()/>
                {later(move || view! { <RatingWidget article=rating_id initial=feedback.rating/> })}
                {later(move || view! { <Comments article=id initial=feedback.comments/> })}
                <SourceBox article=article.clone() magazine=magazine.clone()/>
                <CopyrightNotice notice=copyright/>
                <ContactBlock publication/>
            </div>
            {later(move || view! { <SideColumn magazine/> }).usable_while_waiting()}
        </div>
    }
}
