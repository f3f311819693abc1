//! Connections on a real socket (`run::serve`): clients that send nothing in time are
//! disconnected; the stop signal ends the loop.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use beboerblad_server::run::{self, Timeouts};
use common::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{Instant, timeout};

/// Every read and wait of these tests gives up after this long.
const LIMIT: Duration = Duration::from_secs(10);
const HEADERS: Duration = Duration::from_millis(500);

struct Serving {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
    _server: TestServer,
}

async fn serve() -> Serving {
    let server = TestServer::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let timeouts = Timeouts { headers: HEADERS, shutdown: LIMIT, ..Timeouts::default() };
    let task = tokio::spawn(run::serve(
        listener,
        server.router.clone(),
        async {
            let _ = stopped.await;
        },
        timeouts,
        run::MAX_CONNECTIONS,
    ));
    Serving { addr, stop, task, _server: server }
}

/// Everything the server sends until it closes the connection.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    timeout(LIMIT, stream.read_to_end(&mut received))
        .await
        .unwrap_or_else(|_| panic!("the connection was still open after {LIMIT:?}"))
        .unwrap();
    String::from_utf8(received).unwrap()
}

#[tokio::test]
async fn clients_that_send_nothing_in_time_are_disconnected() {
    let serving = serve().await;
    let mut silent = TcpStream::connect(serving.addr).await.unwrap();
    let mut slow = TcpStream::connect(serving.addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n").await.unwrap();
    let mut idle = TcpStream::connect(serving.addr).await.unwrap();
    idle.write_all(b"GET /blad HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    let started = Instant::now();

    // Closed without a word (hyper sends no 408 for a request it never saw whole).
    assert_eq!(until_closed(&mut silent).await, "");
    assert_eq!(until_closed(&mut slow).await, "");
    // Served, then closed once it has been quiet for as long.
    let idle = until_closed(&mut idle).await;
    assert!(idle.starts_with("HTTP/1.1 200 OK\r\n"), "{idle}");
    assert!(started.elapsed() >= HEADERS, "closed before the timeout: {:?}", started.elapsed());
}

#[tokio::test]
async fn the_stop_signal_ends_serving() {
    let serving = serve().await;
    let mut client = TcpStream::connect(serving.addr).await.unwrap();
    client.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    assert!(until_closed(&mut client).await.starts_with("HTTP/1.1 200 OK\r\n"));

    serving.stop.send(()).unwrap();
    timeout(LIMIT, serving.task).await.expect("serve returned").unwrap();
    let refused = TcpStream::connect(serving.addr).await;
    assert_eq!(refused.map_err(|e| e.kind()).err(), Some(std::io::ErrorKind::ConnectionRefused));
}
