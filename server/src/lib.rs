//! The beboerblad reference server: one route table, built by [`app`] so tests can call
//! it without a socket.

pub mod build_feed;
pub mod content;
pub mod db;
pub mod desk;
pub mod embed;
pub mod feed_reader;
pub mod http;
pub mod publish;
pub mod render;
pub mod run;
pub mod sanitize;
pub mod search;
pub mod theme;
pub mod url;

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::FromRef;
use ipnet::IpNet;
use thiserror::Error;

use crate::content::Content;
use crate::db::{Db, DbError, Location};
use crate::http::limits::Limiters;
use crate::http::{AdminToken, AdminTokenTooShort, BearerGuard};
use crate::render::Shell;

pub use crate::http::limits::{DailyCaps, Limits, Rate};
pub use crate::http::security::{EmbedOrigin, HostName};
pub use crate::http::{VoterCaps, VoterCapsError};
pub use beboerblad::site::BasePath;

#[derive(Clone, Debug)]
pub struct Config {
    pub content: PathBuf,
    pub dist: PathBuf,
    pub public_url: Option<String>,
    /// Where ratings, comments and the desk's records are kept: a SQLite file (created,
    /// with its directory, if missing) or a PostgreSQL database (`postgres://…`).
    pub db: db::Location,
    /// Most database connections this process opens at once.
    pub db_connections: u32,
    /// Where copies of pictures at other widths are kept (default: [`Config::picture_cache`]).
    pub picture_cache: Option<PathBuf>,
    /// The moderator's bearer token; `None` (or empty) switches moderation off.
    pub admin_token: Option<String>,
    /// Abuse limits of the API, per client.
    pub limits: Limits,
    /// New comments allowed a day, in all and per article.
    pub caps: DailyCaps,
    /// Reverse proxies whose `X-Forwarded-For` tells the client's address.
    pub trusted_proxies: Vec<IpNet>,
    /// Time limits of connections and requests.
    pub timeouts: run::Timeouts,
    /// Most connections open at once; more wait to be accepted.
    pub max_connections: usize,
    /// Origins besides the site's own that may show it in a frame (CSP `frame-ancestors`).
    pub embed_origins: Vec<EmbedOrigin>,
    /// Without a public URL: hosts the `Host` header may name besides loopback ones.
    pub allowed_hosts: Vec<HostName>,
    /// How many new voters one network may bring to an article per day.
    pub voters: VoterCaps,
    /// The path the reader is served under (`--base-path`; `/` by default).
    pub base_path: BasePath,
    /// An editor's session at the desk ends after this long unused.
    pub desk_idle: Duration,
}

impl Config {
    /// The picture cache's directory: as given, else `picture-cache` beside the SQLite
    /// file, else (PostgreSQL) `data/picture-cache` under the working directory. Each
    /// process keeps its own (they are copies it can make again).
    pub fn picture_cache(&self) -> PathBuf {
        if let Some(dir) = &self.picture_cache {
            return dir.clone();
        }
        match &self.db {
            Location::Sqlite(file) => file.parent().unwrap_or(Path::new(".")).join("picture-cache"),
            Location::Postgres(_) => PathBuf::from("data/picture-cache"),
        }
    }
}

#[derive(Debug, Error)]
pub enum StartError {
    #[error("{0}")]
    AdminToken(#[from] AdminTokenTooShort),
    #[error("cannot read the built app at {path}: {source} (build it first: `make build`)")]
    Dist { path: PathBuf, source: std::io::Error },
    #[error("the built app's index.html has no <head> and <body>: {0}")]
    Shell(PathBuf),
    #[error(
        "the built app's {0} has an inline script without a nonce: build it with `create_nonce = true` in Trunk.toml"
    )]
    ShellNonce(PathBuf),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("cannot open the database: {0}")]
    Db(#[from] DbError),
    #[error("the database {db} is inside {dir}, which the server publishes: give --db a path outside it")]
    DbServed { db: PathBuf, dir: PathBuf },
    #[error("cannot listen for the stop signal: {0}")]
    Signal(std::io::Error),
}

/// Shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    pub content: Arc<Content>,
    pub pages: Arc<render::Pages>,
    pub db: Db,
    pub admin: Option<AdminToken>,
    /// Wrong bearer tokens per address: guessing the admin token is slow.
    pub bearer: Arc<BearerGuard>,
    pub limiters: Arc<Limiters>,
    /// From [`Config::trusted_proxies`].
    pub trusted_proxies: Arc<[IpNet]>,
    pub voters: VoterCaps,
    /// Keyed writes of one reader and key take turns (see `http/idempotency.rs`).
    pub(crate) turns: Arc<http::idempotency::Turns>,
    /// The editors' desk: sessions' idle limit, cookie settings, the sign-in guard.
    pub desk: Arc<desk::Desk>,
    /// Rendered pages of the current feed edition (see `http/page_cache.rs`).
    pub page_cache: Arc<http::PageCache>,
    /// The published feed compressed, once per edition.
    pub compressed_feed: Arc<http::CompressedFeed>,
    /// The published feed's page files, once per edition (see `http/feed_files.rs`).
    pub feed_files: Arc<http::FeedFiles>,
}

