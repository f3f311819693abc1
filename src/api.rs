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
    #[error("network error: {0}")]
    Network(String),
    #[error("HTTP {status}: {code:?}")]
    Server { status: u16, code: Option<ErrorCode>, retry_after: Option<u32> },
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
        }
    }
}

/// `<meta name="beboerblad-api" content="…">` sets where the API lives (default `/api`).
pub const API_META: &str = "beboerblad-api";

pub async fn rating(article: &ArticleId, reader: &str) -> Result<RatingSummary, ApiError> {
    imp::send("GET", &format!("/articles/{article}/rating?reader={reader}"), None, None).await
}

pub async fn rate(article: &ArticleId, reader: &str, value: u8) -> Result<RatingSummary, ApiError> {
    let body = RatingInput { reader: reader.into(), value };
    imp::send("PUT", &format!("/articles/{article}/rating"), Some(json(&body)), None).await
}

pub async fn unrate(article: &ArticleId, reader: &str) -> Result<RatingSummary, ApiError> {
    let body = RatingDelete { reader: reader.into() };
    imp::send("DELETE", &format!("/articles/{article}/rating"), Some(json(&body)), None).await
}

pub async fn comments(article: &ArticleId, after: Option<&str>) -> Result<CommentPage, ApiError> {
    let query = after.map(|a| format!("?after={a}")).unwrap_or_default();
    imp::send("GET", &format!("/articles/{article}/comments{query}"), None, None).await
}

pub async fn post_comment(article: &ArticleId, input: &CommentInput) -> Result<CommentCreated, ApiError> {
    imp::send("POST", &format!("/articles/{article}/comments"), Some(json(input)), None).await
}

pub async fn delete_comment(id: i64, secret: &str) -> Result<(), ApiError> {
    imp::send_empty("DELETE", &format!("/comments/{id}"), Some(secret)).await
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
    use wasm_bindgen::JsCast;

    use super::*;

    fn base() -> String {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&format!("meta[name=\"{API_META}\"]")).ok().flatten())
            .and_then(|m| m.dyn_into::<web_sys::HtmlMetaElement>().ok())
            .map(|m| m.content().trim_end_matches('/').to_string())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "/api".into())
    }

    async fn raw(method: &str, path: &str, body: Option<String>, bearer: Option<&str>) -> Result<Response, ApiError> {
        let url = format!("{}{path}", base());
        let mut request = RequestBuilder::new(&url).method(match method {
            "PUT" => gloo_net::http::Method::PUT,
            "POST" => gloo_net::http::Method::POST,
            "DELETE" => gloo_net::http::Method::DELETE,
            _ => gloo_net::http::Method::GET,
        });
        if let Some(secret) = bearer {
            request = request.header("Authorization", &format!("Bearer {secret}"));
        }
        let request: Request = match body {
            Some(body) => request.header("Content-Type", "application/json").body(body),
            None => request.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
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
        method: &str,
        path: &str,
        body: Option<String>,
        bearer: Option<&str>,
    ) -> Result<T, ApiError> {
        let response = raw(method, path, body, bearer).await?;
        response.json().await.map_err(|e| ApiError::Network(e.to_string()))
    }

    pub async fn send_empty(method: &str, path: &str, bearer: Option<&str>) -> Result<(), ApiError> {
        raw(method, path, None, bearer).await.map(|_| ())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use serde::de::DeserializeOwned;

    use super::*;

    pub async fn send<T: DeserializeOwned>(
        _method: &str,
        _path: &str,
        _body: Option<String>,
        _bearer: Option<&str>,
    ) -> Result<T, ApiError> {
        Err(ApiError::Network("no browser".into()))
    }

    pub async fn send_empty(_method: &str, _path: &str, _bearer: Option<&str>) -> Result<(), ApiError> {
        Err(ApiError::Network("no browser".into()))
    }
}
