//! The markup article bodies may hold. The server sanitises every feed with ammonia
//! against this allowlist (`beboerblad-server`'s `sanitize`); the app only shows bodies
//! from our server. As a defence in depth, where the browser has the HTML Sanitizer API
//! (`Element.setHTML`) the app passes the bodies it fetches through it once more with the
//! same allowlist; where it has not, the server's sanitising stands alone (a hand-written
//! sanitiser in the app would cost bytes every reader downloads).

/// Elements kept in article bodies. Everything else is unwrapped (its text kept), except
/// the contents of script/style/iframe/form-like elements, which are dropped whole.
pub const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
];

/// Every attribute the server's sanitiser keeps on some element (it decides which on
/// which), and the two it adds: `rel` on links and `loading` on images.
pub const ATTRIBUTES: &[&str] =
    &["href", "title", "src", "alt", "width", "height", "colspan", "rowspan", "datetime", "start", "rel", "loading"];

#[cfg(target_arch = "wasm32")]
pub use browser::sanitize_again;

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    use super::{ATTRIBUTES, ELEMENTS};
    use crate::model::SafeHtml;

    /// `Element.setHTML(html, {sanitizer: {elements, attributes}})` in an inert document
    /// (nothing loads or runs there), where the browser has it; `html` as it is elsewhere.
    pub fn sanitize_again(html: SafeHtml) -> SafeHtml {
        let holder = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.implementation().ok())
            .and_then(|i| i.create_html_document().ok())
            .and_then(|d| d.create_element("div").ok());
        let Some(holder) = holder else {
            return html;
        };
        let Some(set_html) = Reflect::get(&holder, &"setHTML".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return html;
        };
        let list = |names: &[&str]| names.iter().map(|n| JsValue::from_str(n)).collect::<Array>();
        let config = Object::new();
        let options = Object::new();
        let ok = Reflect::set(&config, &"elements".into(), &list(ELEMENTS)).is_ok()
            && Reflect::set(&config, &"attributes".into(), &list(ATTRIBUTES)).is_ok()
            && Reflect::set(&options, &"sanitizer".into(), &config).is_ok()
            && set_html.call2(&holder, &JsValue::from_str(html.as_str()), &options).is_ok();
        if ok { SafeHtml::from_sanitized(holder.inner_html()) } else { html }
    }
}
