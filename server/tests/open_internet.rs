//! The real binary against clients that open connections and never finish their
//! requests, or stop reading the answers: readers are still served, the stalled are
//! dropped once their time is up, and the server still stops on SIGTERM in time.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::process::{Server, send};

const ARTICLE_PAGE: &str = "/artikel/legeplads";
/// What a busy machine may add to a timeout before the test calls it broken.
const MARGIN: Duration = Duration::from_secs(3);

/// Everything `stream` receives until the server closes it; panics if it is still open
/// at `deadline`.
fn until_closed(stream: &mut TcpStream, deadline: Instant, what: &str) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return received,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return received,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!("{what}: still open at the deadline, after {} bytes", received.len())
            }
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

#[test]
fn stalled_clients_neither_starve_readers_nor_outlive_their_timeouts() {
    let timeout = Duration::from_secs(2);
    let mut server =
        Server::start(&["--header-timeout=2", "--body-timeout=2", "--request-timeout=4", "--shutdown-timeout=3"]);
    let opened = Instant::now();
    // 200 connections: half stop in the middle of their headers, half in the middle of
    // a comment's JSON body.
    let mut in_headers = Vec::new();
    let mut in_body = Vec::new();
    for i in 0..100 {
        let mut stream = server.connect();
        stream.write_all(b"GET /artikel/legeplads HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n").unwrap();
        in_headers.push(stream);
        let mut stream = server.connect();
        let head = "POST /api/articles/legeplads/comments HTTP/1.1\r\nHost: localhost\r\n\
                    Content-Type: application/json\r\nContent-Length: 200\r\n\r\n";
        write!(stream, "{head}{{\"reader\": \"reader-{i:04}\", \"na").unwrap();
        in_body.push(stream);
    }

    // A reader is served at once all the same.
    let started = Instant::now();
    let (status, html) = server.call("GET", ARTICLE_PAGE, None);
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert!(html.contains("Ny legeplads"), "{html}");
    assert!(took < Duration::from_secs(1), "the article page took {took:?} with 200 stalled connections open");
    assert!(opened.elapsed() < timeout, "the test was too slow to test anything: {:?}", opened.elapsed());

    // The stalled are dropped once their time is up: headers without a word, bodies with
    // a 408 in the API's error shape.
    let deadline = opened + timeout + MARGIN;
    for (i, stream) in in_headers.iter_mut().enumerate() {
        let received = until_closed(stream, deadline, &format!("connection {i} stalled in its headers"));
        assert_eq!(String::from_utf8_lossy(&received), "", "connection {i}");
    }
    for (i, stream) in in_body.iter_mut().enumerate() {
        let received =
            String::from_utf8(until_closed(stream, deadline, &format!("connection {i} stalled in its body")));
        let received = received.unwrap();
        assert!(received.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "connection {i}: {received}");
        assert!(received.contains("\r\ncontent-type: application/json\r\n"), "connection {i}: {received}");
        assert!(received.contains(r#"{"error":{"code":"invalid_body","#), "connection {i}: {received}");
    }
    assert!(opened.elapsed() >= timeout, "closed before their timeout: {:?}", opened.elapsed());

    // SIGTERM with another 50 stalled connections open: the server still exits in time.
    let _stalled: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut stream = server.connect();
            stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            stream
        })
        .collect();
    server.terminate();
    let status = server.exit_within(Duration::from_secs(3) + MARGIN);
    assert_eq!(status.code(), Some(0), "{status}");
}

#[test]
fn over_the_connection_cap_new_clients_wait_for_a_free_slot() {
    let server = Server::start(&["--max-connections=20", "--header-timeout=2"]);
    let silent: Vec<TcpStream> = (0..20).map(|_| server.connect()).collect();
    let started = Instant::now();
    // The 21st connection is accepted once a silent one has been closed.
    let (status, _) = server.call("GET", ARTICLE_PAGE, None);
    let waited = started.elapsed();
    assert_eq!(status, 200);
    assert!(waited >= Duration::from_secs(1), "served after {waited:?}: 20 connections were open already");
    assert!(waited < Duration::from_secs(2) + MARGIN, "served only after {waited:?}");
    drop(silent);
}

#[test]
fn a_client_that_stops_reading_is_dropped() {
    let server = Server::start_logging(&["--write-timeout=1"], "warn,beboerblad_server::run=info");
    let size = 16 << 20;
    std::fs::write(server.dir.path().join("dist/big.bin"), vec![b'x'; size]).unwrap();
    let mut stream = server.connect();
    send(&mut stream, "GET", "/big.bin", None);
    // It fills the socket's buffers, then waits for us to read, which we don't.
    let line = server.log_line(|line| line.contains("stopped reading"), Duration::from_secs(1) + 2 * MARGIN);
    assert!(line.contains("127.0.0.1"), "{line}");
    let received = until_closed(&mut stream, Instant::now() + MARGIN, "the connection that stopped reading");
    assert!(received.starts_with(b"HTTP/1.1 200 OK\r\n"));
    assert!(received.len() < size, "all {} bytes arrived: the server never gave up", received.len());
}
