//! The real binary: it stops on SIGTERM, finishes what it is doing, does not wait past
//! its deadline for connections that have nothing to finish, and exits with status 0.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::OpenOptionsExt;
use std::process::Command;
use std::time::{Duration, Instant};

use common::process::{Server, receive};

/// Every socket of these tests gives up after this long.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends one GET for `path` (keep-alive).
fn send(stream: &mut TcpStream, path: &str) {
    common::process::send(stream, "GET", path, None);
}

#[test]
fn sigterm_stops_the_server_with_status_0() {
    let mut server = Server::start(&[]);
    let mut stream = server.connect();
    send(&mut stream, "/");
    assert_eq!(receive(&mut stream).0, 200);
    drop(stream);
    server.terminate();
    let status = server.exit_within(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "{status}");
}

#[test]
fn open_connections_do_not_keep_it_past_the_shutdown_timeout() {
    let mut server = Server::start(&["--shutdown-timeout", "2"]);
    // One connection idle between requests, one that stopped in the middle of its headers.
    let mut idle = server.connect();
    send(&mut idle, "/");
    assert_eq!(receive(&mut idle).0, 200);
    let mut half_open = server.connect();
    write!(half_open, "GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();

    server.terminate();
    // The idle connection has nothing to finish: it is closed at once, well before the
    // deadline, while the half-open one keeps the server waiting.
    idle.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    assert_eq!(idle.read(&mut [0; 16]).unwrap(), 0, "the idle connection is closed");
    assert!(server.child.try_wait().unwrap().is_none(), "the server waits for the half-open connection");
    // Until the deadline, and some margin for a busy machine (the default would be 10 s).
    let status = server.exit_within(Duration::from_secs(2 + 3));
    assert_eq!(status.code(), Some(0), "{status}");
    drop(half_open);
}

/// A page request waits for the feed, which is a pipe that gives its text only when the
/// test writes it: the request is in flight for as long as the test likes.
#[test]
fn a_request_in_flight_is_answered_before_the_server_exits() {
    let mut server = Server::start(&[]);
    let feed = server.dir.path().join("content/feed.json");
    std::fs::remove_file(&feed).unwrap();
    let made = Command::new("mkfifo").arg(&feed).status().unwrap();
    assert!(made.success(), "mkfifo: {made}");
    let mut in_flight = server.connect();
    send(&mut in_flight, "/");
    // The server is reading the feed once the pipe has a reader.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut pipe = loop {
        match std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(&feed) {
            Ok(pipe) => break pipe,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("the server never read the feed: {e}"),
        }
    };

    server.terminate();
    // New connections are refused once the signal is handled …
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect_timeout(&server.addr, IO_TIMEOUT).is_ok() {
        assert!(Instant::now() < deadline, "still accepting connections 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(10));
    }
    // … while the request in flight still gets its page.
    pipe.write_all(common::feed().replace("Ny legeplads", "Legepladsen er åben").as_bytes()).unwrap();
    drop(pipe);
    let (status, html) = receive(&mut in_flight);
    assert_eq!(status, 200);
    assert!(html.contains("Legepladsen er åben"), "{html}");
    let status = server.exit_within(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "{status}");
}

#[test]
fn each_request_is_logged_at_info_without_its_query() {
    let server = Server::start_logging(&[], "info");
    let mut stream = server.connect();
    send(&mut stream, "/artikel/legeplads?reader=reader-secret");
    assert_eq!(receive(&mut stream).0, 200);
    let line = server.log_line(|line| line.contains("path=/artikel/legeplads"), Duration::from_secs(10));
    assert!(line.contains(" INFO "), "{line}");
    assert!(line.contains("method=GET"), "{line}");
    assert!(line.contains("status=200"), "{line}");
    assert!(line.contains("latency="), "{line}");
    assert!(!line.contains("reader-secret"), "{line}");
}
