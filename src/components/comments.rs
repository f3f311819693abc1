//! Comments under an article: the list (plain text, links made clickable) with the
//! reader's comments still waiting in the outbox, the form with a character counter and a
//! draft that survives reloads and refusals, and "Slet" for the reader's own comments.

use api_types::{BODY_MAX, Comment, CommentPage, NAME_MAX};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::da;
use crate::date::Timestamp;
use crate::effect::effect;
use crate::model::ArticleId;
use crate::offline;
use crate::outbox::{Entry, Job, Outbox, Outcome, Waiting};
use crate::storage::{MyArticles, MyVoice};

#[component]
pub fn Comments(article: ArticleId, initial: Option<CommentPage>) -> impl IntoView {
    let voice = expect_context::<MyVoice>();
    let my = expect_context::<MyArticles>();
    let outbox = expect_context::<Outbox>();
    // The server sends the first page of comments with the article it renders; an
    // article reached by client-side navigation fetches them, and so does a page the
    // service worker answered (it may be a stored copy: a comment hidden since is gone
    // once the fresh list arrives).
    let fetch = initial.is_none() || offline::served_by_worker();
    let (list, next) = match initial {
        Some(page) => (page.comments, page.next),
        None => (Vec::new(), None),
    };
    // What the page came with is replaced by the fresh list, not added to it.
    let came_with_page: Vec<i64> = list.iter().map(|c| c.id).collect();
    let comments = RwSignal::new(list);
    let next = RwSignal::new(next);
    let message = RwSignal::new(String::new());
    let unavailable = RwSignal::new(false);

    let id = article.clone();
    effect(move || {
        if !fetch {
            return;
        }
        let id = id.clone();
        let came_with_page = came_with_page.clone();
        // Once the page is painted.
        crate::browser::after_paint(move || {
            spawn_local(async move {
                match api::comments(&id, None).await {
                    Ok(page) => {
                        // Keep a comment the reader posted while this was on its way.
                        comments.update(|list| {
                            let earlier = std::mem::replace(list, page.comments);
                            add_new(list, earlier.into_iter().filter(|c| !came_with_page.contains(&c.id)).collect());
                        });
                        next.set(page.next);
                        unavailable.set(false);
                    }
                    // The list may be gone (the reader moved on): nothing to say then.
                    Err(_) => unavailable.set(comments.try_with_untracked(Vec::is_empty).unwrap_or(false)),
                }
            })
        });
    });

    // A comment delivered from the outbox joins the list (its waiting copy leaves it).
    let id = article.clone();
    let seen = StoredValue::new(outbox.report_count());
    effect(move || {
        let (outcomes, count) = outbox.reports_since(seen.get_value(), &id);
        seen.set_value(count);
        let delivered: Vec<Comment> = outcomes
            .into_iter()
            .filter_map(|o| match o {
                Outcome::Commented(c) => Some(c),
                _ => None,
            })
            .collect();
        if !delivered.is_empty() {
            comments.update(|list| add_new(list, delivered));
        }
    });
    let id = article.clone();
    let waiting = Memo::new(move |_| outbox.comments(&id));

    let loading_more = RwSignal::new(false);
    let id = article.clone();
    let load_more = move |_| {
        let Some(after) = next.get_untracked() else { return };
        if loading_more.get_untracked() {
            return;
        }
        loading_more.set(true);
        let id = id.clone();
        spawn_local(async move {
            match api::comments(&id, Some(&after)).await {
                Ok(page) => {
                    comments.update(|list| add_new(list, page.comments));
                    next.set(page.next);
                }
                Err(e) => message.set(e.reader_message()),
            }
            loading_more.set(false);
        });
    };

    // Comments being deleted: their buttons wait for the answer.
    let deleting = RwSignal::new(Vec::<i64>::new());
    let delete = move |comment: i64| {
        let Some(secret) = voice.secret(comment) else { return };
        if deleting.with_untracked(|d| d.contains(&comment)) {
            return;
        }
        deleting.update(|d| d.push(comment));
        spawn_local(async move {
            match api::delete_comment(comment, &secret).await {
                Ok(()) => {
                    comments.update(|c| c.retain(|x| x.id != comment));
                    voice.forget_secret(comment);
                    message.set(da::COMMENT_DELETED.into());
                }
                Err(e) => message.set(format!("{} {}", da::COMMENT_NOT_DELETED, e.reader_message())),
            }
            deleting.update(|d| d.retain(|x| *x != comment));
        });
    };

    let count = move || comments.with(Vec::len);
    let empty = move || {
        let text = if unavailable.get() { da::COMMENTS_UNAVAILABLE } else { da::NO_COMMENTS };
        view! { <p class="meta">{text}</p> }
    };
    view! {
        <section class="comments" aria-labelledby="kommentarer-titel">
            <h2 id="kommentarer-titel">{da::COMMENTS_HEADING}" ("{count}")"</h2>
            <Show when=move || comments.with(|c| !c.is_empty()) || waiting.with(|w| !w.is_empty()) fallback=empty>
                <ol class="comment-list">
                    <For each=move || comments.get() key=|c| c.id children=move |c| {
                        let id = c.id;
                        let own = move || my.is_ready() && voice.secret(id).is_some();
                        let busy = move || deleting.with(|d| d.contains(&id));
                        view! {
                            <CommentItem comment=c>
                                <Show when=own>
                                    <button type="button" class="button secondary small" disabled=busy
                                        on:click=move |_| delete(id)>
                                        {da::DELETE_COMMENT}
                                    </button>
                                </Show>
                            </CommentItem>
                        }
                    }/>
                    // Few and short-lived: no keyed list needed.
                    {move || waiting.get().into_iter().map(|e| view! { <WaitingComment entry=e/> }).collect_view()}
                </ol>
            </Show>
            {move || next.get().is_some().then(|| view! {
                <button type="button" class="button secondary" disabled=move || loading_more.get()
                    on:click=load_more.clone()>{da::MORE_COMMENTS}</button>
            })}
            <p class="live" role="status" aria-live="polite">{move || message.get()}</p>
            <CommentForm article/>
        </section>
    }
}

