//! "Bedøm artiklen": five smileys as a radio group, and how readers have rated.

use api_types::{RATING_MAX, RatingSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::da;
use crate::effect::effect;
use crate::model::ArticleId;
use crate::outbox::{Outbox, Outcome};
use crate::storage::{MyArticles, MyVoice};
use crate::voting::{Answer, Settled, Voting};

/// What the widget's requests need: the article, the reader, and where answers go.
#[derive(Clone)]
struct Widget {
    article: ArticleId,
    voting: RwSignal<Voting>,
    message: RwSignal<String>,
    voice: MyVoice,
    outbox: Outbox,
}

impl Widget {
    /// Fetches the summary, with the reader's own rating when the browser has a reader
    /// id (none is asked for just to look); a choice made meanwhile wins.
    fn refresh(&self) {
        let this = self.clone();
        // The widget may be gone (the reader moved on before this ran).
        let Some(token) = self.voting.try_with_untracked(Voting::fetch_started) else { return };
        spawn_local(async move {
            let reader = this.voice.reader();
            match api::rating(&this.article, reader.as_deref()).await {
                Ok(fresh) => {
                    let waiting = untrack(|| this.outbox.rating(&this.article)).is_some();
                    this.voting.update(|v| {
                        v.fetched(token, fresh, waiting);
                    });
                }
                // An id the server no longer recognises: drop it and look without one.
                Err(e) if e.is_invalid_reader() => {
                    if let Some(reader) = reader {
                        this.voice.forget_reader(&reader);
                        this.refresh();
                    }
                }
                Err(_) => {}
            }
        });
    }

    /// What the outbox reports of this article's ratings.
    fn hear(&self, outcome: Outcome) {
        let waiting = untrack(|| self.outbox.rating(&self.article));
        let (answer, refusal) = match outcome {
            Outcome::Rated { choice, summary } => (Answer::Stored(choice, summary), None),
            Outcome::RatingRefused(why) => (Answer::Refused, Some(why)),
            Outcome::Commented(_) | Outcome::CommentRefused(_) => return,
        };
        let Some(settled) = self.voting.try_update(|v| v.answered(answer, waiting)).flatten() else { return };
        match (settled, refusal) {
            (Settled::Saved(Some(_)), _) => self.message.set(da::RATING_SAVED.into()),
            (Settled::Saved(None), _) => self.message.set(da::RATING_REMOVED.into()),
            (Settled::Failed, why) => {
                self.message.set(format!("{} {}", da::RATING_NOT_SAVED, why.unwrap_or_default()));
                // The request may have reached the server before failing: ask.
                self.refresh();
            }
        }
    }
}

#[component]
pub fn RatingWidget(article: ArticleId, initial: Option<RatingSummary>) -> impl IntoView {
    let voice = expect_context::<MyVoice>();
    let my = expect_context::<MyArticles>();
    let outbox = expect_context::<Outbox>();
    let voting = RwSignal::new(Voting::new(initial));
    let message = RwSignal::new(String::new());
    let widget = Widget { article: article.clone(), voting, message, voice, outbox };
    // The reader's choice still in the outbox (from this page, another tab or an earlier
    // visit): shown on top of what the server confirmed.
    let id = article.clone();
    let waiting = Memo::new(move |_| outbox.rating(&id));
    let summary = Memo::new(move |_| voting.with(|v| v.shown(waiting.get())));
    let stalled = move || waiting.get().and(outbox.waiting());
    let busy = Memo::new(move |_| waiting.get().is_some() && outbox.waiting().is_none());
    let mine = Memo::new(move |_| summary.with(|s| s.as_ref().and_then(|s| s.mine)));

    // In the browser: learn the reader's own rating (and fresh counts), once the page
    // is painted.
    let w = widget.clone();
    effect(move || {
        let w = w.clone();
        crate::browser::after_paint(move || w.refresh());
    });
    // And hear what becomes of the choices sent from now on.
    let w = widget.clone();
    let seen = StoredValue::new(outbox.report_count());
    effect(move || {
        let (outcomes, count) = outbox.reports_since(seen.get_value(), &w.article);
        seen.set_value(count);
        for outcome in outcomes {
            w.hear(outcome);
        }
    });

    let w = widget.clone();
    let choose = move |value: Option<u8>| {
        w.voting.update(Voting::chose);
        w.outbox.rate(&w.article, value);
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
            <p class="live" role="status" aria-live="polite">
                {move || match stalled() {
                    Some(w) => {
                        let then = if w.is_connection() { da::RATING_QUEUED } else { da::RATING_RETRYING };
                        format!("{} {then}", w.reason())
                    }
                    None => message.get(),
                }}
            </p>
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
            let bar = format!("w-{}", bar_width(count, max));
            view! {
                <li>
                    <span class="dist-label"><span aria-hidden="true">{*smiley}" "</span>{*name}</span>
                    <span class="dist-bar" aria-hidden="true"><span class=bar></span></span>
                    <span class="dist-count">{count}</span>
                </li>
            }
        })
        .collect_view();
    let label = if summary.total == 1 { da::RATING_ONE } else { da::RATINGS_COUNT };
    let average = summary.average.map(|a| format!(" · {} {}", da::RATING_AVERAGE, one_decimal(a)));
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

/// A bar's width in percent of the widest, rounded to a step of 5 (classes `w-5` … `w-100`
/// in style/main.css: the Content-Security-Policy allows no inline `style`); a bar with any
/// votes is at least one step wide.
fn bar_width(count: u32, max: u32) -> u32 {
    if count == 0 {
        return 0;
    }
    ((count * 20 + max / 2) / max.max(1) * 5).max(5)
}

/// An average the Danish way with one decimal ("4,3"), rounded half up. Integer
/// formatting only: formatting a float would bring the float formatter (~10 KB) into the app.
fn one_decimal(value: f64) -> String {
    let tenths = (value.max(0.0) * 10.0 + 0.5) as u32;
    format!("{},{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::{bar_width, one_decimal};

    #[test]
    fn averages_have_one_decimal_and_a_comma() {
        for (value, text) in [(5.0, "5,0"), (4.25, "4,3"), (3.0 / 7.0 * 7.0, "3,0"), (10.0 / 3.0, "3,3"), (1.96, "2,0")]
        {
            assert_eq!(one_decimal(value), text, "{value}");
        }
    }

    #[test]
    fn bars_are_in_steps_of_five_percent_of_the_widest() {
        for (count, max, width) in
            [(0, 1, 0), (4, 4, 100), (2, 4, 50), (1, 3, 35), (2, 3, 65), (1, 100, 5), (1, 41, 5), (0, 7, 0)]
        {
            assert_eq!(bar_width(count, max), width, "{count} of {max}");
        }
    }

    #[test]
    fn every_width_has_its_class_in_the_stylesheet() {
        let css = include_str!("../../style/main.css");
        for width in (5..=100).step_by(5) {
            assert!(css.contains(&format!(".dist-bar .w-{width} {{ width: {width}%; }}")), "w-{width}");
        }
    }
}
