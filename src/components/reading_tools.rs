//! The reading tools of an article page, below its title: the text size ("A−"/"A+",
//! see `prefs.rs`), sharing ("Del", or "Kopiér link" without a share sheet, see
//! `share.rs`) and "Læs op" for a Danish article where the device has a Danish voice
//! (`speech.rs`). They need the app, so they are hidden where JavaScript is off; in print
//! only the article's address shows (style/main.css, `@media print`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::da;
use crate::effect::effect;
use crate::model::ArticleId;
use crate::prefs::{Prefs, TEXT_SIZES};
use crate::route::Page;
use crate::share;
use crate::site::Site;
use crate::speech;

/// What "Læs op" reads: the title, the lead and the text's blocks.
const READ_ALOUD_PARTS: &str = ".article h1, .article .lead, .article-body h2, .article-body h3, \
     .article-body p, .article-body li, .article-body blockquote, .article-body figcaption";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Stopped,
    Playing,
    Paused,
}

#[component]
pub fn ReadingTools(
    title: String,
    id: ArticleId,
    /// Whether "Læs op" is offered: the article is in Danish.
    danish: bool,
) -> impl IntoView {
    let prefs = Prefs::current();
    let step = prefs.text_size;
    let last = TEXT_SIZES.len() - 1;
    // `aria-disabled`, not `disabled`: the button keeps keyboard focus at either end.
    let at = move |end: usize| move || if step.get() == end { "true" } else { "false" };

    // Known in the browser only: the server's page (and the first render) has neither.
    let can_share = RwSignal::new(false);
    let url = RwSignal::new(None::<String>);
    let path = Site::current().standalone(&Page::Article(id));
    effect(move || {
        can_share.set(share::can_share());
        url.set(Some(share::absolute(&path)));
    });
    let status = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let on_share = move |_| {
        let Some(url) = url.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        let title = title.clone();
        spawn_local(async move {
            if can_share.get_untracked() {
                share::share(&title, &url).await;
            } else {
                let copied = share::copy(&share::copied_text(&title, &url)).await;
                status.set(Some(if copied { da::LINK_COPIED } else { da::COPY_FAILED }));
            }
            busy.set(false);
        });
    };
    let read_aloud = danish.then(read_aloud);
    view! {
        <div class="reading-tools js-only">
            {read_aloud}
            <div class="text-size" role="group" aria-label=da::TEXT_SIZE>
                <button type="button" class="tool" aria-disabled=at(0) on:click=move |_| prefs.change_text_size(-1)>
                    "A−"<span class="visually-hidden">" "{da::SMALLER_TEXT}</span>
                </button>
                <span class="text-size-now" aria-live="polite">{move || TEXT_SIZES[step.get()]}</span>
                <button type="button" class="tool" aria-disabled=at(last) on:click=move |_| prefs.change_text_size(1)>
                    "A+"<span class="visually-hidden">" "{da::LARGER_TEXT}</span>
                </button>
            </div>
            <button type="button" class="tool share" on:click=on_share>
                {move || if can_share.get() { da::SHARE } else { da::COPY_LINK }}
            </button>
            <span class="share-status" role="status">{move || status.get()}</span>
            // On paper only, where the tools are not (style/main.css, `@media print`).
            <p class="print-url">{move || url.get().map(|u| format!("{} {u}", da::ARTICLE_ADDRESS))}</p>
        </div>
    }
}

/// "Læs op", then "Pause"/"Fortsæt" and "Stop": shown once a Danish voice is known.
fn read_aloud() -> impl IntoView {
    let voice = RwSignal::new(false);
    let reading = RwSignal::new(Reading::Stopped);
    effect(move || {
        // `try_set`: a voice may arrive, or reading end, after the page has gone.
        let found = move || {
            let _ = voice.try_set(true);
        };
        let ended = move || {
            let _ = reading.try_set(Reading::Stopped);
        };
        speech::init(found, ended);
    });
    on_cleanup(speech::stop);
    let toggle = move |_| match reading.get_untracked() {
        Reading::Stopped => {
            speech::play(READ_ALOUD_PARTS);
            reading.set(Reading::Playing);
        }
        Reading::Playing => {
            speech::pause();
            reading.set(Reading::Paused);
        }
        Reading::Paused => {
            speech::resume();
            reading.set(Reading::Playing);
        }
    };
    let stop = move |_| {
        speech::stop();
        reading.set(Reading::Stopped);
    };
    move || {
        voice.get().then(|| {
            view! {
                <div class="read-aloud" role="group" aria-label=da::READ_ALOUD>
                    <button type="button" class="tool" on:click=toggle>
                        {move || match reading.get() {
                            Reading::Stopped => da::READ_ALOUD,
                            Reading::Playing => da::PAUSE,
                            Reading::Paused => da::RESUME,
                        }}
                    </button>
                    {move || (reading.get() != Reading::Stopped).then(|| view! {
                        <button type="button" class="tool" on:click=stop>{da::STOP}</button>
                    })}
                </div>
            }
        })
    }
}
