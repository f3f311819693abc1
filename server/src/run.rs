//! The server on its socket: accepting connections, closing those that send nothing in
//! time, and stopping gracefully (on SIGTERM or Ctrl-C) within a deadline.
//!
//! axum's `serve` would do most of this, but it cannot time out idle or slow clients,
//! nor give up on connections after a deadline; hyper-util's connection builder and
//! graceful-shutdown watcher can, so this is axum's documented low-level loop with them.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tower::{Service, ServiceExt};

/// The time limits of connections.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// How long a client may take to send a request's headers, or stay silent between
    /// requests, before its connection is closed.
    pub headers: Duration,
    /// After the stop signal: how long open connections get to finish their requests.
    pub shutdown: Duration,
}

impl Timeouts {
    pub const HEADERS: Duration = Duration::from_secs(30);
    pub const SHUTDOWN: Duration = Duration::from_secs(10);
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { headers: Self::HEADERS, shutdown: Self::SHUTDOWN }
    }
}

/// Serves `router` on `listener` until `stop` resolves; then accepts nothing more, lets
/// the requests in flight finish, and returns when they have, or when the shutdown
/// timeout has passed (the connections still open are then dropped).
pub async fn serve(listener: TcpListener, router: Router, stop: impl Future<Output = ()>, timeouts: Timeouts) {
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front ends.
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(timeouts.headers);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => {
                let (stream, addr) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        pause_after(e).await;
                        continue;
                    }
                };
                let Ok(service) = make_service.call(addr).await;
                let service = TowerToHyperService::new(service.map_request(|r: Request<Incoming>| r.map(Body::new)));
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                connections.spawn(graceful.watch(connection));
            }
            Some(ended) = connections.join_next() => {
                if let Ok(Err(e)) = ended {
                    tracing::debug!("connection ended: {e}");
                }
            }
        }
    }
    drop(listener);
    tracing::info!("stopping: {} connections open, waiting at most {:?}", graceful.count(), timeouts.shutdown);
    if tokio::time::timeout(timeouts.shutdown, graceful.shutdown()).await.is_err() {
        while connections.try_join_next().is_some() {}
        tracing::warn!("{} connections still open after {:?}; closing them", connections.len(), timeouts.shutdown);
    }
    connections.shutdown().await;
}

/// After a failed accept. A connection that failed on its own is the client's business;
/// anything else (out of file descriptors) gets a pause rather than a busy loop.
async fn pause_after(e: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
        tracing::error!("cannot accept connections: {e}; trying again in a second");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Resolves on the first SIGTERM or SIGINT (Ctrl-C). The handlers are installed now, not
/// when the future is first polled: a signal right after start-up then stops the server
/// gently instead of killing it.
#[cfg(unix)]
pub fn stop_signal() -> io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        let name = tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        };
        tracing::info!("{name} received");
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
pub fn stop_signal() -> io::Result<impl Future<Output = ()>> {
    Ok(async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    })
}
