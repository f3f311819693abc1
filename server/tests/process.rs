//! The real binary: it stops on SIGTERM, finishes what it is doing, does not wait past
//! its deadline for connections that have nothing to finish, and exits with status 0.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Every socket of these tests gives up after this long.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A server process on a free port, killed if a test ends without stopping it.
struct Server {
    child: Child,
    addr: SocketAddr,
    dir: TempDir,
    /// Its log (stderr), line by line.
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        Self::start_logging(args, "warn")
    }

    /// With `RUST_LOG` set to `filter`.
    fn start_logging(args: &[&str], filter: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (content, dist) = (dir.path().join("content"), dir.path().join("dist"));
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(content.join("feed.json"), common::feed()).unwrap();
        std::fs::write(content.join("feed-2.json"), common::feed_page_two()).unwrap();
        std::fs::write(dist.join("index.html"), common::INDEX_HTML).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
            .arg("--addr=127.0.0.1:0")
            .arg(format!("--content={}", content.display()))
            .arg(format!("--dist={}", dist.display()))
            .arg(format!("--db={}", dir.path().join("data/beboerblad.db").display()))
            .args(args)
            .env("RUST_LOG", filter)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read the output on threads, so waiting for a line has a deadline.
        let received = lines(child.stdout.take().unwrap());
        let log = lines(child.stderr.take().unwrap());
        let mut server = Self { child, addr: SocketAddr::from(([127, 0, 0, 1], 0)), dir, log };
        let line = received
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("no address line from the server within 60 s: {e}"));
        let addr = line.strip_prefix("beboerblad is at http://").unwrap_or_else(|| panic!("unexpected line {line:?}"));
        server.addr = addr.parse().unwrap();
        server
    }

    /// The first line of the log that `wanted`, waiting at most `limit` for it.
    fn log_line(&self, wanted: impl Fn(&str) -> bool, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let line = self
                .log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|e| panic!("no such line in the log within {limit:?}: {e}"));
            if wanted(&line) {
                return line;
            }
        }
    }

    fn feed_file(&self) -> PathBuf {
        self.dir.path().join("content/feed.json")
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect_timeout(&self.addr, IO_TIMEOUT).unwrap();
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        stream
    }

    fn terminate(&self) {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success(), "kill -TERM: {status}");
    }

    /// The exit status, once the process has ended; panics when that takes longer than `limit`.
    fn exit_within(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < limit, "the server was still running {limit:?} after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only if a test failed before the server stopped: this child, by its id.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The lines of `output`, from a thread.
fn lines(output: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Sends one request for `path` (keep-alive).
fn send(stream: &mut TcpStream, path: &str) {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
}

/// Reads one response: its status and body (by `Content-Length`).
fn receive(stream: &mut TcpStream) -> (u16, String) {
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status =
        status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{status_line:?}"));
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, String::from_utf8(body).unwrap())
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
    let feed = server.feed_file();
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
