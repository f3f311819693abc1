//! The reading tools of an article page, below its title: the text size ("A−"/"A+",
//! see `prefs.rs`) and sharing ("Del", or "Kopiér link" without a share sheet, see
//! `share.rs`). They need the app, so they are hidden where JavaScript is off; in print
//! only the article's address shows (style/main.css, `@media print`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::da;
use crate::model::ArticleId;
use crate::prefs::{Prefs, TEXT_SIZES};
use crate::route::Page;
use crate::share;
use crate::site::Site;

#[component]
pub fn ReadingTools(title: String, id: ArticleId) -> impl IntoView {
    let prefs = Prefs::current();
    let step = prefs.text_size;
    let last = TEXT_SIZES.len() - 1;
    // `aria-disabled`, not `disabled`: the button keeps keyboard focus at either end.
    let at = move |end: usize| move || if step.get() == end { "true" } else { "false" };

    // Known in the browser only: the server's page (and the first render) has neither.
    let can_share = RwSignal::new(false);
    let url = RwSignal::new(None::<String>);
    let path = Site::current().standalone(&Page::Article(id));
    Effect::new(move |_| {
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
    view! {
        <div class="reading-tools js-only">
            <div class="text-size" role="group" aria-label=da::TEXT_SIZE>
                <button type="button" class="tool" aria-label=da::SMALLER_TEXT aria-disabled=at(0)
                    on:click=move |_| prefs.change_text_size(-1)>"A−"</button>
                <span class="text-size-now" aria-live="polite">{move || format!("{} %", TEXT_SIZES[step.get()])}</span>
                <button type="button" class="tool" aria-label=da::LARGER_TEXT aria-disabled=at(last)
                    on:click=move |_| prefs.change_text_size(1)>"A+"</button>
            </div>
            <button type="button" class="tool share" on:click=on_share>
                {move || if can_share.get() { da::SHARE } else { da::COPY_LINK }}
            </button>
            <span class="share-status" role="status">{move || status.get()}</span>
        </div>
        <p class="print-url">{move || url.get().map(|u| format!("{} {u}", da::ARTICLE_ADDRESS))}</p>
    }
}
