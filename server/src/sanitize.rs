//! Making untrusted feed HTML safe to show: ammonia, with the allowlist the app shares
//! (`beboerblad::sanitize`, which the browser's Sanitizer API applies once more as a
//! defence in depth). The app never sanitises itself: it shows only what this made.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use beboerblad::model::SafeHtml;
use beboerblad::sanitize::{ATTRIBUTES, ELEMENTS};

/// Elements removed together with everything inside them.
pub const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "select", "textarea", "template",
    "noscript", "svg", "math", "frame", "frameset", "link", "meta", "base", "title", "head",
];

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
pub fn sanitize(html: &str, base: &str) -> SafeHtml {
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
struct ResolveAgainst(String);

impl<'a> ammonia::UrlRelativeEvaluate<'a> for ResolveAgainst {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        Some(Cow::Owned(crate::url::resolve(&self.0, url)))
    }
}

#[cfg(test)]
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

    /// The app hands the browser's Sanitizer API the same allowlist: it must keep all of
    /// what ammonia writes, or fetched articles would lose links and pictures.
    #[test]
    fn what_it_writes_stays_inside_the_allowlist_the_browser_applies_again() {
        let attributes = r#"href="/a" src="/b.jpg" title="t" alt="a" width="1" height="1" colspan="2" rowspan="2" datetime="2024" start="3" class="x" style="y" onclick="z""#;
        let rich: String = ELEMENTS.iter().map(|e| format!("<{e} {attributes}>x</{e}>")).collect();
        let clean = sanitize(&rich, "/feed.json");
        let html = clean.as_str();
        let mut seen = HashSet::new();
        for tag in html.split('<').skip(1).filter(|t| !t.starts_with('/')) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let mut parts = tag.split_whitespace();
            let name = parts.next().unwrap_or_default().trim_end_matches('/');
            assert!(ELEMENTS.contains(&name), "<{name}> in {html}");
            seen.insert(name);
            for attribute in parts.filter_map(|p| p.split_once('=')).map(|(a, _)| a) {
                assert!(ATTRIBUTES.contains(&attribute), "{attribute} on <{name}> in {html}");
            }
        }
        assert!(seen.len() > 30, "most elements survive: {seen:?}");
        assert!(html.contains(r#"rel="noopener noreferrer""#) && html.contains(r#"loading="lazy""#), "{html}");
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
