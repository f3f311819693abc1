//! The one typed client of our server's API (ratings and comments). Errors carry the
//! server's error code; readers get a Danish message for each.

use api_types::{
    CommentCreated, CommentInput, CommentPage, ErrorCode, RatingDelete, RatingInput, RatingSummary, ReaderCreated,
    SearchResults,
};
use thiserror::Error;

use crate::answers::ErrorCodeOf;
use crate::da;
use crate::json::FromJson;
use crate::model::ArticleId;

#[derive(Clone, Debug, Error, PartialEq)]
pub enum ApiError {
    /// No answer: offline, DNS, connection refused or cut.
    #[error("network error: {0}")]
    Network(String),
    /// An error answer from the server (or a proxy in front of it).
    #[error("HTTP {status}: {code:?}")]
    Server { status: u16, code: Option<ErrorCode>, retry_after: Option<u32> },
    /// A successful answer that is not what the API promises (e.g. a proxy's HTML page).
    #[error("unexpected answer: {0}")]
    Decode(String),
    /// The request could not be made (e.g. its body could not be encoded).
    #[error("request not sent: {0}")]
    Request(String),
}

/// The HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
}

impl ApiError {
    /// What the reader is told, in Danish.
    pub fn reader_message(&self) -> String {
        match self {
            ApiError::Network(_) => da::API_OFFLINE.into(),
            ApiError::Server { code: Some(ErrorCode::RateLimited), retry_after, .. } => {
                let wait = match *retry_after {
                    Some(s) if s > 3600 => count(s.div_ceil(3600), da::HOUR, da::HOURS),
                    Some(s) if s >= 60 => count(s.div_ceil(60), da::MINUTE, da::MINUTES),
                    Some(s) => count(s, da::SECOND, da::SECONDS),
                    None => da::A_LITTLE.into(),
                };
                format!("{} {wait}", da::API_RATE_LIMITED)
            }
            ApiError::Server { code: Some(code), .. } => match code {
                ErrorCode::NameEmpty => da::API_NAME_EMPTY,
                ErrorCode::NameTooLong => da::API_NAME_TOO_LONG,
                ErrorCode::NameInvalid => da::API_NAME_INVALID,
                ErrorCode::BodyEmpty => da::API_BODY_EMPTY,
                ErrorCode::BodyTooLong | ErrorCode::BodyTooLarge => da::API_BODY_TOO_LONG,
                ErrorCode::BodyInvalid => da::API_BODY_INVALID,
                ErrorCode::UnknownArticle => da::API_UNKNOWN_ARTICLE,
                ErrorCode::UnknownComment => da::API_UNKNOWN_COMMENT,
                ErrorCode::WrongToken | ErrorCode::MissingToken => da::API_NOT_YOURS,
                ErrorCode::InvalidReader => da::API_INVALID_READER,
                ErrorCode::QueryTooLong => da::SEARCH_TOO_LONG,
                _ => da::API_FAILED,
            }
            .into(),
            ApiError::Server { .. } => da::API_FAILED.into(),
            ApiError::Decode(_) => da::API_UNEXPECTED.into(),
            ApiError::Request(_) => da::API_FAILED.into(),
        }
    }

    /// The server did not recognise the reader id (it was not issued by it, or its key
    /// has been replaced since): the id must be replaced.
    pub fn is_invalid_reader(&self) -> bool {
        matches!(self, ApiError::Server { code: Some(ErrorCode::InvalidReader), .. })
    }
}

/// `n` with the singular or plural Danish unit.
fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `<meta name="beboerblad-api" content="…">` sets where the API lives (default `api`
/// under the base path: `/api`, or e.g. `/skraeppebladet/api`).
pub const API_META: &str = "beboerblad-api";

/// One request to the API, described before it is sent: what goes in the URL, the
/// headers and the body is decided here, in one place, where tests can look at it.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub method: Method,
    /// Below the API's base, e.g. `/articles/x/rating`.
    pub path: String,
    /// A reader id for the `Beboerblad-Reader` header.
    pub reader: Option<String>,
    /// A comment's secret for `Authorization: Bearer`.
    pub bearer: Option<String>,
    /// For the `Idempotency-Key` header: the server answers a write sent again under the
    /// same key with its first result instead of doing it twice (see `outbox.rs`).
    pub key: Option<String>,
    /// JSON.
    pub body: Option<String>,
}

