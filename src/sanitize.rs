//! Making untrusted feed HTML safe to show. On the server (and in host tests) this is
//! ammonia; in the browser it is the HTML Sanitizer API where the browser has it, with a
//! small allowlist walk over an inert parsed document as the fallback (ammonia compiled
//! to WASM would more than double the bundle). Both use the allowlist below.

use crate::model::SafeHtml;

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

/// Elements removed together with everything inside them.
pub const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "select", "textarea", "template",
    "noscript", "svg", "math", "frame", "frameset", "link", "meta", "base", "title", "head",
];

/// Every attribute [`allowed_attribute`] keeps on some element.
pub const ATTRIBUTES: &[&str] =
    &["href", "title", "src", "alt", "width", "height", "colspan", "rowspan", "datetime", "start"];

/// Attributes kept, per element (no `style`, no `on*`, no `class`).
pub fn allowed_attribute(element: &str, attribute: &str) -> bool {
    matches!(
        (element, attribute),
        ("a", "href" | "title")
            | ("img", "src" | "alt" | "width" | "height" | "title")
            | ("td" | "th", "colspan" | "rowspan")
            | ("abbr", "title")
            | ("time", "datetime")
            | ("ol", "start")
    )
}

/// Whether a URL may stay in `href`/`src`: web links, mail, phone and relative links.
pub fn allowed_url(element: &str, url: &str) -> bool {
    let compact: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = compact.to_ascii_lowercase();
    match lower.find(':') {
        // A colon before any `/`, `?` or `#` means a scheme.
        Some(i) if !lower[..i].contains(['/', '?', '#']) => {
            let scheme = &lower[..i];
            matches!(scheme, "http" | "https") || (element == "a" && matches!(scheme, "mailto" | "tel"))
        }
        _ => true,
    }
}

/// Plain text (`content_text`) as escaped paragraphs.
pub fn paragraphs(text: &str) -> SafeHtml {
    let html = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect::<String>();
    SafeHtml::from_sanitized(html)
}

/// The text of sanitised HTML: tags dropped, the escapes our sanitisers write undone.
pub fn text_of(html: &SafeHtml) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.as_str().chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Sanitises `html` from a feed whose URL is `base` (relative links are resolved against it).
#[cfg(not(target_arch = "wasm32"))]
pub fn sanitize(html: &str, base: &str) -> SafeHtml {
    use std::borrow::Cow;
    use std::collections::{HashMap, HashSet};

    let base = base.to_string();
    let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    for el in ELEMENTS {
        for attr in ATTRIBUTES {
            if allowed_attribute(el, attr) {
                attributes.entry(*el).or_default().insert(attr);
            }
        }
    }
    let clean = ammonia::Builder::default()
        .tags(ELEMENTS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().filter(|t| *t != "head").collect())
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(ResolveAgainst(base))))
        .link_rel(Some("noopener noreferrer"))
        .set_tag_attribute_value("img", "loading", "lazy")
        .attribute_filter(|element, attribute, value| {
            if matches!(attribute, "href" | "src") && !allowed_url(element, value) {
                None
            } else {
                Some(Cow::Borrowed(value))
            }
        })
        .clean(html)
        .to_string();
    SafeHtml::from_sanitized(clean)
}

/// Resolves relative links in bodies against the feed's URL.
#[cfg(not(target_arch = "wasm32"))]
struct ResolveAgainst(String);