/// Appends the comments not already in the list (a page may repeat one the reader
/// just posted).
fn add_new(list: &mut Vec<Comment>, page: Vec<Comment>) {
    for comment in page {
        if !list.iter().any(|c| c.id == comment.id) {
            list.push(comment);
        }
    }
}

#[component]
fn CommentItem(comment: Comment, children: Children) -> impl IntoView {
    let date = Timestamp::parse(&comment.created_at).map(|t| t.danish()).unwrap_or_default();
    view! {
        <li class="comment">
            <p class="comment-meta">
                <strong>{comment.name}</strong>" · "<time datetime=comment.created_at.clone()>{date}</time>
            </p>
            <p class="comment-body">{linkify(&comment.body)}</p>
            {children()}
        </li>
    }
}

/// A comment of the reader's still in the outbox: shown at the end of the list, marked
/// as not sent yet.
#[component]
fn WaitingComment(entry: Entry) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let Job::Comment { name, body, .. } = entry.job else { return ().into_any() };
    let state = move || match outbox.waiting() {
        Some(w) if w.is_connection() => da::COMMENT_WAITING,
        Some(_) => da::COMMENT_WAITING_SERVER,
        None => da::SENDING,
    };
    view! {
        <li class="comment waiting">
            <p class="comment-meta"><strong>{name}</strong>" · "<span class="comment-state">{state}</span></p>
            <p class="comment-body">{body}</p>
        </li>
    }
    .into_any()
}

/// Plain text with web addresses as links (never HTML from the comment itself).
fn linkify(text: &str) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut plain = String::new();
    for word in text.split_inclusive(char::is_whitespace) {
        let trimmed = word.trim_end();
        let url = trimmed.trim_end_matches(['.', ',', ')', '!', '?']);
        if (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8 {
            if !plain.is_empty() {
                out.push(std::mem::take(&mut plain).into_any());
            }
            let href = url.to_string();
            out.push(
                view! { <a href=href rel="nofollow ugc noopener noreferrer" target="_blank">{url.to_string()}</a> }
                    .into_any(),
            );
            plain.push_str(&word[url.len()..]);
        } else {
            plain.push_str(word);
        }
    }
    if !plain.is_empty() {
        out.push(plain.into_any());
    }
    out
}

