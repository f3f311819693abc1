//! The one typed client of our server's API (ratings and comments). Errors carry the
//! server's error code; readers get a Danish message for each.

use api_types::{
    CommentCreated, CommentInput, CommentPage, ErrorBody, ErrorCode, RatingDelete, RatingInput, RatingSummary,
};
use thiserror::Error;

use crate::da;
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
            ApiError::Server { code: Some(ErrorCode::RateLimited), retry_after, .. } => match retry_after {
                Some(s) if *s >= 60 => format!("{} {} {}", da::API_RATE_LIMITED, s.div_ceil(60), da::MINUTES),
                Some(s) => format!("{} {s} {}", da::API_RATE_LIMITED, da::SECONDS),
                None => format!("{} {}", da::API_RATE_LIMITED, da::A_LITTLE),
            },
            ApiError::Server { code: Some(code), .. } => match code {
                ErrorCode::NameEmpty => da::API_NAME_EMPTY,
                ErrorCode::NameTooLong | ErrorCode::NameInvalid => da::API_NAME_INVALID,
                ErrorCode::BodyEmpty => da::API_BODY_EMPTY,
                ErrorCode::BodyTooLong | ErrorCode::BodyTooLarge => da::API_BODY_TOO_LONG,
                ErrorCode::UnknownArticle => da::API_UNKNOWN_ARTICLE,
                ErrorCode::UnknownComment => da::API_UNKNOWN_COMMENT,
                ErrorCode::WrongToken | ErrorCode::MissingToken => da::API_NOT_YOURS,
                _ => da::API_FAILED,
            }
            .into(),
            ApiError::Server { .. } => da::API_FAILED.into(),
            ApiError::Decode(_) => da::API_UNEXPECTED.into(),
            ApiError::Request(_) => da::API_FAILED.into(),
        }
    }
}

/// `<meta name="beboerblad-api" content="…">` sets where the API lives (default `/api`).
pub const API_META: &str = "beboerblad-api";

pub async fn rating(article: &ArticleId, reader: &str) -> Result<RatingSummary, ApiError> {
    imp::send(Method::Get, &format!("/articles/{article}/rating?reader={reader}"), None, None).await
}

pub async fn rate(article: &ArticleId, reader: &str, value: u8) -> Result<RatingSummary, ApiError> {
    let body = json(&RatingInput { reader: reader.into(), value })?;
    imp::send(Method::Put, &format!("/articles/{article}/rating"), Some(body), None).await
}

pub async fn unrate(article: &ArticleId, reader: &str) -> Result<RatingSummary, ApiError> {
    let body = json(&RatingDelete { reader: reader.into() })?;
    imp::send(Method::Delete, &format!("/articles/{article}/rating"), Some(body), None).await
}

pub async fn comments(article: &ArticleId, after: Option<&str>) -> Result<CommentPage, ApiError> {
    let query = after.map(|a| format!("?after={a}")).unwrap_or_default();
    imp::send(Method::Get, &format!("/articles/{article}/comments{query}"), None, None).await
}

pub async fn post_comment(article: &ArticleId, input: &CommentInput) -> Result<CommentCreated, ApiError> {
    imp::send(Method::Post, &format!("/articles/{article}/comments"), Some(json(input)?), None).await
}

pub async fn delete_comment(id: i64, secret: &str) -> Result<(), ApiError> {
    imp::send_empty(Method::Delete, &format!("/comments/{id}"), Some(secret)).await
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Request(e.to_string()))
}

/// Reads a successful answer's JSON body.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn server_error(status: u16, body: &str, retry_after: Option<u32>) -> ApiError {
    let code = serde_json::from_str::<ErrorBody>(body).ok().map(|b| b.error.code);
    ApiError::Server { status, code, retry_after }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use gloo_net::http::{Request, RequestBuilder, Response};
    use serde::de::DeserializeOwned;

    use super::*;

    fn base() -> String {
        crate::browser::meta_content(API_META)
            .map(|c| c.trim_end_matches('/').to_string())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "/api".into())
    }

    async fn raw(method: Method, path: &str, body: Option<String>, bearer: Option<&str>) -> Result<Response, ApiError> {
        let url = format!("{}{path}", base());
        let mut request = RequestBuilder::new(&url).method(match method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Post => gloo_net::http::Method::POST,
            Method::Delete => gloo_net::http::Method::DELETE,
        });
        if let Some(secret) = bearer {
            request = request.header("Authorization", &format!("Bearer {secret}"));
        }
        let request: Request = match body {
            Some(body) => request.header("Content-Type", "application/json").body(body),
            None => request.build(),
        }
        .map_err(|e| ApiError::Request(e.to_string()))?;
        let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
        if response.ok() {
            return Ok(response);
        }
        let retry_after = response.headers().get("Retry-After").and_then(|v| v.trim().parse().ok());
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(server_error(status, &text, retry_after))
    }

    pub async fn send<T: DeserializeOwned>(
        method: Method,
        path: &str,
        body: Option<String>,
        bearer: Option<&str>,
    ) -> Result<T, ApiError> {
        let response = raw(method, path, body, bearer).await?;
        // A body cut off in transit is a network problem; a complete one that is not
        // the promised JSON is not.
        let text = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
        super::decode(&text)
    }

    pub async fn send_empty(method: Method, path: &str, bearer: Option<&str>) -> Result<(), ApiError> {
        raw(method, path, None, bearer).await.map(|_| ())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use serde::de::DeserializeOwned;

    use super::*;

    pub async fn send<T: DeserializeOwned>(
        _method: Method,
        _path: &str,
        _body: Option<String>,
        _bearer: Option<&str>,
    ) -> Result<T, ApiError> {
        Err(ApiError::Network("no browser".into()))
    }

    pub async fn send_empty(_method: Method, _path: &str, _bearer: Option<&str>) -> Result<(), ApiError> {
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

    #[test]
    fn server_errors_keep_their_code_and_wait() {
        let e = server_error(429, r#"{"error":{"code":"rate_limited","message":"slow"}}"#, Some(120));
        assert_eq!(e, ApiError::Server { status: 429, code: Some(ErrorCode::RateLimited), retry_after: Some(120) });
        assert_eq!(e.reader_message(), format!("{} 2 {}", da::API_RATE_LIMITED, da::MINUTES));
        let e = server_error(502, "<html>Bad gateway</html>", None);
        assert_eq!(e, ApiError::Server { status: 502, code: None, retry_after: None });
        assert_eq!(e.reader_message(), da::API_FAILED);
    }
}
