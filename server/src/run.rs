//! The server on its socket: accepting connections, closing those that send nothing in
//! time, and stopping gracefully (on SIGTERM or Ctrl-C) within a deadline.
//!
//! axum's `serve` would do most of this, but it cannot time out idle or slow clients,
//! nor give up on connections after a deadline; hyper-util's connection builder and
//! graceful-shutdown watcher can, so this is axum's documented low-level loop with them.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

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
use tokio_io_timeout::TimeoutStream;
use tower::{Service, ServiceExt};

/// The time limits of connections and requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// How long a client may take to send a request's headers, or stay silent between
    /// requests, before its connection is closed.
    pub headers: Duration,
    /// How long a request's body may pause (between two pieces) before the request is
    /// answered `408` and its connection closed.
    pub body: Duration,
    /// How long a request may take from its headers to the answer's headers, reading its
    /// body included: `408` while the body is still coming, `503` after.
    pub request: Duration,
    /// How long a write to a client may wait (the client stopped reading) before its
    /// connection is closed.
    pub write: Duration,
    /// After the stop signal: how long open connections get to finish their requests.
    pub shutdown: Duration,
}

impl Timeouts {
    pub const HEADERS: Duration = Duration::from_secs(10);
    pub const BODY: Duration = Duration::from_secs(20);
    pub const REQUEST: Duration = Duration::from_secs(30);
    pub const WRITE: Duration = Duration::from_secs(20);
    pub const SHUTDOWN: Duration = Duration::from_secs(10);
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            headers: Self::HEADERS,
            body: Self::BODY,
            request: Self::REQUEST,
            write: Self::WRITE,
            shutdown: Self::SHUTDOWN,
        }
    }
}

/// Most connections open at once, by default.
pub const MAX_CONNECTIONS: usize = 1000;

/// Serves `router` on `listener`, at most `max_connections` at once (see
/// [`connection_cap`]), until `stop` resolves; then accepts nothing more, lets
/// the requests in flight finish, and returns when they have, or when the shutdown
/// timeout has passed (the connections still open are then dropped).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    stop: impl Future<Output = ()>,
    timeouts: Timeouts,
    max_connections: usize,
) {
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front ends.
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(timeouts.headers);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut stop = std::pin::pin!(stop);
    let mut warned: Option<Instant> = None;
    loop {
        // At the cap, nothing is accepted: new connections wait in the listen queue (and
        // then the kernel's SYN queue) until one closes. No file descriptors run out.
        let room = connections.len() < max_connections;
        if !room && warned.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
            tracing::warn!("{max_connections} connections open; new ones wait until one closes");
            warned = Some(Instant::now());
        }
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept(), if room => {
                let (stream, addr) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        pause_after(e).await;
                        continue;
                    }
                };
                let Ok(service) = make_service.call(addr).await;
                let service = TowerToHyperService::new(service.map_request(|r: Request<Incoming>| r.map(Body::new)));
                let mut stream = TimeoutStream::new(stream);
                stream.set_write_timeout(Some(timeouts.write));
                let connection = builder.serve_connection(TokioIo::new(Box::pin(stream)), service);
                let connection = graceful.watch(connection);
                connections.spawn(async move { connection.await.map_err(|e| (addr, e)) });
            }
            Some(ended) = connections.join_next() => {
                if let Ok(Err((addr, e))) = ended {
                    log_end(addr, &e, timeouts);
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

/// A connection that ended with an error: worth a line only when we closed it because
/// the client stopped reading.
fn log_end(addr: SocketAddr, e: &hyper::Error, timeouts: Timeouts) {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = source {
        if error.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::TimedOut) {
            tracing::info!("closed the connection of {addr}: it stopped reading for {:?}", timeouts.write);
            return;
        }
        source = error.source();
    }
    tracing::debug!("connection of {addr} ended: {e}");
}

/// How many connections can be open at once: `wanted`, or fewer when the process may not
/// open enough files. Each connection may need two (its socket and a file it is sent),
/// and the database, logs and listener some more.
pub fn connection_cap(wanted: usize) -> usize {
    const RESERVE: u64 = 64;
    let needed = (wanted as u64).saturating_mul(2).saturating_add(RESERVE);
    #[cfg(unix)]
    let allowed = match rlimit::increase_nofile_limit(needed) {
        Ok(allowed) => allowed,
        Err(e) => {
            tracing::warn!("cannot raise the limit of open files: {e}");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(needed, |(soft, _)| soft)
        }
    };
    #[cfg(not(unix))]
    let allowed = needed;
    if allowed >= needed {
        return wanted;
    }
    let cap = usize::try_from(allowed.saturating_sub(RESERVE) / 2).unwrap_or(wanted).max(1);
    tracing::warn!("the process may open {allowed} files: at most {cap} connections instead of {wanted}");
    cap
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
