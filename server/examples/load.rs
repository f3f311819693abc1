//! Load run (`make load`): simulated readers against a real server on 127.0.0.1, with
//! its own copy of the content and a new database; prints requests/s, latency
//! percentiles per kind of request and the count of answers by class, then checks that
//! every acknowledged comment and rating is stored. Exits non-zero on any answer other
//! than 2xx or an intended 429, on any failed request, and on a lost write.
//!
//! A Rust example rather than a Node script: it needs nothing but the toolchain that
//! builds the server (no Node on the machines that run it), and it is compiled, linted
//! and kept in step with the server by `cargo test` and `cargo clippy --all-targets`.
//!
//! ```text
//! cargo run --profile server -p beboerblad-server --example load -- [--readers 200] [--seconds 60]
//!     [--server PATH] [--content content] [--dist dist]
//! ```
//! `LOAD_READERS` and `LOAD_SECONDS` set the first two as well. The server binary is by
//! default the one built next to this example (`cargo build --profile server`).
//!
//! The server runs with its default abuse limits and `--trusted-proxy 127.0.0.1`: every
//! reader sends its own made-up address in `X-Forwarded-For`, as it would arrive through
//! a reverse proxy, so the limits apply per reader and some comments are refused (429)
//! as intended. No traffic leaves 127.0.0.1: the addresses are only header values.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

/// Every request gives up after this long (and counts as a failure).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

type HttpClient = Client<HttpConnector, Full<Bytes>>;

struct Options {
    readers: usize,
    seconds: u64,
    server: PathBuf,
    content: PathBuf,
    dist: PathBuf,
}

impl Options {
    fn parse() -> Result<Self, String> {
        let env = |name: &str| std::env::var(name).ok();
        let mut options = Self {
            readers: env("LOAD_READERS").map_or(Ok(200), |v| v.parse()).map_err(|e| format!("LOAD_READERS: {e}"))?,
            seconds: env("LOAD_SECONDS").map_or(Ok(60), |v| v.parse()).map_err(|e| format!("LOAD_SECONDS: {e}"))?,
            server: std::env::current_exe()
                .map_err(|e| e.to_string())?
                .parent()
                .and_then(Path::parent)
                .map(|dir| dir.join("beboerblad-server"))
                .ok_or("cannot tell where the server binary is; give --server")?,
            content: "content".into(),
            dist: "dist".into(),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--readers" => options.readers = value.parse().map_err(|e| format!("--readers: {e}"))?,
                "--seconds" => options.seconds = value.parse().map_err(|e| format!("--seconds: {e}"))?,
                "--server" => options.server = value.into(),
                "--content" => options.content = value.into(),
                "--dist" => options.dist = value.into(),
                _ => return Err(format!("unknown flag {flag}")),
            }
        }
        if !(1..=2000).contains(&options.readers) || !(1..=3600).contains(&options.seconds) {
            return Err("--readers must be 1–2000 and --seconds 1–3600".into());
        }
        Ok(options)
    }
}

/// The kinds of request, as the figures are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Page,
    Feed,
    ReadComments,
    Comment,
    ReadRating,
    Rate,
}

#[derive(Default)]
struct Figures {
    latencies: HashMap<Kind, Vec<Duration>>,
    ok: usize,
    limited: usize,
    other: Vec<String>,
}

/// What the server acknowledged: comment ids by article, and each reader's last rating
/// of each article.
#[derive(Default)]
struct Acknowledged {
    comments: HashMap<String, Vec<i64>>,
    ratings: HashMap<(String, String), u8>,
}

struct Site {
    base: String,
    client: HttpClient,
    articles: Vec<String>,
    pages: Vec<String>,
}

impl Site {
    /// One request: the status and body, or why there is none (failed, timed out).
    async fn send(
        &self,
        method: Method,
        path: &str,
        forwarded_for: &str,
        json: Option<&Value>,
    ) -> Result<(StatusCode, Bytes), String> {
        self.send_as(method, path, forwarded_for, json, None).await
    }