#[component]
fn CommentForm(article: ArticleId) -> impl IntoView {
    let voice = expect_context::<MyVoice>();
    let outbox = expect_context::<Outbox>();
    let body = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let honeypot = RwSignal::new(String::new());

    // The draft comes back once the app runs (the server's form is empty).
    let id = article.clone();
    effect(move || body.set(voice.draft(&id)));

    // What becomes of the comments sent from now on: a refused one is back in the draft.
    let id = article.clone();
    let seen = StoredValue::new(outbox.report_count());
    effect(move || {
        let (outcomes, count) = outbox.reports_since(seen.get_value(), &id);
        seen.set_value(count);
        for outcome in outcomes {
            match outcome {
                Outcome::Commented(_) => message.set(da::COMMENT_SENT.into()),
                Outcome::CommentRefused(why) => {
                    body.set(voice.draft(&id));
                    message.set(format!("{} {why}", da::COMMENT_NOT_SENT));
                }
                Outcome::Rated { .. } | Outcome::RatingRefused(_) => {}
            }
        }
    });
    let id = article.clone();
    let stalled = move || outbox.waiting().filter(|_| !outbox.comments(&id).is_empty());

    let id = article.clone();
    let on_input_body = move |ev| {
        let text = event_target_value(&ev);
        voice.set_draft(&id, text.clone());
        body.set(text);
    };
    let on_input_name = move |ev| voice.set_name(event_target_value(&ev));

    let id = article.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let name = untrack(|| voice.name()).trim().to_string();
        let text = body.get_untracked().trim().to_string();
        let website = Some(honeypot.get_untracked()).filter(|h| !h.is_empty());
        let local = if name.is_empty() {
            Some(da::API_NAME_EMPTY)
        } else if text.is_empty() {
            Some(da::API_BODY_EMPTY)
        } else {
            None
        };
        if let Some(problem) = local {
            message.set(problem.into());
            return;
        }
        // Into the outbox, which sends it (now, or when it can); the form is free at once.
        message.set(String::new());
        outbox.comment(&id, name, text, website);
        voice.set_draft(&id, String::new());
        body.set(String::new());
    };

    let count = move || body.with(|b| b.trim().chars().count());
    let over = move || count() > BODY_MAX;
    view! {
        // Shown only where scripting is off (CSS `scripting` media feature): nothing on the
        // page changes when the app takes over.
        <p class="needs-js meta">{da::COMMENTS_NEED_JS}</p>
        // A dialog form outside a dialog: submitting it goes nowhere, so a reader who clicks
        // before the app has loaded stays on the page; no inline handler (the CSP forbids them).
        <form class="comment-form" method="dialog" on:submit=submit novalidate>
            <h3>{da::WRITE_COMMENT}</h3>
            <label for="kommentar-navn">{da::NAME_LABEL}</label>
            <input id="kommentar-navn" name="name" type="text" autocomplete="name" maxlength=NAME_MAX.to_string()
                prop:value=move || voice.name() on:input=on_input_name/>
            <label for="kommentar-tekst">{da::COMMENT_LABEL}</label>
            <textarea id="kommentar-tekst" name="body" rows="5" aria-describedby="kommentar-taeller"
                prop:value=move || body.get() on:input=on_input_body></textarea>
            <p id="kommentar-taeller" class=move || if over() { "counter over" } else { "counter" }>
                {count}" / "{BODY_MAX}" "{da::CHARACTERS}
            </p>
            <div class="hp" aria-hidden="true">
                <label for="kommentar-hjemmeside">{da::HONEYPOT_LABEL}</label>
                <input id="kommentar-hjemmeside" name="website" type="text" tabindex="-1" autocomplete="off"
                    prop:value=move || honeypot.get() on:input=move |ev| honeypot.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button">{da::SEND_COMMENT}</button>
            <p class="live" role="status" aria-live="polite">
                {move || match stalled() {
                    Some(w) => format!("{} {}", w.reason(), queued(w)),
                    None => message.get(),
                }}
            </p>
        </form>
    }
}

/// What the reader is told of a comment that waits in the outbox.
fn queued(waiting: Waiting) -> &'static str {
    match waiting {
        Waiting::Offline => da::COMMENT_QUEUED_OFFLINE,
        Waiting::Unreachable => da::COMMENT_QUEUED,
        Waiting::Busy | Waiting::Unexpected => da::COMMENT_RETRYING,
    }
}
