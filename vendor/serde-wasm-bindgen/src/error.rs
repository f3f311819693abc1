use wasm_bindgen::prelude::*;

/// A newtype that represents Serde errors as JavaScript exceptions.
#[derive(Debug)]
pub struct Error(JsValue);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        #[wasm_bindgen]
        extern "C" {
            #[wasm_bindgen(js_name = String)]
            pub fn to_string(value: &JsValue) -> String;
        }

        to_string(&self.0).fmt(f)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Creates a JavaScript `Error` with a given message.
    pub fn new<T: std::fmt::Display>(msg: T) -> Self {
        Error(JsError::new(&msg.to_string()).into())
    }
}

impl serde::ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

impl serde::de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }

    // beboerblad's patch (PATCHED.md): name the kind of value found, not the value.
    // Serde's own messages print it through `Unexpected`'s `Display`, which brings
    // Rust's float formatter into every app that decodes with this crate.
    fn invalid_type(unexp: serde::de::Unexpected, exp: &dyn serde::de::Expected) -> Self {
        Error::new(format_args!("invalid type: {}, expected {}", kind(&unexp), exp))
    }

    fn invalid_value(unexp: serde::de::Unexpected, exp: &dyn serde::de::Expected) -> Self {
        Error::new(format_args!("invalid value: {}, expected {}", kind(&unexp), exp))
    }
}

/// What kind of value `unexp` is, without the value itself (see `invalid_type`).
fn kind<'a>(unexp: &serde::de::Unexpected<'a>) -> &'a str {
    use serde::de::Unexpected::*;
    match *unexp {
        Bool(_) => "boolean",
        Unsigned(_) | Signed(_) | Float(_) => "number",
        Char(_) => "character",
        Str(_) => "string",
        Bytes(_) => "byte array",
        Unit => "null",
        Option => "option",
        NewtypeStruct => "newtype struct",
        Seq => "sequence",
        Map => "map",
        Enum => "enum",
        UnitVariant | NewtypeVariant | TupleVariant | StructVariant => "enum variant",
        Other(other) => other,
    }
}

/// This conversion is needed for `?` to just work when using wasm-bindgen
/// imports that return JavaScript exceptions as `Result<T, JsValue>`.
impl From<JsValue> for Error {
    fn from(error: JsValue) -> Error {
        Error(error)
    }
}

// This conversion is needed for `?` to just work in wasm-bindgen exports
// that return `Result<T, JsValue>` to throw JavaScript exceptions.
impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        error.0
    }
}
