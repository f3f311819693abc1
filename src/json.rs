//! JSON in and out of the app: the feed, the page's data island, the API's answers and
//! localStorage. In the browser through its own `JSON.parse` and `JSON.stringify`, so the
//! app carries no JSON parser or number formatter of its own (issue 11: bytes every reader
//! downloads); on the server and in host tests, serde_json.
//!
//! Reading: each type the app reads is read field by field from the parsed [`Value`]
//! ([`FromJson`] with [`Fields`]; the magazine in `feed.rs`, a page's data in
//! `page_data.rs`, the API's answers in `answers.rs`, localStorage's lists in `storage.rs`
//! and `outbox.rs`), as strictly as serde's derived decoders read them and the same code
//! on both sides, in a quarter of the bytes: serde's decoders, made for each type and each
//! field, were 37 KB of the app's code, these readers are 9 KB. Writing: serde's
//! `Serialize` (the server's types write themselves), through serde-wasm-bindgen and
//! `JSON.stringify` in the browser.

use serde::Serialize;
use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq)]
pub enum JsonError {
    /// Not JSON at all (cut off, an HTML page).
    #[error("not JSON: {0}")]
    Syntax(String),
    /// JSON, but not the shape asked for.
    #[error("unexpected JSON: {0}")]
    Shape(String),
    /// A value that cannot be written as JSON.
    #[error("cannot write JSON: {0}")]
    Write(String),
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::{Array, JSON};
    use wasm_bindgen::JsValue;

    use super::*;

    pub type Value = JsValue;

    pub fn parse(text: &str) -> Result<JsValue, JsonError> {
        JSON::parse(text).map_err(|e| JsonError::Syntax(String::from(js_sys::Error::from(e).message())))
    }

    pub fn field(value: &JsValue, key: &str) -> Option<JsValue> {
        if !value.is_object() {
            return None;
        }
        js_sys::Reflect::get(value, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
    }

    pub fn as_string(value: &JsValue) -> Option<String> {
        value.as_string()
    }

    pub fn as_number(value: &JsValue) -> Option<f64> {
        value.as_f64()
    }

    pub fn as_bool(value: &JsValue) -> Option<bool> {
        value.as_bool()
    }

    pub fn is_object(value: &JsValue) -> bool {
        value.is_object() && !Array::is_array(value)
    }

    pub fn elements(value: &JsValue) -> Option<Vec<JsValue>> {
        Array::is_array(value).then(|| Array::from(value).iter().collect())
    }

    pub fn entries(value: &JsValue) -> Option<Vec<(String, JsValue)>> {
        use wasm_bindgen::JsCast;
        let object: &js_sys::Object = is_object(value).then(|| value.unchecked_ref())?;
        js_sys::Object::entries(object)
            .iter()
            .map(|entry| {
                let pair = Array::from(&entry);
                Some((pair.get(0).as_string()?, pair.get(1)))
            })
            .collect()
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        let value = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| JsonError::Write(e.to_string()))?;
        JSON::stringify(&value).map(String::from).map_err(|_| JsonError::Write("JSON.stringify failed".into()))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;

    pub type Value = serde_json::Value;

    fn error(e: serde_json::Error) -> JsonError {
        match e.is_data() {
            true => JsonError::Shape(e.to_string()),
            false => JsonError::Syntax(e.to_string()),
        }
    }

    pub fn parse(text: &str) -> Result<Value, JsonError> {
        serde_json::from_str(text).map_err(error)
    }

    pub fn field(value: &Value, key: &str) -> Option<Value> {
        value.get(key).filter(|v| !v.is_null()).cloned()
    }

    pub fn as_string(value: &Value) -> Option<String> {
        value.as_str().map(str::to_string)
    }

    pub fn as_number(value: &Value) -> Option<f64> {
        value.as_f64()
    }

    pub fn as_bool(value: &Value) -> Option<bool> {
        value.as_bool()
    }

    pub fn is_object(value: &Value) -> bool {
        value.is_object()
    }

    pub fn elements(value: &Value) -> Option<Vec<Value>> {
        value.as_array().cloned()
    }

    pub fn entries(value: &Value) -> Option<Vec<(String, Value)>> {
        value.as_object().map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        serde_json::to_string(value).map_err(|e| JsonError::Write(e.to_string()))
    }
}

/// A parsed JSON value: the browser's in the app, serde_json's elsewhere.
pub use imp::Value;
/// Parses `text` (a [`JsonError::Syntax`] when it is not JSON).
pub use imp::parse;
/// Writes `value` as JSON.
pub use imp::to_string;
use imp::{as_bool, as_number, as_string, elements, entries, field, is_object};

/// A field that is not what was expected: its name and what it should have been.
#[derive(Clone, Debug, PartialEq)]
pub struct Unexpected {
    pub field: &'static str,
    pub expected: &'static str,
}

impl std::fmt::Display for Unexpected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: expected {}", self.field, self.expected)
    }
}

