//! JSON through the browser's own `JSON.parse`, read field by field from the parsed value
//! (`src/json.rs`: the magazine, a page's data, the API's answers, what localStorage
//! keeps) and written through serde-wasm-bindgen and `JSON.stringify`: the same answers as
//! on the host (serde_json's value), and shape errors that name the field.
#![cfg(target_arch = "wasm32")]

use beboerblad::json::{self, JsonError};
use beboerblad::storage::{SavedArticle, TextMap};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn syntax_and_shape_errors_differ_as_on_the_host() {
    assert!(matches!(json::read::<TextMap>(r#"{"a": "b""#), Err(JsonError::Syntax(_))));
    assert_eq!(
        json::read::<TextMap>(r#"{"a": 1}"#),
        Err(JsonError::Shape("texts: expected an object of texts".into()))
    );
    let map = json::read::<TextMap>(r#"{"b": "to", "a": "en"}"#).unwrap_or_default();
    assert_eq!((map.get("a"), map.get("b")), (Some("en"), Some("to")));
    let list = r#"[{"id": "a", "title": "A", "at": 1.5}, {"id": 7}, "x", {"id": "b", "title": "B", "issue": null}]"#;
    let read = json::read_lenient_list::<SavedArticle>(list).unwrap_or_default();
    assert_eq!(read.iter().map(|a| (a.id.as_str(), a.at)).collect::<Vec<_>>(), [("a", 1.5), ("b", 0.0)]);
    assert!(matches!(json::read_lenient_list::<SavedArticle>("{}"), Err(JsonError::Shape(_))));
    assert_eq!(json::to_string(&vec![Some(1), None]).as_deref(), Ok("[1,null]"));
}

/// The published magazine, read field by field from the browser's parsed value
/// (`FromJson`), alone and inside a page's data.
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
    match json::read::<PageData>(&data) {
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
