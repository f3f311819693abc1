//! JSON in and out of the app: the feed, the page's data island, the API's answers and
//! localStorage. In the browser through its own `JSON.parse` and `JSON.stringify`, with
//! serde-wasm-bindgen walking the parsed value, so the app carries no JSON parser or
//! number formatter of its own (issue 11: bytes every reader downloads). On the server and
//! in host tests, serde_json.
//!
//! The magazine, the largest document the app reads, is read field by field from the parsed
//! [`Value`] with the readers below (`feed.rs`): the same code on both sides, and a small
//! fraction of the code serde's derived decoders take.

use serde::Serialize;
use serde::de::DeserializeOwned;
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

    pub fn value_of<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<JsValue, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(deserializer)
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

    pub fn is_object(value: &JsValue) -> bool {
        value.is_object() && !Array::is_array(value)
    }

    pub fn elements(value: &JsValue) -> Option<Vec<JsValue>> {
        Array::is_array(value).then(|| Array::from(value).iter().collect())
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        serde_wasm_bindgen::from_value(parse(text)?).map_err(|e| JsonError::Shape(e.to_string()))
    }

    pub fn from_str_lenient_list<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, JsonError> {
        let value = parse(text)?;
        if !Array::is_array(&value) {
            return Err(JsonError::Shape("not a list".into()));
        }
        Ok(Array::from(&value).iter().filter_map(|v| serde_wasm_bindgen::from_value(v).ok()).collect())
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

    pub fn value_of<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(deserializer)
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

    pub fn is_object(value: &Value) -> bool {
        value.is_object()
    }

    pub fn elements(value: &Value) -> Option<Vec<Value>> {
        value.as_array().cloned()
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        serde_json::from_str(text).map_err(error)
    }

    pub fn from_str_lenient_list<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, JsonError> {
        let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(error)?;
        Ok(values.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect())
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        serde_json::to_string(value).map_err(|e| JsonError::Write(e.to_string()))
    }
}

/// A parsed JSON value: the browser's in the app, serde_json's elsewhere.
pub use imp::Value;
/// Reads `text` as a `T`.
pub use imp::from_str;
/// Reads a JSON list, leaving out the entries that are not a `T` (`Err` only when `text`
/// is not a list at all).
pub use imp::from_str_lenient_list;
/// Parses `text` (a [`JsonError::Syntax`] when it is not JSON).
pub use imp::parse;
/// Writes `value` as JSON.
pub use imp::to_string;
/// The value a serde deserializer is at, whole, for a type read with the readers below.
pub use imp::value_of;
use imp::{as_number, as_string, elements, field, is_object};

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

    /// Field `key` of `value`: a whole number from 0 to `u32::MAX`, or absent.
    pub fn opt_u32(&mut self, value: &Value, key: &'static str) -> Option<u32> {
        self.present(value, key, "a whole number", |v| {
            as_number(&v).filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n)).map(|n| n as u32)
        })
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

    #[test]
    fn syntax_and_shape_errors_differ() {
        assert!(matches!(from_str::<Vec<u32>>("[1, 2"), Err(JsonError::Syntax(_))));
        assert!(matches!(from_str::<Vec<u32>>(r#"["a"]"#), Err(JsonError::Shape(_))));
        assert_eq!(from_str::<Vec<u32>>("[1, 2]"), Ok(vec![1, 2]));
        assert_eq!(from_str_lenient_list::<u32>(r#"[1, "x", 3]"#), Ok(vec![1, 3]));
        assert!(matches!(from_str_lenient_list::<u32>(r#"{"a": 1}"#), Err(JsonError::Shape(_))));
        assert_eq!(to_string(&vec![Some(1), None]).as_deref(), Ok("[1,null]"));
    }
}