impl FromRef<AppState> for Arc<Content> {
    fn from_ref(state: &AppState) -> Self {
        state.content.clone()
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl AppState {
    /// Reads the built app's shell and opens the database (lazily: call inside a Tokio
    /// runtime; migrations run on first use, or up front through `state.db.pool()`).
    pub fn new(config: &Config) -> Result<Self, StartError> {
        refuse_served_db(config)?;
        // Before anything is read or created: a token that can be guessed stops the server.
        let admin = config.admin_token.as_deref().map(AdminToken::new).transpose()?.flatten();
        let index = config.dist.join("index.html");
        let html =
            std::fs::read_to_string(&index).map_err(|source| StartError::Dist { path: index.clone(), source })?;
        let shell = Shell::parse(&html).ok_or_else(|| StartError::Shell(index.clone()))?;
        if shell.lacks_nonces() {
            return Err(StartError::ShellNonce(index));
        }
        Ok(Self {
            content: Arc::new(Content::under(config.content.clone(), &config.base_path)),
            pages: Arc::new(
                render::Pages::new(shell, config.public_url.clone(), config.allowed_hosts.clone())
                    .with_site(config.base_path.clone(), &config.embed_origins),
            ),
            db: Db::connect(&config.db, config.db_connections)?,
            admin,
            bearer: Arc::new(BearerGuard::new(http::BEARER_FAILURES)),
            limiters: Arc::new(Limiters::new(config.limits, config.caps)),
            trusted_proxies: config.trusted_proxies.clone().into(),
            voters: config.voters,
            turns: Arc::new(http::idempotency::Turns::new()),
            desk: Arc::new(desk::Desk::new(config)),
            page_cache: Arc::new(http::PageCache::new()),
            compressed_feed: Arc::new(http::CompressedFeed::default()),
            feed_files: Arc::new(http::FeedFiles::new()),
        })
    }
}

/// A SQLite file must never be a file the server hands out (dist/ serves any file).
fn refuse_served_db(config: &Config) -> Result<(), StartError> {
    let Some(file) = config.db.file() else { return Ok(()) };
    let db = resolved(file);
    for dir in [&config.content, &config.dist] {
        if db.starts_with(resolved(dir)) {
            return Err(StartError::DbServed { db: file.to_path_buf(), dir: dir.clone() });
        }
    }
    Ok(())
}

/// `path` as the file system resolves it: absolute, symlinks followed as far as it exists,
/// `.` and `..` taken out.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            // `out` has no symlinks left in it, so its parent is what `..` means.
            Component::ParentDir => {
                out.pop();
            }
            other => {
                out.push(other);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    out
}

/// The whole HTTP surface, with the time limits of requests.
pub fn app(state: AppState, config: &Config) -> Router {
    http::routes(state, config).layer(axum::middleware::from_fn_with_state(config.timeouts, http::deadlines::limit))
}

/// Runs the server until SIGTERM or Ctrl-C, then stops gracefully (see [`run::serve`])
/// and closes the database.
pub async fn serve(config: Config, addr: SocketAddr) -> Result<(), StartError> {
    let state = AppState::new(&config)?;
    // Schema problems stop the server here, before it accepts a request; the first start
    // makes the key that signs reader ids.
    state.db.pool().await?;
    state.db.reader_key().await?;
    tracing::info!("database: {} ({})", config.db, state.db.backend());
    if state.admin.is_none() {
        tracing::info!("no admin token: comment moderation is off");
    }
    let db = state.db.clone();
    let router = app(state, &config);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| StartError::Listen { addr, source })?;
    let bound = listener.local_addr().map_err(|source| StartError::Listen { addr, source })?;
    let stop = run::stop_signal().map_err(StartError::Signal)?;
    // Tests start the server on port 0 and read the address from this line.
    println!("beboerblad is at http://{bound}");
    let max_connections = run::connection_cap(config.max_connections);
    run::serve(listener, router, stop, config.timeouts, max_connections).await;
    // Not needed for durability (every write is already synced), but leaves a tidy file.
    if tokio::time::timeout(DB_CLOSE_TIMEOUT, db.close()).await.is_err() {
        tracing::warn!("the database did not close within {DB_CLOSE_TIMEOUT:?}; exiting anyway");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Closing waits for connections still in use; none should be, once requests are done.
const DB_CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
