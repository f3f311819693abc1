//! The beboerblad reference server: one route table, built by [`app`] so tests can call
//! it without a socket.

pub mod content;
pub mod db;
pub mod http;
pub mod publish;
pub mod render;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use thiserror::Error;

use crate::content::Content;
use crate::db::{Db, DbError};
use crate::http::AdminToken;
use crate::http::limits::Limiters;
use crate::render::Shell;

pub use crate::http::limits::{Limits, Rate};

#[derive(Clone, Debug)]
pub struct Config {
    pub content: PathBuf,
    pub dist: PathBuf,
    pub public_url: Option<String>,
    /// SQLite file with ratings and comments; created, with its directory, if missing.
    pub db: PathBuf,
    /// The moderator's bearer token; `None` (or empty) switches moderation off.
    pub admin_token: Option<String>,
    /// Abuse limits of the API.
    pub limits: Limits,
}

#[derive(Debug, Error)]
pub enum StartError {
    #[error("cannot read the built app at {path}: {source} (build it first: `make build`)")]
    Dist { path: PathBuf, source: std::io::Error },
    #[error("the built app's index.html has no <head> and <body>: {0}")]
    Shell(PathBuf),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("cannot open the database: {0}")]
    Db(#[from] DbError),
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

/// Shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    pub content: Arc<Content>,
    pub pages: Arc<render::Pages>,
    pub db: Db,
    pub admin: Option<AdminToken>,
    pub limiters: Arc<Limiters>,
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
        let index = config.dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|source| StartError::Dist { path: index.clone(), source })?;
        let shell = Shell::parse(&html).ok_or(StartError::Shell(index))?;
        Ok(Self {
            content: Arc::new(Content::new(config.content.clone())),
            pages: Arc::new(render::Pages::new(shell, config.public_url.clone())),
            db: Db::open(&config.db)?,
            admin: config.admin_token.as_deref().and_then(AdminToken::new),
            limiters: Arc::new(Limiters::new(config.limits)),
        })
    }
}

/// The whole HTTP surface.
pub fn app(state: AppState, config: &Config) -> Router {
    http::routes(state, config)
}

pub async fn serve(config: Config, addr: SocketAddr) -> Result<(), StartError> {
    let state = AppState::new(&config)?;
    // Schema problems stop the server here, before it accepts a request.
    state.db.pool().await?;
    if state.admin.is_none() {
        tracing::info!("no admin token: comment moderation is off");
    }
    let db = state.db.clone();
    let router = app(state, &config);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| StartError::Listen { addr, source })?;
    let bound = listener.local_addr().map_err(|source| StartError::Listen { addr, source })?;
    // Tests start the server on port 0 and read the address from this line.
    println!("beboerblad is at http://{bound}");
    let served = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(StartError::Serve);
    // Not needed for durability (every write is already synced), but leaves a tidy file.
    db.close().await;
    served
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