impl Call {
    fn new(method: Method, path: String) -> Self {
        Self { method, path, reader: None, bearer: None, key: None, body: None }
    }

    fn keyed(self, key: &str) -> Self {
        Self { key: Some(key.into()), ..self }
    }

    fn json<T: serde::Serialize>(mut self, value: &T) -> Result<Self, ApiError> {
        self.body = Some(json(value)?);
        Ok(self)
    }
}

/// The requests the app makes.
pub mod calls {
    use super::*;

    pub fn new_reader() -> Call {
        Call::new(Method::Post, "/readers".into())
    }

    /// The reader id goes in a header, never the URL: URLs end up in logs.
    pub fn rating(article: &ArticleId, reader: Option<&str>) -> Call {
        Call { reader: reader.map(str::to_string), ..Call::new(Method::Get, format!("/articles/{article}/rating")) }
    }

    /// `key`: see [`Call::key`].
    pub fn rate(article: &ArticleId, reader: &str, value: u8, key: &str) -> Result<Call, ApiError> {
        Call::new(Method::Put, format!("/articles/{article}/rating"))
            .keyed(key)
            .json(&RatingInput { reader: reader.into(), value })
    }

    pub fn unrate(article: &ArticleId, reader: &str) -> Result<Call, ApiError> {
        Call::new(Method::Delete, format!("/articles/{article}/rating")).json(&RatingDelete { reader: reader.into() })
    }

    pub fn comments(article: &ArticleId, after: Option<&str>) -> Call {
        let query = after.map(|a| format!("?after={a}")).unwrap_or_default();
        Call::new(Method::Get, format!("/articles/{article}/comments{query}"))
    }

    /// `key`: see [`Call::key`].
    pub fn post_comment(article: &ArticleId, input: &CommentInput, key: &str) -> Result<Call, ApiError> {
        Call::new(Method::Post, format!("/articles/{article}/comments")).keyed(key).json(input)
    }

    pub fn search(query: &str) -> Call {
        Call::new(Method::Get, format!("/search?q={}", encode_query(query)))
    }

    pub fn delete_comment(id: i64, secret: &str) -> Call {
        Call { bearer: Some(secret.into()), ..Call::new(Method::Delete, format!("/comments/{id}")) }
    }
}

/// A new reader id from the server, checked to have the form it issues.
pub async fn new_reader() -> Result<String, ApiError> {
    let created: ReaderCreated = imp::send(calls::new_reader()).await?;
    if api_types::is_reader_id(&created.reader) {
        Ok(created.reader)
    } else {
        Err(ApiError::Decode(format!("not a reader id: {:?}", created.reader)))
    }
}

pub async fn rating(article: &ArticleId, reader: Option<&str>) -> Result<RatingSummary, ApiError> {
    imp::send(calls::rating(article, reader)).await
}

pub async fn rate(article: &ArticleId, reader: &str, value: u8, key: &str) -> Result<RatingSummary, ApiError> {
    imp::send(calls::rate(article, reader, value, key)?).await
}

pub async fn unrate(article: &ArticleId, reader: &str) -> Result<RatingSummary, ApiError> {
    imp::send(calls::unrate(article, reader)?).await
}

pub async fn comments(article: &ArticleId, after: Option<&str>) -> Result<CommentPage, ApiError> {
    imp::send(calls::comments(article, after)).await
}

pub async fn post_comment(article: &ArticleId, input: &CommentInput, key: &str) -> Result<CommentCreated, ApiError> {
    imp::send(calls::post_comment(article, input, key)?).await
}

pub async fn delete_comment(id: i64, secret: &str) -> Result<(), ApiError> {
    imp::send_empty(calls::delete_comment(id, secret)).await
}

/// The articles matching `query` (`/api/search`; offline, the service worker answers).
pub async fn search(query: &str) -> Result<SearchResults, ApiError> {
    imp::send(calls::search(query)).await
}

/// `text` for a URL's query: everything but unreserved ASCII percent-encoded (UTF-8).
pub fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    crate::json::to_string(value).map_err(|e| ApiError::Request(e.to_string()))
}

