//! `beboerblad-server`: command-line flags → configuration → run.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Serves the beboerblad reader: server-rendered pages, the app, the feed and images.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "BEBOERBLAD_ADDR")]
    addr: SocketAddr,
    /// Directory with feed.json (and its next pages) and the images it refers to.
    #[arg(long, default_value = "content", env = "BEBOERBLAD_CONTENT")]
    content: PathBuf,
    /// The built app (Trunk's output: index.html, .js, .wasm, .css).
    #[arg(long, default_value = "dist", env = "BEBOERBLAD_DIST")]
    dist: PathBuf,
    /// Public address of the site, for canonical links and preview images
    /// (default: taken from each request's Host header).
    #[arg(long, env = "BEBOERBLAD_PUBLIC_URL")]
    public_url: Option<String>,
    /// SQLite database for ratings and comments (created, with its directory, if missing).
    #[arg(long, default_value = "data/beboerblad.db", env = "BEBOERBLAD_DB")]
    db: PathBuf,
    /// Bearer token that lets a moderator hide and delete any comment (default: none,
    /// moderation off). Prefer the environment variable: flags show in process lists.
    #[arg(long, env = "BEBOERBLAD_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .init();
    let args = Args::parse();
    let config = beboerblad_server::Config {
        content: args.content,
        dist: args.dist,
        public_url: args.public_url,
        db: args.db,
        admin_token: args.admin_token,
        limits: beboerblad_server::Limits::default(),
    };
    match beboerblad_server::serve(config, args.addr).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("beboerblad-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