    /// [`Site::send`] for `reader` (its id in the `Beboerblad-Reader` header, never the URL).
    async fn send_as(
        &self,
        method: Method,
        path: &str,
        forwarded_for: &str,
        json: Option<&Value>,
        reader: Option<&str>,
    ) -> Result<(StatusCode, Bytes), String> {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(format!("{}{path}", self.base))
            .header("x-forwarded-for", forwarded_for);
        if let Some(reader) = reader {
            request = request.header(api_types::READER_HEADER, reader);
        }
        let body = match json {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Full::new(Bytes::from(json.to_string()))
            }
            None => Full::new(Bytes::new()),
        };
        let request = request.body(body).map_err(|e| e.to_string())?;
        let answer = async {
            let response = self.client.request(request).await.map_err(|e| format!("{e:?}"))?;
            let status = response.status();
            let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok((status, body))
        };
        tokio::time::timeout(REQUEST_TIMEOUT, answer)
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {REQUEST_TIMEOUT:?}")))
            .map_err(|e| format!("{method} {path}: {e}"))
    }
}

/// A reader id for the simulated reader at `address`, issued (and signed) by the server.
async fn new_reader(site: &Site, address: &str) -> Result<String, String> {
    match site.send(Method::POST, "/api/readers", address, None).await? {
        (StatusCode::CREATED, body) => serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["reader"].as_str().map(str::to_string))
            .ok_or_else(|| format!("POST /api/readers: no reader in {body:?}")),
        (status, body) => Err(format!("POST /api/readers: {status} {body:?}")),
    }
}

/// A small xorshift generator: the choices need no quality, and no extra dependency.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

/// One simulated reader: browses, reads the feed and comments, rates and comments,
/// until `until`.
async fn reader(
    site: Arc<Site>,
    n: usize,
    until: Instant,
    figures: Arc<Mutex<Figures>>,
    acked: Arc<Mutex<Acknowledged>>,
) {
    let address = format!("198.18.{}.{}", n / 250, n % 250 + 1);
    let reader = match new_reader(&site, &address).await {
        Ok(reader) => reader,
        Err(e) => return figures.lock().unwrap().other.push(format!("reader {n}: no reader id: {e}")),
    };
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ (n as u64 + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9));
    let mut written = 0;
    while Instant::now() < until {
        let roll = dice.below(100);
        let article = dice.pick(&site.articles).to_string();
        let (kind, method, path, body) = match roll {
            0..45 => (Kind::Page, Method::GET, dice.pick(&site.pages).to_string(), None),
            45..60 => (Kind::Feed, Method::GET, "/feed.json".to_string(), None),
            60..75 => (Kind::ReadComments, Method::GET, format!("/api/articles/{article}/comments"), None),
            75..85 => (Kind::ReadRating, Method::GET, format!("/api/articles/{article}/rating"), None),
            85..95 => {
                let value = dice.below(5) + 1;
                let body = json!({"reader": reader, "value": value});
                (Kind::Rate, Method::PUT, format!("/api/articles/{article}/rating"), Some(body))
            }
            _ => {
                written += 1;
                let body = json!({"reader": reader, "name": format!("Læser {n}"), "body": format!("Kommentar {written} fra læser {n}")});
                (Kind::Comment, Method::POST, format!("/api/articles/{article}/comments"), Some(body))
            }
        };
        let started = Instant::now();
        let answer = site.send_as(method, &path, &address, body.as_ref(), Some(&reader)).await;
        let took = started.elapsed();
        let mut figures = figures.lock().unwrap();
        figures.latencies.entry(kind).or_default().push(took);
        match answer {
            Ok((status, answer)) if status.is_success() => {
                figures.ok += 1;
                drop(figures);
                let mut acked = acked.lock().unwrap();
                match (kind, &body) {
                    (Kind::Comment, _) => {
                        let id =
                            serde_json::from_slice::<Value>(&answer).ok().and_then(|v| v["comment"]["id"].as_i64());
                        acked.comments.entry(article).or_default().push(id.unwrap_or(-1));
                    }
                    (Kind::Rate, Some(body)) => {
                        acked.ratings.insert((article, reader.clone()), body["value"].as_u64().unwrap_or(0) as u8);
                    }
                    _ => {}
                }
            }
            // Only writes are limited; a 429 anywhere else is a fault.
            Ok((StatusCode::TOO_MANY_REQUESTS, _)) if matches!(kind, Kind::Comment | Kind::Rate) => {
                figures.limited += 1
            }
            Ok((status, answer)) => {
                figures.other.push(format!("{kind:?} {path}: {status} {}", String::from_utf8_lossy(&answer)))
            }
            Err(e) => figures.other.push(e),
        }
    }
}

