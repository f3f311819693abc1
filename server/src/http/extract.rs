//! The API's extractors: axum's, with every rejection turned into an [`ApiError`].

use std::net::{IpAddr, SocketAddr};

use api_types::ErrorCode;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
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

/// The client's address for abuse limits: the TCP peer's, or, when the peer is one of
/// the trusted reverse proxies, the one it forwards (see [`forwarded_client`]). `None`
/// when the server was not started with connect info (tests through `oneshot`), which
/// then counts as one shared client.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let trusted = |addr: IpAddr| state.trusted_proxies.iter().any(|net| net.contains(&addr.to_canonical()));
        Ok(ClientAddr(match peer {
            Some(peer) if trusted(peer) => Some(forwarded_client(&parts.headers, trusted).unwrap_or(peer)),
            peer => peer,
        }))
    }
}

/// The client's address from `X-Forwarded-For` (every such header, in order): each proxy
/// appends the address it got the request from, so the right-most hop that is not one
/// of our `trusted` proxies is the first address nobody can have forged. When every hop
/// is trusted, the left-most; malformed entries are skipped.
fn forwarded_client(headers: &HeaderMap, trusted: impl Fn(IpAddr) -> bool) -> Option<IpAddr> {
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(hop)
        .collect();
    hops.iter().rev().find(|&&addr| !trusted(addr)).or(hops.first()).copied()
}

/// One entry of `X-Forwarded-For`: an address, perhaps with a port (some proxies add it).
fn hop(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>().or_else(|_| text.parse::<SocketAddr>().map(|addr| addr.ip())).ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn client(values: &[&str], trusted: &[&str]) -> Option<IpAddr> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap_or_else(|_| panic!("{value:?}")));
        }
        let trusted: Vec<IpAddr> = trusted.iter().flat_map(|a| a.parse()).collect();
        forwarded_client(&headers, |addr| trusted.contains(&addr))
    }

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        assert_eq!(client(&["1.1.1.1, 2.2.2.2, 10.0.0.2"], &["10.0.0.2"]), ip("2.2.2.2"));
        assert_eq!(client(&["1.1.1.1", "2.2.2.2", "10.0.0.2"], &["10.0.0.2"]), ip("2.2.2.2"), "several headers");
        assert_eq!(client(&["2.2.2.2,10.0.0.2,10.0.0.3"], &["10.0.0.2", "10.0.0.3"]), ip("2.2.2.2"));
        assert_eq!(client(&["2001:db8::1, [2001:db8::2]:443"], &[]), ip("2001:db8::2"), "IPv6 with a port");
        assert_eq!(client(&["2.2.2.2:1234"], &[]), ip("2.2.2.2"), "IPv4 with a port");
    }

    #[test]
    fn malformed_hops_are_skipped_and_all_trusted_means_the_left_most() {
        assert_eq!(client(&["2.2.2.2, unknown, , 300.1.1.1, _hidden"], &[]), ip("2.2.2.2"));
        assert_eq!(client(&["10.0.0.5, 10.0.0.2"], &["10.0.0.5", "10.0.0.2"]), ip("10.0.0.5"));
        assert_eq!(client(&["garbage"], &[]), None);
        assert_eq!(client(&[], &[]), None);
    }
}
