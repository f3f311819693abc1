//! Time limits of a request: its body must keep coming, and the whole request must be
//! answered in time; otherwise `408` (the body is late: the client's doing) or `503`
//! (the answer is late: ours), in the API's error shape under `/api`, plain elsewhere.
//!
//! The pauses of the body are timed by tower-http's `TimeoutBody`. The deadline of the
//! whole request is a `tokio::time::timeout` here rather than tower-http's
//! `TimeoutLayer`, which answers with an empty body and cannot tell a late body from a
//! slow answer.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use api_types::ErrorCode;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, SizeHint};
use tower_http::BoxError;
use tower_http::timeout::{TimeoutBody, TimeoutError};

use super::error::ApiError;
use crate::run::Timeouts;

/// The middleware (`axum::middleware::from_fn_with_state(timeouts, deadlines::limit)`).
pub async fn limit(State(timeouts): State<Timeouts>, request: Request, next: Next) -> Response {
    let api = is_api(request.uri().path());
    let watch = Arc::new(Watch { late: AtomicBool::new(false), complete: AtomicBool::new(false) });
    watch.complete.store(request.body().is_end_stream(), Ordering::Relaxed);
    let described = format!("{} {}", request.method(), request.uri().path());
    let request = request
        .map(|body| Body::new(Watched { body: Box::pin(TimeoutBody::new(timeouts.body, body)), watch: watch.clone() }));
    let answered = tokio::time::timeout(timeouts.request, next.run(request)).await;
    // Whatever the handler made of a body that stopped coming (a 400), it was late.
    if watch.late.load(Ordering::Relaxed) {
        tracing::info!("{described}: the body paused for more than {:?}", timeouts.body);
        return late(api);
    }
    match answered {
        Ok(response) => response,
        Err(_) if !watch.complete.load(Ordering::Relaxed) => {
            tracing::info!("{described}: the body was not complete after {:?}", timeouts.request);
            late(api)
        }
        Err(_) => {
            tracing::warn!("{described}: no answer within {:?}", timeouts.request);
            slow(api)
        }
    }
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// `408`, closing the connection: the rest of the body may still be on its way.
fn late(api: bool) -> Response {
    let mut response =
        answer(api, StatusCode::REQUEST_TIMEOUT, ErrorCode::InvalidBody, "the request did not arrive in time");
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

fn slow(api: bool) -> Response {
    answer(api, StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Busy, "the answer took too long; try again")
}

fn answer(api: bool, status: StatusCode, code: ErrorCode, message: &'static str) -> Response {
    if api {
        ApiError::new(status, code, message).into_response()
    } else {
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{message}\n")).into_response()
    }
}

/// What became of a request's body.
struct Watch {
    /// It paused for longer than the body timeout.
    late: AtomicBool,
    /// It was read to its end.
    complete: AtomicBool,
}

/// A request body under [`TimeoutBody`], reporting to its [`Watch`].
struct Watched {
    body: Pin<Box<TimeoutBody<Body>>>,
    watch: Arc<Watch>,
}

impl HttpBody for Watched {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let polled = self.body.as_mut().poll_frame(cx);
        match &polled {
            Poll::Ready(None) => self.watch.complete.store(true, Ordering::Relaxed),
            Poll::Ready(Some(Ok(_))) if self.body.is_end_stream() => self.watch.complete.store(true, Ordering::Relaxed),
            Poll::Ready(Some(Err(e))) if e.is::<TimeoutError>() => self.watch.late.store(true, Ordering::Relaxed),
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