/// Reads a successful answer's JSON body (`answers.rs`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn decode<T: FromJson>(text: &str) -> Result<T, ApiError> {
    crate::json::read(text).map_err(|e| ApiError::Decode(e.to_string()))
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn server_error(status: u16, body: &str, retry_after: Option<u32>) -> ApiError {
    let code = crate::json::read::<ErrorCodeOf>(body).ok().map(|c| c.0);
    ApiError::Server { status, code, retry_after }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use gloo_net::http::{Request, RequestBuilder, Response};

    use crate::browser::net_error;

    use super::*;

    fn base() -> String {
        crate::browser::meta_content(API_META)
            .map(|c| c.trim_end_matches('/').to_string())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| format!("{}api", crate::browser::base_path()))
    }

    async fn raw(call: Call) -> Result<Response, ApiError> {
        let url = format!("{}{}", base(), call.path);
        let mut request = RequestBuilder::new(&url).method(match call.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Post => gloo_net::http::Method::POST,
            Method::Delete => gloo_net::http::Method::DELETE,
        });
        if let Some(reader) = &call.reader {
            request = request.header(api_types::READER_HEADER, reader);
        }
        if let Some(secret) = &call.bearer {
            request = request.header("Authorization", &format!("Bearer {secret}"));
        }
        if let Some(key) = &call.key {
            request = request.header(api_types::IDEMPOTENCY_KEY_HEADER, key);
        }
        let request: Request = match call.body {
            Some(body) => request.header("Content-Type", "application/json").body(body),
            None => request.build(),
        }
        .map_err(|e| ApiError::Request(net_error(e)))?;
        let response = request.send().await.map_err(|e| ApiError::Network(net_error(e)))?;
        if response.ok() {
            return Ok(response);
        }
        let retry_after = response.headers().get("Retry-After").and_then(|v| v.trim().parse().ok());
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(server_error(status, &text, retry_after))
    }

    pub async fn send<T: FromJson>(call: Call) -> Result<T, ApiError> {
        let response = raw(call).await?;
        // A body cut off in transit is a network problem; a complete one that is not
        // the promised JSON is not.
        let text = response.text().await.map_err(|e| ApiError::Network(net_error(e)))?;
        super::decode(&text)
    }

    pub async fn send_empty(call: Call) -> Result<(), ApiError> {
        raw(call).await.map(|_| ())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;

    pub async fn send<T: FromJson>(_call: Call) -> Result<T, ApiError> {
        Err(ApiError::Network("no browser".into()))
    }

    pub async fn send_empty(_call: Call) -> Result<(), ApiError> {
        Err(ApiError::Network("no browser".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_is_not_the_promised_json_is_a_decode_error_not_a_network_one() {
        let error = decode::<RatingSummary>("<!doctype html><p>Proxy login</p>").err();
        assert!(matches!(error, Some(ApiError::Decode(_))), "{error:?}");
        assert_eq!(error.map(|e| e.reader_message()).as_deref(), Some(da::API_UNEXPECTED));
        let ok = decode::<RatingSummary>(r#"{"counts":[0,0,1,0,0],"total":1,"average":3.0,"mine":3}"#);
        assert_eq!(ok.map(|s| s.mine), Ok(Some(3)));
    }

    const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    #[test]
    fn writes_that_may_be_sent_again_carry_their_idempotency_key_and_nothing_else_does() {
        let reader = "0123456789abcdef01234567_89abcdef0123456789abcdef01234567";
        let article = ArticleId::new("legeplads");
        let input = CommentInput { reader: reader.into(), name: "Ann".into(), body: "Hej".into(), website: None };
        let rate = calls::rate(&article, reader, 4, KEY).unwrap_or_else(|e| panic!("{e}"));
        let post = calls::post_comment(&article, &input, KEY).unwrap_or_else(|e| panic!("{e}"));
        for call in [&rate, &post] {
            assert_eq!(call.key.as_deref(), Some(KEY), "{call:?}");
            assert!(!call.path.contains(KEY), "the key goes in its header, not the URL: {call:?}");
        }
        assert_eq!((rate.method, post.method), (Method::Put, Method::Post));
        let unkeyed = [
            calls::new_reader(),
            calls::rating(&article, Some(reader)),
            calls::unrate(&article, reader).unwrap_or_else(|e| panic!("{e}")),
            calls::comments(&article, None),
            calls::delete_comment(7, "secret"),
        ];
        for call in &unkeyed {
            assert_eq!(call.key, None, "{call:?}");
        }
    }

    #[test]
    fn the_reader_id_is_never_in_a_url() {
        let reader = "0123456789abcdef01234567_89abcdef0123456789abcdef01234567";
        let article = ArticleId::new("legeplads");
        let input = CommentInput { reader: reader.into(), name: "Ann".into(), body: "Hej".into(), website: None };
        let calls = [
            calls::rating(&article, Some(reader)),
            calls::new_reader(),
            calls::rate(&article, reader, 4, KEY).unwrap_or_else(|e| panic!("{e}")),
            calls::unrate(&article, reader).unwrap_or_else(|e| panic!("{e}")),
            calls::comments(&article, Some("42")),
            calls::post_comment(&article, &input, KEY).unwrap_or_else(|e| panic!("{e}")),
            calls::delete_comment(7, "secret"),
        ];
        for call in &calls {
            assert!(!call.path.contains(reader) && !call.path.contains("reader="), "{call:?}");
        }
        // Where it goes instead: the header for GET, the body otherwise.
        assert_eq!(calls[0].reader.as_deref(), Some(reader));
        for call in &calls[2..=5] {
            let in_body = call.body.as_deref().is_some_and(|b| b.contains(reader));
            assert_eq!(in_body, call.method != Method::Get, "{call:?}");
        }
        assert_eq!(calls::rating(&article, None).reader, None, "no reader, no header");
    }

    #[test]
    fn server_errors_keep_their_code_and_wait() {
        let e = server_error(429, r#"{"error":{"code":"rate_limited","message":"slow"}}"#, Some(120));
        assert_eq!(e, ApiError::Server { status: 429, code: Some(ErrorCode::RateLimited), retry_after: Some(120) });
        assert_eq!(e.reader_message(), format!("{} 2 {}", da::API_RATE_LIMITED, da::MINUTES));
        let wait = |s| server_error(429, r#"{"error":{"code":"rate_limited","message":"slow"}}"#, s).reader_message();
        assert_eq!(wait(Some(86_400)), format!("{} 24 timer", da::API_RATE_LIMITED), "a day is said in hours");
        assert_eq!(wait(Some(3600)), format!("{} 60 minutter", da::API_RATE_LIMITED));
        assert_eq!(wait(Some(3601)), format!("{} 2 timer", da::API_RATE_LIMITED));
        assert_eq!(wait(Some(60)), format!("{} 1 minut", da::API_RATE_LIMITED));
        assert_eq!(wait(Some(1)), format!("{} 1 sekund", da::API_RATE_LIMITED));
        assert_eq!(wait(None), format!("{} lidt", da::API_RATE_LIMITED));
        let said = |code: &str| server_error(422, &format!(r#"{{"error":{{"code":"{code}","message":"x"}}}}"#), None);
        assert_eq!(said("name_too_long").reader_message(), da::API_NAME_TOO_LONG);
        assert_eq!(said("name_invalid").reader_message(), da::API_NAME_INVALID);
        assert_eq!(said("body_invalid").reader_message(), da::API_BODY_INVALID);
        let refused = server_error(400, r#"{"error":{"code":"invalid_reader","message":"who?"}}"#, None);
        assert!(refused.is_invalid_reader());
        assert_eq!(refused.reader_message(), da::API_INVALID_READER);
        assert!(!e.is_invalid_reader());
        let e = server_error(502, "<html>Bad gateway</html>", None);
        assert_eq!(e, ApiError::Server { status: 502, code: None, retry_after: None });
        assert_eq!(e.reader_message(), da::API_FAILED);
    }

    #[test]
    fn a_search_puts_the_query_in_the_url_encoded() {
        let call = calls::search("gård & co/2");
        assert_eq!((call.method, call.path.as_str()), (Method::Get, "/search?q=g%C3%A5rd%20%26%20co%2F2"));
        assert_eq!((call.reader, call.body), (None, None), "nothing about the reader");
    }
}
