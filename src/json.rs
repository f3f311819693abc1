//! JSON in and out of the app: the feed, the page's data island, the API's answers and
//! localStorage. In the browser through its own `JSON.parse` and `JSON.stringify`, with
//! serde-wasm-bindgen walking the parsed value, so the app carries no JSON parser or
//! number formatter of its own (issue 11: bytes every reader downloads). On the server and
//! in host tests, serde_json.

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

    fn parse(text: &str) -> Result<JsValue, JsonError> {
        JSON::parse(text).map_err(|e| JsonError::Syntax(String::from(js_sys::Error::from(e).message())))
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

    fn error(e: serde_json::Error) -> JsonError {
        match e.is_data() {
            true => JsonError::Shape(e.to_string()),
            false => JsonError::Syntax(e.to_string()),
        }
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

/// Reads `text` as a `T`.
pub use imp::from_str;
/// Reads a JSON list, leaving out the entries that are not a `T` (`Err` only when `text`
/// is not a list at all).
pub use imp::from_str_lenient_list;
/// Writes `value` as JSON.
pub use imp::to_string;

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