/// `value` when it is a whole number from `min` to `max`.
fn whole_number(value: &Value, min: f64, max: f64) -> Option<f64> {
    as_number(value).filter(|n| n.fract() == 0.0 && (min..=max).contains(n))
}

/// The largest whole number JavaScript holds exactly (2⁵³).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A type read field by field from parsed JSON with [`Fields`] (see [`read`]).
pub trait FromJson: Sized {
    /// `value` as a `Self`; a field not as expected is noted in `fields` (and reads empty).
    fn read(fields: &mut Fields, value: &Value) -> Self;
}

/// Reads `text` as a `T` ([`FromJson`]).
pub fn read<T: FromJson>(text: &str) -> Result<T, JsonError> {
    read_value(&parse(text)?)
}

/// Reads a JSON list, leaving out the elements that are not a `T` (`Err` only when `text`
/// is not a list at all).
pub fn read_lenient_list<T: FromJson>(text: &str) -> Result<Vec<T>, JsonError> {
    let list = elements(&parse(text)?).ok_or_else(|| JsonError::Shape("not a list".into()))?;
    Ok(list.iter().filter_map(|v| read_value(v).ok()).collect())
}

/// Reads a parsed value as a `T` ([`FromJson`]).
fn read_value<T: FromJson>(value: &Value) -> Result<T, JsonError> {
    let mut fields = Fields::default();
    let read = T::read(&mut fields, value);
    fields.done(read).map_err(|e| JsonError::Shape(e.to_string()))
}

/// Reads the fields of parsed JSON objects, keeping the first that is not as expected. A
/// field not as expected reads as empty (so every field is read without returning early:
/// no clean-up code after each one) and [`Fields::done`] then fails.
#[derive(Default)]
pub struct Fields {
    problem: Option<Unexpected>,
}

impl Fields {
    fn unexpected(&mut self, field: &'static str, expected: &'static str) {
        self.problem.get_or_insert(Unexpected { field, expected });
    }

    /// Field `key` of the object `value` read with `read` when present and not null; `None`
    /// when absent (also when `value` is no object: its own reader says so), or not as
    /// `read` expects.
    fn present<T>(
        &mut self,
        value: &Value,
        key: &'static str,
        expected: &'static str,
        read: fn(Value) -> Option<T>,
    ) -> Option<T> {
        let found = field(value, key)?;
        let read = read(found);
        if read.is_none() {
            self.unexpected(key, expected);
        }
        read
    }

    /// `found` from a field `key` that must be there.
    fn required<T: Default>(&mut self, found: Option<T>, key: &'static str, expected: &'static str) -> T {
        if found.is_none() {
            self.unexpected(key, expected);
        }
        found.unwrap_or_default()
    }

    /// Field `key` of `value`: an object.
    pub fn object(&mut self, value: &Value, key: &'static str) -> Value {
        let found = self.opt_object(value, key);
        self.required(found, key, "an object")
    }

    /// Field `key` of `value`: an object, or absent.
    pub fn opt_object(&mut self, value: &Value, key: &'static str) -> Option<Value> {
        self.present(value, key, "an object", |v| is_object(&v).then_some(v))
    }

    /// Field `key` of `value`: a string.
    pub fn string(&mut self, value: &Value, key: &'static str) -> String {
        let found = self.opt_string(value, key);
        self.required(found, key, "a string")
    }

