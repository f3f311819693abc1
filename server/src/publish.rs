//! The magazine as the server publishes it: one JSON Feed 1.1 document with the
//! `_beboerblad` extension (see docs/feed.md) — the [`Magazine`]'s own serde form
//! (`beboerblad::feed`), which the app reads back strictly.
//!
//! What goes out is what the server shows: ids are slugs, every item has a title, bodies
//! are sanitised, sections and issues are resolved, URLs are resolved from the site root,
//! dates are as the feed on disk wrote them, and every `next_url` page is joined into
//! this one document.

use axum::body::Bytes;
use beboerblad::model::Magazine;
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
}
