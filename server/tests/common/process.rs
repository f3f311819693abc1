//! The real binary in a child process, on a free port of 127.0.0.1, with temporary
//! content, dist and database; and plain HTTP/1.1 over `TcpStream` to talk to it.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Every socket of these tests gives up after this long.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A server process, killed (by its id) if a test ends without stopping it.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    /// Its database (`--db`): see [`super::db`].
    pub db: super::db::TestDb,
    pub dir: TempDir,
    /// Its log (stderr), line by line.
    log: mpsc::Receiver<String>,
}

impl Server {
    /// Logging warnings only.
    pub fn start(args: &[&str]) -> Self {
        Self::start_logging(args, "warn")
    }

    /// With `RUST_LOG` set to `filter`.
    pub fn start_logging(args: &[&str], filter: &str) -> Self {
        Self::start_on(None, args, filter)
    }

    /// On the database `db` (another server's, see [`super::db::TestDb::shared`]), or a new one.
    pub fn start_on(db: Option<super::db::TestDb>, args: &[&str], filter: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (content, dist) = (dir.path().join("content"), dir.path().join("dist"));
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(content.join("feed.json"), super::feed()).unwrap();
        std::fs::write(content.join("feed-2.json"), super::feed_page_two()).unwrap();
        std::fs::write(dist.join("index.html"), super::INDEX_HTML).unwrap();
        let db = db.unwrap_or_else(|| super::db::TestDb::fresh(dir.path()));
        let (child, addr, log) = spawn(dir.path(), &db, args, filter);
        Self { child, addr, db, dir, log }
    }

    /// A new process on the same files (after this one has ended).
    pub fn restart(&mut self, args: &[&str]) {
        assert!(self.child.try_wait().unwrap().is_some(), "restart: the server is still running");
        (self.child, self.addr, self.log) = spawn(self.dir.path(), &self.db, args, "warn");
    }

    /// The first line of the log that `wanted`, waiting at most `limit` for it.
    pub fn log_line(&self, wanted: impl Fn(&str) -> bool, limit: Duration) -> String {
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

    pub fn connect(&self) -> TcpStream {
        connect(self.addr)
    }

    /// One request on a new connection, closed after the answer.
    pub fn call(&self, method: &str, path: &str, json: Option<&str>) -> (u16, String) {
        let mut stream = self.connect();
        send(&mut stream, method, path, json);
        receive(&mut stream)
    }

    /// `kill -TERM`.
    pub fn terminate(&self) {
        self.signal("-TERM");
    }

    /// `kill -9`: no chance to finish anything. Reap it with [`Self::exit_within`].
    pub fn kill(&self) {
        self.signal("-KILL");
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill").arg(signal).arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success(), "kill {signal}: {status}");
    }

    /// The exit status, once the process has ended; panics when that takes longer than `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < limit, "the server was still running after {limit:?}");
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

/// Starts the binary on the files in `dir`; waits for its address line.
fn spawn(
    dir: &Path,
    db: &super::db::TestDb,
    args: &[&str],
    filter: &str,
) -> (Child, SocketAddr, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
        .arg("--addr=127.0.0.1:0")
        .arg(format!("--content={}", dir.join("content").display()))
        .arg(format!("--dist={}", dir.join("dist").display()))
        .arg(format!("--db={}", db.arg()))
        .arg(format!("--picture-cache={}", dir.join("data/picture-cache").display()))
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
    let line = received.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|e| {
        let said: Vec<String> = log.try_iter().collect();
        panic!("no address line from the server within 60 s: {e}; it logged:\n{}", said.join("\n"))
    });
    let addr = line.strip_prefix("beboerblad is at http://").unwrap_or_else(|| panic!("unexpected line {line:?}"));
    (child, addr.parse().unwrap(), log)
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

/// A connection whose reads and writes give up after [`IO_TIMEOUT`].
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT).unwrap();
    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
    stream
}

/// Sends one request (keep-alive), with a JSON body when given.
pub fn send(stream: &mut TcpStream, method: &str, path: &str, json: Option<&str>) {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
    if let Some(json) = json {
        request += &format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}", json.len());
    } else {
        request += "\r\n";
    }
    stream.write_all(request.as_bytes()).unwrap();
}

/// Reads one response: its status and body (by `Content-Length`); panics on anything else.
pub fn receive(stream: &mut TcpStream) -> (u16, String) {
    try_receive(stream).unwrap_or_else(|e| panic!("no complete response: {e}"))
}

/// Reads one response, or says why there is none (the connection closed, timed out, …).
pub fn try_receive(stream: &mut TcpStream) -> Result<(u16, String), String> {
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    match reader.read_line(&mut status_line) {
        Ok(0) => return Err("the connection was closed".into()),
        Ok(_) => {}
        Err(e) => return Err(e.to_string()),
    }
    let status =
        status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("{status_line:?}"))?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        if line == "\r\n" {
            break;
        }
        if line.is_empty() {
            return Err("closed in the middle of the headers".into());
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().map_err(|_| format!("{line:?}"))?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    Ok((status, String::from_utf8(body).map_err(|e| e.to_string())?))
}
