//! JSON through the browser's own `JSON.parse` and serde-wasm-bindgen (`src/json.rs`):
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