    /// Field `key` of `value`: a string, or absent.
    pub fn opt_string(&mut self, value: &Value, key: &'static str) -> Option<String> {
        self.present(value, key, "a string", |v| as_string(&v))
    }

    /// Field `key` of `value`: a number, or absent.
    pub fn opt_number(&mut self, value: &Value, key: &'static str) -> Option<f64> {
        self.present(value, key, "a number", |v| as_number(&v))
    }

    /// Field `key` of `value`: a whole number from 0 to `u32::MAX`, or absent.
    pub fn opt_u32(&mut self, value: &Value, key: &'static str) -> Option<u32> {
        self.present(value, key, "a whole number", |v| whole_number(&v, 0.0, f64::from(u32::MAX)).map(|n| n as u32))
    }

    /// Field `key` of `value`: a whole number JavaScript holds exactly (±2⁵³).
    pub fn integer(&mut self, value: &Value, key: &'static str) -> i64 {
        let found = self.present(value, key, "a whole number", |v| whole_number(&v, -EXACT, EXACT).map(|n| n as i64));
        self.required(found, key, "a whole number")
    }

    /// Field `key` of `value`: `true` or `false`; absent is `false`.
    pub fn flag(&mut self, value: &Value, key: &'static str) -> bool {
        self.present(value, key, "true or false", |v| as_bool(&v)).unwrap_or(false)
    }

    /// Field `key` of `value`, an object read as a `T`, or absent.
    pub fn opt_read<T: FromJson>(&mut self, value: &Value, key: &'static str) -> Option<T> {
        let found = self.opt_object(value, key)?;
        Some(T::read(self, &found))
    }

    /// Field `key` of `value`, an object read as a `T`.
    pub fn read<T: FromJson>(&mut self, value: &Value, key: &'static str) -> T {
        let found = self.object(value, key);
        T::read(self, &found)
    }

    /// Field `key` of `value`: a list of objects read as `T`s.
    pub fn list_of<T: FromJson>(&mut self, value: &Value, key: &'static str) -> Vec<T> {
        self.list(value, key).iter().map(|v| T::read(self, v)).collect()
    }

    /// An element of the list `key`: a whole number from 0 to `u32::MAX`.
    pub fn element_u32(&mut self, value: &Value, key: &'static str) -> u32 {
        let found = whole_number(value, 0.0, f64::from(u32::MAX)).map(|n| n as u32);
        self.required(found, key, "whole numbers")
    }

    /// Field `key` of `value`: a whole number from 0 to `u32::MAX`.
    pub fn whole(&mut self, value: &Value, key: &'static str) -> u32 {
        let found = self.opt_u32(value, key);
        self.required(found, key, "a whole number")
    }

    /// Field `key` of `value`: a list, or absent (no elements); its elements as they are.
    pub fn opt_list(&mut self, value: &Value, key: &'static str) -> Vec<Value> {
        self.present(value, key, "a list", |v| elements(&v)).unwrap_or_default()
    }

    /// Field `key` of `value`: a list; its elements as they are.
    pub fn list(&mut self, value: &Value, key: &'static str) -> Vec<Value> {
        let found = self.present(value, key, "a list", |v| elements(&v));
        self.required(found, key, "a list")
    }

    /// Notes field `key` as not `expected` unless `ok`.
    pub fn expect(&mut self, ok: bool, key: &'static str, expected: &'static str) {
        if !ok {
            self.unexpected(key, expected);
        }
    }

    /// An element of the list `key`: a string.
    pub fn element_string(&mut self, value: &Value, key: &'static str) -> String {
        let found = as_string(value);
        self.required(found, key, "strings")
    }

    /// `value`, an object of strings (`what` names it): its keys and texts.
    pub fn texts(&mut self, value: &Value, what: &'static str) -> Vec<(String, String)> {
        let found = entries(value);
        self.expect(found.is_some(), what, "an object of texts");
        let texts = found.unwrap_or_default().into_iter().map(|(k, v)| (k, as_string(&v)));
        texts
            .filter_map(|(k, v)| {
                self.expect(v.is_some(), what, "an object of texts");
                Some((k, v?))
            })
            .collect()
    }

