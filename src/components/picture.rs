//! A picture from the feed: with the server's smaller WebP copies (`srcset`, so a phone
//! downloads what its screen shows), its size reserved (`width`/`height`: nothing moves
//! when it arrives), and fetched early when it is the page's first (likely its LCP).

use leptos::prelude::*;

use crate::model::Image;
use crate::picture::variant_srcset;
use crate::site::Site;

/// When the browser should fetch it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// The page's first picture, in view at once: fetched with high priority.
    First,
    /// Further down (lists, boxes under the text): fetched when about to scroll into view.
    Lazy,
}

/// `sizes`: how wide it is shown (a `sizes` attribute, e.g. `"(min-width: 42rem) 40rem, 100vw"`);
/// `width` × `height`: its aspect and size in CSS pixels before the stylesheet scales it.
#[component]
pub fn Picture(
    image: Image,
    width: u32,
    height: u32,
    sizes: &'static str,
    priority: Priority,
    /// The `alt` text (when not the feed's own, e.g. a card's picture beside its title: "").
    #[prop(optional, into)]
    alt: Option<String>,
    /// The `<img>`'s class, for the stylesheet.
    class: &'static str,
) -> impl IntoView {
    let site = Site::current();
    let srcset = variant_srcset(&site, &image.src);
    let alt = alt.unwrap_or(image.alt);
    let (loading, fetchpriority) = match priority {
        Priority::First => (None, Some("high")),
        Priority::Lazy => (Some("lazy"), None),
    };
    view! {
        <picture>
            {srcset.map(|srcset| view! { <source type="image/webp" srcset=srcset sizes=sizes/> })}
            <img
                class=class
                src=image.src
                alt=alt
                width=width
                height=height
                loading=loading
                fetchpriority=fetchpriority
            />
        </picture>
    }
}
