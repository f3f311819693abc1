//! The API's one error shape: every failure is `{"error":{"code","message"}}` with its status.

use std::borrow::Cow;
use std::time::Duration;

use api_types::{ErrorBody, ErrorCode, ErrorDetail};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::db::DbError;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: Cow<'static, str>,
    retry_after: Option<Duration>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self { status, code, message: message.into(), retry_after: None }
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// Well-formed JSON whose content is not acceptable.
    pub fn invalid(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn not_found(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn rate_limited(wait: Duration) -> Self {
        Self {
            retry_after: Some(wait),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, "too many requests; try again later")
        }
    }

    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "something went wrong on the server")
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// How long a rate-limited client should wait.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    #[cfg(test)]
    pub fn code(&self) -> ErrorCode {
        self.code
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message.into_owned() } };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after {
            // Whole seconds, rounded up: retrying at the announced time must succeed.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::InvalidCursor => {
                ApiError::bad_request(ErrorCode::InvalidCursor, "`after` must be a `next` value from an earlier page")
            }
            DbError::Busy => {
                tracing::warn!("database busy; asked the client to retry");
                ApiError {
                    retry_after: Some(Duration::from_secs(1)),
                    ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Busy, "the server is busy; try again")
                }
            }
            // The details (SQL, paths) go to the log, never to the client.
            e => {
                tracing::error!("{e}");
                ApiError::internal()
            }
        }
    }
}

/// A request body that is JSON but not of the expected shape, from serde's message,
/// without its position and Rust type names.
pub fn json_error(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof => {
            ApiError::bad_request(ErrorCode::InvalidJson, "the request body is not valid JSON")
        }
        Category::Io => ApiError::bad_request(ErrorCode::InvalidJson, "the request body could not be read"),
        Category::Data => {
            let text = e.to_string();
            // serde appends " at line L column C", which says nothing to a client of a one-line body.
            let text = text.rsplit_once(" at line ").map_or(text.as_str(), |(msg, _)| msg);
            if text.starts_with("unknown field") {
                ApiError::invalid(ErrorCode::UnknownField, text.to_string())
            } else if text.starts_with("missing field") {
                ApiError::invalid(ErrorCode::MissingField, text.to_string())
            } else if text.ends_with("expected u8") {
                // Only `value` is a u8: a number that cannot be a rating at all.
                ApiError::invalid(ErrorCode::ValueOutOfRange, "`value` must be a whole number from 1 to 5")
            } else if text.contains("expected struct") {
                ApiError::invalid(ErrorCode::InvalidBody, "the request body must be a JSON object")
            } else {
                ApiError::invalid(ErrorCode::InvalidBody, format!("the request body has a wrong value: {text}"))
            }
        }
    }
}

/// Unknown paths under `/api`.
pub async fn not_found() -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "no such API endpoint")
}

/// A known path asked with a method it does not have (axum adds the `Allow` header).
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        "this endpoint does not accept that method",
    )
}

/// A safety net around the API: an error response that is not yet JSON (from a layer,
/// a panic, a rejection we did not wrap) becomes one, keeping its status and headers.
pub async fn ensure_json(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such API endpoint"),
        StatusCode::METHOD_NOT_ALLOWED => (ErrorCode::MethodNotAllowed, "this endpoint does not accept that method"),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::BodyTooLarge, "the request body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::UnsupportedMediaType, "send JSON (Content-Type: application/json)")
        }
        s if s.is_client_error() => (ErrorCode::InvalidBody, "the request is not valid"),
        _ => (ErrorCode::Internal, "something went wrong on the server"),
    };
    let (mut parts, _) = response.into_parts();
    let mut json = ApiError::new(status, code, message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    for (name, value) in json.headers_mut().drain() {
        if let Some(name) = name {
            parts.headers.insert(name, value);
        }
    }
    Response::from_parts(parts, json.into_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::RatingInput;

    fn code_of(json: &str) -> (StatusCode, ErrorCode, String) {
        match serde_json::from_str::<RatingInput>(json) {
            Ok(_) => panic!("{json} parsed"),
            Err(e) => {
                let e = json_error(&e);
                (e.status, e.code, e.message.into_owned())
            }
        }
    }

    #[test]
    fn serde_errors_become_codes_without_rust_names() {
        assert_eq!(code_of("{").1, ErrorCode::InvalidJson);
        assert_eq!(code_of("{\"reader\":\"abcdefgh\",\"value\":3,\"x\":1}").1, ErrorCode::UnknownField);
        assert_eq!(code_of("{\"reader\":\"abcdefgh\"}").1, ErrorCode::MissingField);
        assert_eq!(code_of("{\"reader\":\"abcdefgh\",\"value\":300}").1, ErrorCode::ValueOutOfRange);
        assert_eq!(code_of("{\"reader\":\"abcdefgh\",\"value\":-1}").1, ErrorCode::ValueOutOfRange);
        let (status, code, message) = code_of("[]");
        assert_eq!((status, code), (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidBody));
        assert!(!message.contains("RatingInput"), "{message}");
        let (_, code, message) = code_of("{\"reader\":7,\"value\":3}");
        assert_eq!(code, ErrorCode::InvalidBody);
        assert!(!message.contains("line") && !message.contains("struct"), "{message}");
    }
}