    /// `value`, read from fields that were all as expected; else the first that was not.
    pub fn done<T>(self, value: T) -> Result<T, Unexpected> {
        match self.problem {
            None => Ok(value),
            Some(problem) => Err(problem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A type read with every kind of field reader.
    #[derive(Debug, PartialEq)]
    struct Sample {
        x: u32,
        label: Option<String>,
        id: i64,
        on: bool,
        tags: Vec<String>,
        texts: Vec<(String, String)>,
    }

    impl FromJson for Sample {
        fn read(f: &mut Fields, v: &Value) -> Self {
            let texts = f.object(v, "texts");
            Sample {
                x: f.whole(v, "x"),
                label: f.opt_string(v, "label"),
                id: f.integer(v, "id"),
                on: f.flag(v, "on"),
                tags: f.opt_list(v, "tags").iter().map(|t| f.element_string(t, "tags")).collect(),
                texts: f.texts(&texts, "texts"),
            }
        }
    }

    fn shape(text: &str) -> String {
        match read::<Sample>(text) {
            Err(JsonError::Shape(message)) => message,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn fields_read_strictly_and_the_first_not_as_expected_is_named() {
        let full = r#"{"x": 3, "label": "a", "id": -9007199254740992, "on": true, "tags": ["t"], "texts": {"k": "v"}}"#;
        let sample = Sample {
            x: 3,
            label: Some("a".into()),
            id: -9_007_199_254_740_992,
            on: true,
            tags: vec!["t".into()],
            texts: vec![("k".into(), "v".into())],
        };
        assert_eq!(read::<Sample>(full), Ok(sample));
        let bare = read::<Sample>(r#"{"x": 0, "label": null, "id": 1, "texts": {}}"#);
        assert_eq!(bare.map(|s| (s.label, s.on, s.tags)), Ok((None, false, vec![])));
        assert!(matches!(read::<Sample>(r#"{"x": 1"#), Err(JsonError::Syntax(_))));
        assert_eq!(shape(r#"{"x": 4294967296, "id": 1, "texts": {}}"#), "x: expected a whole number");
        assert_eq!(shape(r#"{"x": 1, "id": 9007199254740993.5, "texts": {}}"#), "id: expected a whole number");
        assert_eq!(shape(r#"{"x": 1, "id": 1e300, "texts": {}}"#), "id: expected a whole number");
        assert_eq!(shape(r#"{"x": 1, "id": 1, "on": 1, "texts": {}}"#), "on: expected true or false");
        assert_eq!(shape(r#"{"x": 1, "id": 1, "tags": "t", "texts": {}}"#), "tags: expected a list");
        assert_eq!(shape(r#"{"x": 1, "id": 1, "tags": [1], "texts": {}}"#), "tags: expected strings");
        assert_eq!(shape(r#"{"x": 1, "id": 1, "texts": {"k": 1}}"#), "texts: expected an object of texts");
        assert_eq!(shape(r#"{"x": 1, "id": 1, "texts": []}"#), "texts: expected an object");
        assert_eq!(shape(r#"{"x": "1", "id": "1", "texts": {}}"#), "x: expected a whole number", "the first one");
        assert_eq!(shape("[]"), "texts: expected an object");
    }

    #[test]
    fn a_lenient_list_leaves_out_what_it_cannot_read() {
        let list = r#"[{"x": 1, "id": 1, "texts": {}}, {"x": "zwei"}, 7, {"x": 3, "id": 3, "texts": {}}]"#;
        assert_eq!(
            read_lenient_list::<Sample>(list).map(|l| l.iter().map(|s| s.x).collect::<Vec<_>>()),
            Ok(vec![1, 3])
        );
        assert!(matches!(read_lenient_list::<Sample>(r#"{"a": 1}"#), Err(JsonError::Shape(_))));
        assert!(matches!(read_lenient_list::<Sample>("[1,"), Err(JsonError::Syntax(_))));
        assert_eq!(to_string(&vec![Some(1), None]).as_deref(), Ok("[1,null]"));
    }
}
