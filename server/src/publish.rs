//! The magazine as the server publishes it: one JSON Feed 1.1 document with the
//! `_beboerblad` extension (see docs/feed.md) — the [`Magazine`]'s own serde form
//! (`beboerblad::feed`), which the app reads back strictly.
//!
//! What goes out is what the server shows: ids are slugs, every item has a title, bodies
//! are sanitised, sections and issues are resolved, URLs are resolved from the site root,
//! dates are as the feed on disk wrote them, and every `next_url` page is joined into
//! this one document.

use axum::body::Bytes;
use beboerblad::model::{Image, Magazine, SafeHtml};
use sha2::{Digest, Sha256};

use crate::http::hex;

/// A magazine's feed, serialised once and kept with it.
#[derive(Clone, Debug)]
pub struct Published {
    /// The JSON document.
    pub json: Bytes,
    /// A fingerprint of `json` (hex), e.g. for an HTTP entity tag.
    pub digest: String,
}

impl Published {
    pub fn new(magazine: &Magazine) -> Result<Self, serde_json::Error> {
        let json = serde_json::to_vec(magazine)?;
        // Half of SHA-256 is plenty to tell versions of one feed apart.
        let digest = hex(&Sha256::digest(&json)[..16]);
        Ok(Self { json: Bytes::from(json), digest })
    }

    /// The same document for files that are read back from a directory (our content
    /// directory, a static host): URLs below `dir` (the feed's own directory, e.g. `/`)
    /// are written relative to it, so the directory can be served under any path.
    pub fn relative_to(magazine: &Magazine, dir: &str) -> Result<Self, serde_json::Error> {
        Self::new(&relative_magazine(magazine, dir))
    }
}

/// `magazine` with the site's own URLs (pictures, covers, links and pictures in bodies)
/// relative to `dir`.
fn relative_magazine(magazine: &Magazine, dir: &str) -> Magazine {
    let mut m = magazine.clone();
    let relative_image = |image: &mut Option<Image>| {
        if let Some(image) = image {
            image.src = relative(&image.src, dir).to_string();
        }
    };
    for issue in &mut m.issues {
        relative_image(&mut issue.cover);
    }
    for article in &mut m.articles {
        relative_image(&mut article.image);
        if let Some(body) = &article.body {
            article.body = Some(SafeHtml::from_sanitized(relative_in_html(body.as_str(), dir)));
        }
    }
    m
}

/// `url` relative to `dir` when it lies below it (`/images/a.jpg` in `/` is
/// `images/a.jpg`); other URLs as they are.
fn relative<'u>(url: &'u str, dir: &str) -> &'u str {
    match url.strip_prefix(dir) {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => rest,
        _ => url,
    }
}

/// [`relative`] for the `href` and `src` attributes of sanitised HTML. The sanitiser
/// writes `<` in text as `&lt;` and every attribute value in double quotes (a `"` in it
/// as `&quot;`), so a tag is from `<` to the next `>` outside quotes.
fn relative_in_html(html: &str, dir: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut in_value) = (false, false);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if in_tag
            && !in_value
            && let Some(name) = [" src=\"", " href=\""].into_iter().find(|a| rest.starts_with(a))
        {
            let value = &rest[name.len()..];
            let end = value.find('"').unwrap_or(value.len());
            out.push_str(name);
            out.push_str(relative(&value[..end], dir));
            // On at the closing quote, outside the value again.
            rest = &value[end..];
            out.push_str(rest.get(..1).unwrap_or_default());
            rest = rest.get(1..).unwrap_or_default();
            continue;
        }
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag && !in_value => in_tag = false,
            '"' if in_tag => in_value = !in_value,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed_reader::parse;

    #[test]
    fn the_digest_follows_the_content() {
        let magazine = parse(r#"{"title": "Blad", "items": [{"id": "a", "title": "A"}]}"#, "/feed.json");
        let magazine = magazine.unwrap_or_default();
        let (one, same) = (Published::new(&magazine).ok(), Published::new(&magazine).ok());
        let mut changed = magazine.clone();
        changed.articles[0].title = "B".into();
        let other = Published::new(&changed).ok();
        let digest = |p: &Option<Published>| p.as_ref().map(|p| p.digest.clone()).unwrap_or_default();
        assert_eq!(digest(&one).len(), 32);
        assert_eq!(digest(&one), digest(&same));
        assert_ne!(digest(&one), digest(&other));
    }
    #[test]
    fn image_sizes_are_published_and_read_back() {
        let json = r#"{"_beboerblad": {"issues": [{"id": "1", "cover": "f.jpg", "cover_width": 600, "cover_height": 800}]},
            "items": [{"id": "a", "image": "a.jpg", "_beboerblad": {"issue": "1", "image_width": 1200, "image_height": 675}}]}"#;
        let magazine = parse(json, "/feed.json").unwrap_or_default();
        let published = Published::new(&magazine).map(|p| p.json).unwrap_or_default();
        let again = beboerblad::feed::decode(&String::from_utf8_lossy(&published)).unwrap_or_default();
        assert_eq!(again, magazine);
        let size = again.articles[0].image.as_ref().map(|i| (i.width, i.height));
        assert_eq!(size, Some((Some(1200), Some(675))));
        let cover = again.issues[0].cover.as_ref().map(|c| (c.width, c.height));
        assert_eq!(cover, Some((Some(600), Some(800))));
    }

    #[test]
    fn relative_to_writes_the_sites_own_urls_relative_to_the_feed() {
        let json = r#"{"_beboerblad": {"issues": [{"id": "1", "cover": "images/f.jpg"}]},
            "items": [{"id": "a", "image": "images/a.jpg", "content_html":
              "<p><a href=\"/artikel/b\">b</a> <a href=\"https://x.dk/y\">x</a> src=\"/not-an-attribute\" a > b</p><img src=\"images/c.jpg\" alt=\"\">"}]}"#;
        let magazine = parse(json, "/feed.json").unwrap_or_default();
        let published = Published::relative_to(&magazine, "/").map(|p| p.json).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_slice(&published).unwrap_or_default();
        assert_eq!(value["_beboerblad"]["issues"][0]["cover"], "images/f.jpg");
        assert_eq!(value["items"][0]["image"], "images/a.jpg");
        let body = value["items"][0]["content_html"].as_str().unwrap_or_default();
        assert!(body.contains(r#"<a href="artikel/b""#), "{body}");
        assert!(body.contains(r#"<a href="https://x.dk/y""#), "{body}");
        assert!(body.contains(r#"<img src="images/c.jpg""#), "{body}");
        assert!(body.contains(r#" src="/not-an-attribute" a &gt; b"#), "text stays as it was: {body}");
        // Read back at the root it is the same magazine; under a base path it follows.
        assert_eq!(parse(&String::from_utf8_lossy(&published), "/feed.json").unwrap_or_default(), magazine);
        let under = parse(&String::from_utf8_lossy(&published), "/blad/feed.json").unwrap_or_default();
        assert_eq!(under.articles[0].image.as_ref().map(|i| i.src.as_str()), Some("/blad/images/a.jpg"));
    }
}
