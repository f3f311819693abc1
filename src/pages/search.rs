//! `/soeg?q=…`: the articles matching the header's search field, best first, each with
//! a passage of its text where the matched words are marked. The server renders the
//! first results (readable without JavaScript); in the app a new query asks the API
//! (offline, the service worker answers from the articles stored on the device).

use std::sync::Arc;

use api_types::{SearchHit, SearchResults};
use leptos::prelude::*;

use crate::components::ArticleCard;
use crate::da;
use crate::date::Timestamp;
use crate::model::{Article, ArticleId, IssueId, Language, Magazine, SectionId};
use crate::route::SEARCH_QUERY;
use crate::store::Store;

enum Found {
    /// No query yet.
    Nothing,
    Searching,
    Done(SearchResults),
    Failed(String),
}

/// The query of the current address (`?q=`), trimmed.
pub fn current_query() -> Memo<String> {
    let location = crate::router::use_location();
    Memo::new(move |_| location.query(SEARCH_QUERY).unwrap_or_default().trim().to_string())
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let query = current_query();
    let first = query.get_untracked();
    // The server's results: while taking over its page, whatever they are for (a stored
    // copy of the page may be for another query, which is then asked for), else only
    // when they are for this query.
    let hydrating = Owner::current_shared_context().is_some_and(|c| c.during_hydration());
    let initial = store.initial_search().filter(|r| hydrating || r.query == first);
    let initial_query = initial.as_ref().map(|r| r.query.clone());
    let found = RwSignal::new(match initial {
        Some(results) => Found::Done(results),
        None if first.is_empty() => Found::Nothing,
        None => Found::Searching,
    });
    // Newest query wins: an answer is shown only if no newer query was asked since.
    let asked = StoredValue::new(0u64);
    Effect::new(move |previous: Option<String>| {
        let q = query.get();
        // The server's results for the first query are already shown.
        let shown = initial_query.as_ref().map_or(q.is_empty(), |iq| *iq == q);
        if previous.is_none() && shown {
            return q;
        }
        asked.update_value(|n| *n += 1);
        let turn = asked.get_value();
        if q.is_empty() {
            found.set(Found::Nothing);
            return q;
        }
        found.set(Found::Searching);
        let text = q.clone();
        leptos::task::spawn_local(async move {
            let answer = crate::api::search(&text).await;
            if asked.get_value() == turn {
                found.set(match answer {
                    Ok(results) => Found::Done(results),
                    Err(e) => Found::Failed(e.reader_message()),
                });
            }
        });
        q
    });
    let status = move || {
        found.with(|f| match f {
            Found::Nothing => da::SEARCH_PROMPT.to_string(),
            Found::Searching => da::SEARCH_SEARCHING.to_string(),
            Found::Failed(message) => message.clone(),
            Found::Done(r) => summary(r),
        })
    };
    let offline = move || {
        found
            .with(|f| matches!(f, Found::Done(r) if r.offline))
            .then(|| view! { <p class="note">{da::SEARCH_OFFLINE}</p> })
    };
    let magazine = store.any().unwrap_or_else(|| Arc::new(Magazine::default()));
    // Each answer replaces the whole list (a new query has new passages), so the list is
    // not keyed: `<For>` would add code to the app for nothing.
    let hits = move || {
        found.with(|f| match f {
            Found::Done(r) => r.hits.iter().map(|hit| card(hit, &magazine)).collect_view().into_any(),
            _ => ().into_any(),
        })
    };
    view! {
        <h1>{da::SEARCH_TITLE}</h1>
        <p class="search-status" role="status">{status}</p>
        {offline}
        <ul class="cards search-results">{hits}</ul>
    }
}

/// A hit as an article card, with its passage under the lead.
fn card(hit: &SearchHit, magazine: &Arc<Magazine>) -> impl IntoView + use<> {
    // Plain text and matched words take turns (see `SearchHit::snippet`).
    let passage = hit
        .snippet
        .iter()
        .enumerate()
        .map(
            |(i, text)| {
                if i % 2 == 1 { view! { <mark>{text.clone()}</mark> }.into_any() } else { text.clone().into_any() }
            },
        )
        .collect_view();
    let passage = (!hit.snippet.is_empty()).then(|| view! { <p class="card-snippet">{passage}</p> });
    view! {
        <li>
            <ArticleCard article=article(hit) magazine=magazine.clone() level=2 issue_title=hit.issue_title.clone()>
                {passage}
            </ArticleCard>
        </li>
    }
}

/// "3 artikler passer til »gård«." (and that only the best are shown).
fn summary(r: &SearchResults) -> String {
    let count = match r.total {
        0 => da::SEARCH_NONE.to_string(),
        1 => da::SEARCH_ONE.to_string(),
        n => format!("{n} {}", da::SEARCH_MANY),
    };
    let mut text = format!("{count} »{}«.", r.query);
    if r.hits.len() < r.total {
        text.push_str(&format!(" {} {}.", da::SEARCH_SHOWN, r.hits.len()));
    }
    text
}

/// A hit as the article the cards show (no text: lists never carry one).
fn article(hit: &SearchHit) -> Article {
    Article {
        id: ArticleId::new(hit.id.clone()),
        title: hit.title.clone(),
        summary: hit.summary.clone(),
        body: None,
        image: None,
        published: hit.published.as_deref().and_then(Timestamp::parse),
        authors: Vec::new(),
        issue: hit.issue.clone().map(IssueId::new),
        page: None,
        section: hit.section.clone().map(SectionId::new),
        related: Vec::new(),
        copyright: None,
        language: hit.language.as_deref().and_then(Language::parse),
    }
}