/// Every acknowledged comment and rating, read back through the API. Returns the problems.
async fn verify(site: &Site, acked: &Acknowledged) -> Vec<String> {
    let mut problems = Vec::new();
    for (article, ids) in &acked.comments {
        let mut stored = Vec::new();
        let mut path = format!("/api/articles/{article}/comments");
        loop {
            let page = match site.send(Method::GET, &path, "127.0.0.1", None).await {
                Ok((StatusCode::OK, body)) => serde_json::from_slice::<Value>(&body).unwrap_or_default(),
                other => {
                    problems.push(format!("reading {path}: {other:?}"));
                    break;
                }
            };
            let comments = page["comments"].as_array().cloned().unwrap_or_default();
            stored.extend(comments.iter().filter_map(|c| c["id"].as_i64()));
            match page["next"].as_str() {
                Some(next) => path = format!("/api/articles/{article}/comments?after={next}"),
                None => break,
            }
        }
        problems.extend(
            ids.iter().filter(|id| !stored.contains(id)).map(|id| format!("comment {id} on {article} is missing")),
        );
    }
    for ((article, reader), value) in &acked.ratings {
        let path = format!("/api/articles/{article}/rating");
        match site.send_as(Method::GET, &path, "127.0.0.1", None, Some(reader)).await {
            Ok((StatusCode::OK, body)) => {
                let mine = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v["mine"].as_u64());
                if mine != Some(u64::from(*value)) {
                    problems.push(format!("{reader}'s rating of {article} is {mine:?}, acknowledged {value}"));
                }
            }
            other => problems.push(format!("reading {path}: {other:?}")),
        }
    }
    problems
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted.get((sorted.len() * p / 100).min(sorted.len().saturating_sub(1))).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn print(figures: &Figures, elapsed: Duration) {
    let total: usize = figures.latencies.values().map(Vec::len).sum();
    println!(
        "{total} requests in {:.1} s: {:.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!("{:<14} {:>8} {:>9} {:>9} {:>9} {:>9}", "kind", "count", "p50 ms", "p90 ms", "p99 ms", "max ms");
    let mut kinds: Vec<_> = figures.latencies.iter().collect();
    kinds.sort_by_key(|(kind, _)| **kind);
    for (kind, latencies) in kinds {
        let mut sorted = latencies.clone();
        sorted.sort_unstable();
        let row = [50, 90, 99, 100].map(|p| ms(percentile(&sorted, p)));
        println!(
            "{:<14} {:>8} {:>9} {:>9} {:>9} {:>9}",
            format!("{kind:?}"),
            sorted.len(),
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    println!("2xx: {}  429: {}  other: {}", figures.ok, figures.limited, figures.other.len());
}

/// Copies `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The server on a free port of 127.0.0.1 with its own content copy and database.
fn start_server(options: &Options, dir: &Path) -> Result<(Child, SocketAddr), String> {
    copy_dir(&options.content, &dir.join("content"))
        .map_err(|e| format!("copying {}: {e}", options.content.display()))?;
    let mut child = Command::new(&options.server)
        .args(["--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1"])
        .arg("--content")
        .arg(dir.join("content"))
        .arg("--dist")
        .arg(&options.dist)
        .arg("--db")
        .arg(dir.join("data/load.db"))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting {}: {e} (build it: make build)", options.server.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let line = BufReader::new(stdout).lines().next().and_then(Result::ok).unwrap_or_default();
    match line.strip_prefix("beboerblad is at http://").and_then(|addr| addr.parse().ok()) {
        Some(addr) => Ok((child, addr)),
        None => {
            let _ = child.kill();
            Err(format!("the server did not start: {line:?}"))
        }
    }
}

fn main() -> ExitCode {
    let options = match Options::parse() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("load: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr) = match start_server(&options, dir.path()) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("load: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let passed = runtime.block_on(run(&options, addr));
    // SIGTERM, as in production; it must stop within its shutdown timeout.
    let _ = Command::new("kill").arg("-TERM").arg(server.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(15);
    let stopped = loop {
        match server.try_wait() {
            Ok(Some(status)) => break status.success(),
            _ if Instant::now() > deadline => {
                let _ = server.kill();
                break false;
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    if !stopped {
        eprintln!("load: the server did not stop cleanly on SIGTERM");
    }
    if passed && stopped { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

async fn run(options: &Options, addr: SocketAddr) -> bool {
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let mut site = Site { base: format!("http://{addr}"), client, articles: Vec::new(), pages: Vec::new() };
    let feed = match site.send(Method::GET, "/feed.json", "127.0.0.1", None).await {
        Ok((StatusCode::OK, body)) => serde_json::from_slice::<Value>(&body).unwrap_or_default(),
        other => {
            eprintln!("load: cannot read the feed: {other:?}");
            return false;
        }
    };
    let ids = |list: &Value| -> Vec<String> {
        list.as_array().into_iter().flatten().filter_map(|i| i["id"].as_str().map(str::to_string)).collect()
    };
    site.articles = ids(&feed["items"]);
    let issues = ids(&feed["_beboerblad"]["issues"]);
    site.pages = ["/", "/blad/", "/arkiv/1"].map(String::from).into();
    site.pages.extend(site.articles.iter().map(|id| format!("/artikel/{id}")));
    site.pages.extend(issues.iter().map(|id| format!("/blad/{id}")));
    if site.articles.is_empty() {
        eprintln!("load: the feed has no articles");
        return false;
    }
    println!(
        "{} readers for {} s against {addr} ({} articles, {} pages)",
        options.readers,
        options.seconds,
        site.articles.len(),
        site.pages.len()
    );

    let site = Arc::new(site);
    let figures = Arc::new(Mutex::new(Figures::default()));
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let started = Instant::now();
    let until = started + Duration::from_secs(options.seconds);
    let readers: Vec<_> = (0..options.readers)
        .map(|n| tokio::spawn(reader(site.clone(), n, until, figures.clone(), acked.clone())))
        .collect();
    for reader in readers {
        if let Err(e) = reader.await {
            figures.lock().unwrap().other.push(format!("a reader failed: {e}"));
        }
    }
    let elapsed = started.elapsed();
    let figures = std::mem::take(&mut *figures.lock().unwrap());
    print(&figures, elapsed);
    for problem in figures.other.iter().take(20) {
        eprintln!("  {problem}");
    }

    let acked = std::mem::take(&mut *acked.lock().unwrap());
    let comments: usize = acked.comments.values().map(Vec::len).sum();
    let problems = verify(&site, &acked).await;
    println!(
        "verified {comments} acknowledged comments and {} ratings: {} missing or wrong",
        acked.ratings.len(),
        problems.len()
    );
    for problem in problems.iter().take(20) {
        eprintln!("  {problem}");
    }
    figures.other.is_empty() && problems.is_empty() && figures.ok > 0
}