#[cfg(not(target_arch = "wasm32"))]
impl<'a> ammonia::UrlRelativeEvaluate<'a> for ResolveAgainst {
    fn evaluate<'url>(&self, url: &'url str) -> Option<std::borrow::Cow<'url, str>> {
        Some(std::borrow::Cow::Owned(crate::url::resolve(&self.0, url)))
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::sanitize;

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{Document, DomParser, Element, SupportedType};

    use super::{ATTRIBUTES, DROPPED_WITH_CONTENT, ELEMENTS, allowed_attribute, allowed_url};
    use crate::model::SafeHtml;

    /// Sanitises in an inert document (nothing loads or runs there).
    pub fn sanitize(html: &str, base: &str) -> SafeHtml {
        let Some(doc) = inert_document() else {
            return super::paragraphs(&strip_tags(html));
        };
        let Some(body) = doc.body() else {
            return super::paragraphs(&strip_tags(html));
        };
        let holder: Element = body.into();
        if !set_html_with_sanitizer(&holder, html) {
            holder.set_inner_html(html);
        }
        // The allowlist walk runs in both cases: it is the whole sanitiser where the
        // Sanitizer API is missing, and it resolves relative URLs against the feed.
        walk(&doc, &holder, base);
        SafeHtml::from_sanitized(holder.inner_html())
    }

    fn inert_document() -> Option<Document> {
        DomParser::new().ok()?.parse_from_string("<!doctype html><body></body>", SupportedType::TextHtml).ok()
    }

    /// `Element.setHTML(html, {sanitizer: {elements, attributes}})`, where supported.
    fn set_html_with_sanitizer(el: &Element, html: &str) -> bool {
        let Ok(set_html) = Reflect::get(el, &JsValue::from_str("setHTML")) else {
            return false;
        };
        let Some(set_html) = set_html.dyn_ref::<Function>() else {
            return false;
        };
        let elements: Array = ELEMENTS.iter().map(|e| JsValue::from_str(e)).collect();
        let attributes: Array = ATTRIBUTES.iter().map(|a| JsValue::from_str(a)).collect();
        let config = Object::new();
        let options = Object::new();
        let ok = Reflect::set(&config, &"elements".into(), &elements).is_ok()
            && Reflect::set(&config, &"attributes".into(), &attributes).is_ok()
            && Reflect::set(&options, &"sanitizer".into(), &config).is_ok();
        ok && set_html.call2(el, &JsValue::from_str(html), &options).is_ok()
    }

    fn walk(doc: &Document, parent: &Element, base: &str) {
        let children = parent.children();
        // Collect first: the walk changes the tree.
        let list: Vec<Element> = (0..children.length()).filter_map(|i| children.item(i)).collect();
        for el in list {
            let name = el.local_name().to_ascii_lowercase();
            if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
                el.remove();
                continue;
            }
            walk(doc, &el, base);
            if !ELEMENTS.contains(&name.as_str()) {
                unwrap(&el);
                continue;
            }
            let attrs = el.get_attribute_names();
            for attr in attrs.iter().filter_map(|a| a.as_string()) {
                let keep = allowed_attribute(&name, &attr)
                    && el
                        .get_attribute(&attr)
                        .is_none_or(|v| !matches!(attr.as_str(), "href" | "src") || allowed_url(&name, &v));
                if !keep {
                    let _ = el.remove_attribute(&attr);
                } else if matches!(attr.as_str(), "href" | "src")
                    && let Some(v) = el.get_attribute(&attr)
                {
                    let _ = el.set_attribute(&attr, &crate::url::resolve(base, &v));
                }
            }
            match name.as_str() {
                "a" => {
                    let _ = el.set_attribute("rel", "noopener noreferrer");
                }
                "img" => {
                    let _ = el.set_attribute("loading", "lazy");
                }
                _ => {}
            }
        }
        let _ = doc;
    }

    /// Replaces an element by its children.
    fn unwrap(el: &Element) {
        if let Some(parent) = el.parent_node() {
            while let Some(child) = el.first_child() {
                let _ = parent.insert_before(&child, Some(el));
            }
            el.remove();
        }
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn hostile_markup_is_removed() {
        let dirty = r#"<p onclick="x()">Hej <script>alert(1)</script><a href="javascript:alert(1)">link</a>
            <img src="x.jpg" onerror="alert(1)" alt="Et billede"><iframe src="https://evil"></iframe>
            <form><input name=a></form><span style="position:fixed">tekst</span><h1>Stor</h1></p>"#;
        let clean = sanitize(dirty, "/feed.json");
        let html = clean.as_str();
        for bad in ["script", "onclick", "onerror", "javascript", "iframe", "form", "input", "style", "<h1"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains(r#"src="/x.jpg""#), "{html}");
        assert!(html.contains(r#"alt="Et billede""#));
        assert!(html.contains("tekst") && html.contains("Stor"));
    }

    #[test]
    fn normal_markup_is_kept() {
        let html = r#"<h2>Mellemrubrik</h2><p><strong>Fed</strong> og <em>kursiv</em> <a href="https://example.org/x">link</a></p><ul><li>En</li></ul><blockquote>Citat</blockquote>"#;
        let clean = sanitize(html, "/feed.json");
        for good in ["<h2>", "<strong>", "<em>", "<ul>", "<li>", "<blockquote>", r#"href="https://example.org/x""#] {
            assert!(clean.as_str().contains(good), "{good} missing: {}", clean.as_str());
        }
    }

    #[test]
    fn url_checks() {
        assert!(!allowed_url("a", "java\tscript:alert(1)"));
        assert!(!allowed_url("a", " JAVASCRIPT:alert(1)"));
        assert!(!allowed_url("img", "data:image/svg+xml,<svg onload=alert(1)>"));
        assert!(allowed_url("a", "mailto:a@b.dk"));
        assert!(!allowed_url("img", "mailto:a@b.dk"));
        assert!(allowed_url("img", "images/a.jpg"));
        assert!(allowed_url("a", "/artikel/x?a=b:c"));
    }

    #[test]
    fn text_becomes_escaped_paragraphs() {
        assert_eq!(paragraphs("a <b>\n\nc").as_str(), "<p>a &lt;b&gt;</p><p>c</p>");
    }
}
