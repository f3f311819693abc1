//! `/artikel/:id`: the article, where it was printed, and related articles.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ArticleList, BookmarkButton, Comments, RatingWidget, ReadingTools};
use crate::da;
use crate::model::{ArticleId, Magazine};
use crate::route::Page;
use crate::site::Site;
use crate::storage::{MyArticles, SavedArticle, visit};
use crate::store::Store;

#[component]
pub fn ArticlePage(magazine: Arc<Magazine>, id: ArticleId) -> impl IntoView {
    let Some(article) = magazine.article(&id).cloned() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let m = &magazine;
    let issue = article.issue.as_ref().and_then(|i| m.issue(i)).cloned();
    let section = article.section.as_ref().and_then(|s| m.section(s)).cloned();
    let entry = SavedArticle::of(&article, m, 0.0);

    // Remember the visit (browser only: effects do not run on the server).
    let my = expect_context::<MyArticles>();
    let visited = entry.clone();
    Effect::new(move |_| {
        let mut entry = visited.clone();
        entry.at = crate::browser::now_ms();
        // On the next frame: a change made in the tick that hydrates the page is not
        // written to localStorage by leptos-use (its watcher starts after it), so a
        // reader who opened an article directly would find it missing from the list.
        request_animation_frame(move || my.recent.update(|list| visit(list, entry)));
    });

    let kicker = section.clone().map(|s| {
        view! { <p class="kicker"><a href=Site::current().href(&Page::Section(s.id.clone()))>{s.name}</a></p> }
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
                <img src=i.src alt=i.alt width="800" height="450" fetchpriority="high"/>
            </figure>
        }
    });
    let body = article.body.clone().map(|b| b.as_str().to_string()).unwrap_or_default();
    let source = issue.clone().map(|issue| {
        let href = Site::current().href(&Page::Issue(issue.id.clone()));
        let cover = issue.cover.clone().map(|c| {
            view! {
                <a href=href.clone() class="source-cover">
                    <img src=c.src alt=format!("{} {}", da::COVER_OF, issue.title) width="90" height="120" loading="lazy"/>
                </a>
            }
        });
        let page = article.page.map(|p| format!(" {} {p}", da::PAGE));
        let in_section = section.clone().map(|s| {
            view! { " "{da::IN_SECTION}" "<a href=Site::current().href(&Page::Section(s.id.clone()))>{s.name}</a> }
        });
        view! {
            <aside class="source" aria-label=da::SOURCE_LABEL>
                {cover}
                <p>
                    {da::PRINTED_IN}" "{m.publication.name.clone()}" "
                    <a href=href>{issue.title.clone()}</a>
                    {page}{in_section}
                </p>
            </aside>
        }
    });
    // The article's own language marks its text; the Danish interface around stays Danish.
    let lang = article.foreign_language().map(|l| l.as_str().to_string());
    let dir = article.foreign_language().map(|l| l.direction());
    let feedback = expect_context::<Store>().feedback_for(&Page::Article(id.clone()));
    let related: Vec<_> = m.related(&article).into_iter().cloned().collect();
    let related = (!related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="laes-ogsaa">
                <h2 id="laes-ogsaa">{da::READ_ALSO}</h2>
                <ArticleList articles=related magazine=magazine.clone() level=3/>
            </section>
        }
    });
    view! {
        <article class="article">
            <header class="article-head">
                {kicker}
                <h1 lang=lang.clone() dir=dir>{article.title.clone()}</h1>
                {article.summary.clone().map(|s| view! { <p class="lead" lang=lang.clone() dir=dir>{s}</p> })}
                {byline}
                <BookmarkButton entry/>
                <ReadingTools title=article.title.clone() id=id.clone() danish=lang.is_none()/>
            </header>
            {image}
            <div class="article-body" lang=lang.clone() dir=dir inner_html=body></div>
            {source}
            <RatingWidget article=id.clone() initial=feedback.rating/>
            <Comments article=id initial=feedback.comments/>
        </article>
        {related}
    }
    .into_any()
}
