//! The API's extractors: axum's, with every rejection turned into an [`ApiError`].

use std::net::{IpAddr, SocketAddr};

use api_types::ErrorCode;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use beboerblad::model::ArticleId;
use serde::de::DeserializeOwned;

use super::error::{ApiError, json_error};
use super::feed;
use crate::AppState;

/// A JSON request body: `Content-Type: application/json`, at most
/// [`api_types::JSON_BODY_MAX`] bytes (the limit is a layer in `api.rs`).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(&req) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send JSON with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::BodyTooLarge,
                    format!("the request body is larger than {} bytes", api_types::JSON_BODY_MAX),
                )
            } else {
                ApiError::bad_request(ErrorCode::InvalidJson, "the request body could not be read")
            }
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| json_error(&e))
    }
}

/// `Option<JsonBody<T>>`: `None` for a request without a body (no type, no length).
impl<T: DeserializeOwned, S: Send + Sync> OptionalFromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, ApiError> {
        let headers = req.headers();
        let empty = !headers.contains_key(header::CONTENT_TYPE)
            && headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).is_none_or(|v| v.trim() == "0");
        if empty {
            return Ok(None);
        }
        <Self as FromRequest<S>>::from_request(req, state).await.map(Some)
    }
}

fn is_json(req: &Request) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// Path parameters; a malformed one is a 400, not axum's plain-text answer.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => {
                tracing::debug!("path rejected: {}", rejection.body_text());
                Err(ApiError::bad_request(ErrorCode::InvalidPath, "the URL has an invalid id in it"))
            }
        }
    }
}

/// The query string; unknown parameters are ignored (cache busters), wrong ones are a 400.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                tracing::debug!("query rejected: {}", rejection.body_text());
                Err(ApiError::bad_request(ErrorCode::InvalidQuery, "the query string is not valid"))
            }
        }
    }
}

/// An article of the current feed, from the `{id}` in the path: only those can be rated
/// and commented on. The feed in memory decides; API requests never read the files.
pub struct KnownArticle(pub ArticleId);

impl FromRequestParts<AppState> for KnownArticle {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ApiPath(id) = ApiPath::<String>::from_request_parts(parts, state).await?;
        let magazine = state.content.current().map_err(|e| feed::unavailable(&state.content, &e))?;
        let id = ArticleId::new(id);
        match magazine.article(&id) {
            Some(_) => Ok(KnownArticle(id)),
            None => Err(ApiError::not_found(ErrorCode::UnknownArticle, "there is no article with that id")),
        }
    }
}

/// The client's address for abuse limits; `None` when the server was not started with
/// connect info (tests through `oneshot`), which then counts as one shared client.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip())))
    }
}

/// The token of `Authorization: Bearer <token>`, if the request has one.
pub struct Bearer(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_string())
            .filter(|token| !token.is_empty());
        Ok(Bearer(token))
    }
}
