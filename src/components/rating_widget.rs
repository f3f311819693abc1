//! "Bedøm artiklen": five smileys as a radio group, and how readers have rated.

use api_types::{RATING_MAX, RatingSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::da;
use crate::model::ArticleId;
use crate::storage::{MyArticles, MyVoice};

#[component]
pub fn RatingWidget(article: ArticleId, initial: Option<RatingSummary>) -> impl IntoView {
    let voice = expect_context::<MyVoice>();
    let my = expect_context::<MyArticles>();
    let summary = RwSignal::new(initial);
    let message = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let mine = Memo::new(move |_| summary.with(|s| s.as_ref().and_then(|s| s.mine)));

    // In the browser: learn the reader's own rating (and fresh counts).
    let id = article.clone();
    Effect::new(move |_| {
        let id = id.clone();
        let reader = voice.reader_id();
        spawn_local(async move {
            if let Ok(fresh) = api::rating(&id, &reader).await {
                summary.set(Some(fresh));
            }
        });
    });

    let id = article.clone();
    let choose = move |value: Option<u8>| {
        let before = summary.get_untracked();
        summary.update(|s| *s = Some(apply(s.clone().unwrap_or_else(empty), value)));
        busy.set(true);
        let id = id.clone();
        let reader = voice.reader_id();
        spawn_local(async move {
            let result = match value {
                Some(v) => api::rate(&id, &reader, v).await,
                None => api::unrate(&id, &reader).await,
            };
            busy.set(false);
            match result {
                Ok(fresh) => {
                    summary.set(Some(fresh));
                    message.set(if value.is_some() { da::RATING_SAVED } else { da::RATING_REMOVED }.into());
                }
                Err(e) => {
                    summary.set(before);
                    message.set(format!("{} {}", da::RATING_NOT_SAVED, e.reader_message()));
                }
            }
        });
    };

    let group = format!("bedoemmelse-{article}");
    let radios = da::RATINGS
        .iter()
        .zip(1..=RATING_MAX)
        .map(|((name, smiley), value)| {
            let choose = choose.clone();
            view! {
                <label class="smiley">
                    <input
                        type="radio"
                        name=group.clone()
                        value=value.to_string()
                        prop:checked=move || my.is_ready() && mine.get() == Some(value)
                        on:change=move |_| choose(Some(value))
                    />
                    <span class="smiley-face" aria-hidden="true">{*smiley}</span>
                    <span class="visually-hidden">{*name}</span>
                </label>
            }
        })
        .collect_view();
    let remove = move |_| choose(None);
    view! {
        <section class="rating" aria-labelledby="bedoem-titel">
            <h2 id="bedoem-titel">{da::RATE_HEADING}</h2>
            <p id="bedoem-hint" class="hint">{da::RATE_HINT}</p>
            <div class="smileys" role="radiogroup" aria-labelledby="bedoem-titel" aria-describedby="bedoem-hint"
                aria-busy=move || busy.get().to_string()>
                {radios}
            </div>
            {move || (my.is_ready() && mine.get().is_some()).then(|| view! {
                <button type="button" class="link-button" on:click=remove.clone()>{da::RATING_REMOVE}</button>
            })}
            {move || summary.get().map(|s| view! { <Distribution summary=s/> })}
            <p class="live" role="status" aria-live="polite">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn Distribution(summary: RatingSummary) -> impl IntoView {
    if summary.total == 0 {
        return view! { <p class="meta">{da::NO_RATINGS}</p> }.into_any();
    }
    let max = summary.counts.iter().copied().max().unwrap_or(1).max(1);
    let rows = da::RATINGS
        .iter()
        .zip(summary.counts)
        .rev()
        .map(|((name, smiley), count)| {
            let width = format!("width: {}%", count * 100 / max);
            view! {
                <li>
                    <span class="dist-label"><span aria-hidden="true">{*smiley}" "</span>{*name}</span>
                    <span class="dist-bar" aria-hidden="true"><span style=width></span></span>
                    <span class="dist-count">{count}</span>
                </li>
            }
        })
        .collect_view();
    let label = if summary.total == 1 { da::RATING_ONE } else { da::RATINGS_COUNT };
    let average = summary.average.map(|a| format!(" · {} {}", da::RATING_AVERAGE, format!("{a:.1}").replace('.', ",")));
    let totals = format!("{} {label}{}", summary.total, average.unwrap_or_default());
    view! {
        <div class="distribution">
            <h3 class="visually-hidden">{da::RATING_DISTRIBUTION}</h3>
            <ul>{rows}</ul>
            <p class="meta">{totals}</p>
        </div>
    }
    .into_any()
}

fn empty() -> RatingSummary {
    RatingSummary { counts: [0; RATING_MAX as usize], total: 0, average: None, mine: None }
}

/// The summary as it will be once the server has taken the reader's new choice
/// (`None` withdraws it): shown at once, replaced by the server's answer.
pub fn apply(mut s: RatingSummary, value: Option<u8>) -> RatingSummary {
    let slot = |v: u8| usize::from(v.clamp(1, RATING_MAX) - 1);
    if let Some(old) = s.mine {
        s.counts[slot(old)] = s.counts[slot(old)].saturating_sub(1);
    }
    if let Some(new) = value {
        s.counts[slot(new)] += 1;
    }
    s.mine = value;
    s.total = s.counts.iter().sum();
    let sum: u32 = s.counts.iter().zip(1u32..).map(|(c, v)| c * v).sum();
    s.average = (s.total > 0).then(|| f64::from(sum) / f64::from(s.total));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimistic_summary_moves_the_readers_vote() {
        let s = apply(empty(), Some(5));
        assert_eq!((s.counts, s.total, s.mine), ([0, 0, 0, 0, 1], 1, Some(5)));
        let s = apply(s, Some(2));
        assert_eq!((s.counts, s.total, s.average), ([0, 1, 0, 0, 0], 1, Some(2.0)));
        let s = apply(s, None);
        assert_eq!((s.counts, s.total, s.average, s.mine), ([0; 5], 0, None, None));
    }
}
