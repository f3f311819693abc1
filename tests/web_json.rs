//! JSON through the browser's own `JSON.parse` and serde-wasm-bindgen, and the magazine read
//! field by field from the parsed value (`src/json.rs`, `src/feed.rs`):
//! the same answers as the host's serde_json for what the app reads, and shape errors that
//! name what was found without printing it (the patched serde-wasm-bindgen in
//! `vendor/serde-wasm-bindgen`: printing a number would need Rust's float formatter).
#![cfg(target_arch = "wasm32")]

use beboerblad::json::{self, JsonError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn syntax_and_shape_errors_differ_as_on_the_host() {
    assert!(matches!(json::from_str::<Vec<u32>>("[1, 2"), Err(JsonError::Syntax(_))));
    assert_eq!(json::from_str::<Vec<u32>>("[1, 2]"), Ok(vec![1, 2]));
    assert_eq!(json::from_str_lenient_list::<u32>(r#"[1, "x", 3]"#), Ok(vec![1, 3]));
    assert_eq!(json::to_string(&vec![Some(1), None]).as_deref(), Ok("[1,null]"));
}

#[wasm_bindgen_test]
fn a_value_of_the_wrong_kind_is_named_by_its_kind() {
    for (text, found) in [("[1.5]", "number"), ("[-3]", "number"), ("[true]", "boolean")] {
        match json::from_str::<Vec<String>>(text) {
            Err(JsonError::Shape(message)) => {
                assert_eq!(message, format!("Error: invalid type: {found}, expected a string"), "{text}")
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

/// The published magazine, read field by field from the browser's parsed value
/// (`feed::read`), alone and inside a page's data (through serde-wasm-bindgen's `preserve`).
const FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Bladet",
  "_beboerblad": {"version": 1, "publication": {"name": "Bladet"},
    "issues": [{"id": "2024-05", "title": "Maj", "date": "2024-05-01", "cover": "/f.jpg", "cover_width": 600, "cover_height": 800}],
    "sections": [{"id": "nyt", "name": "Nyt"}], "archive_window": {"number": 2, "total": 31}},
  "items": [{"id": "a", "title": "A", "content_html": "<p>A</p>", "authors": [{"name": "Hanne"}], "language": "so",
             "_beboerblad": {"page": 3, "related": ["b"], "section": null}}]}"#;

#[wasm_bindgen_test]
fn the_magazine_reads_from_the_browser_s_parsed_value() {
    use beboerblad::feed::{FeedError, decode};
    use beboerblad::page_data::{PageContent, PageData};

    let m = decode(FEED).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.issues[0].cover.as_ref().and_then(|c| c.width), Some(600));
    assert_eq!(m.archive_window.as_ref().map(|w| (w.number, w.total)), Some((2, 31)));
    let a = &m.articles[0];
    assert_eq!(
        (a.title.as_str(), a.page, a.authors.clone(), a.section.clone()),
        ("A", Some(3), vec!["Hanne".to_string()], None)
    );
    assert_eq!(a.foreign_language().map(|l| l.as_str()), Some("so"));

    let data = format!(r#"{{"path": "/", "content": {{"magazine": {FEED}}}}}"#);
    match json::from_str::<PageData>(&data) {
        Ok(PageData { content: PageContent::Magazine(inside), .. }) => assert_eq!(*inside, m),
        other => panic!("{other:?}"),
    }

    for (from, to, message) in [
        (r#""page": 3"#, r#""page": 3.5"#, "page: expected a whole number"),
        (r#""related": ["b"]"#, r#""related": [false]"#, "related: expected strings"),
        (r#""title": "A", "#, "", "title: expected a string"),
    ] {
        assert_eq!(decode(&FEED.replace(from, to)), Err(FeedError::Shape(message.into())), "{to}");
    }
    assert!(matches!(decode(&FEED[..200]), Err(FeedError::Json(_))));
}
