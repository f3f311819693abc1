//! `beboerblad-server`: command-line flags → configuration → run.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use beboerblad_server::{EmbedOrigin, HostName, Limits, Rate};
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
    /// New comments allowed per reader and per client address: MAX/SECONDS.
    #[arg(long, default_value = "5/600", env = "BEBOERBLAD_COMMENT_RATE", value_name = "MAX/SECONDS")]
    comment_rate: Rate,
    /// Rating changes allowed per reader and per client address: MAX/SECONDS.
    #[arg(long, default_value = "60/60", env = "BEBOERBLAD_RATING_RATE", value_name = "MAX/SECONDS")]
    rating_rate: Rate,
    /// After SIGTERM or Ctrl-C: seconds that requests in flight get to finish before the
    /// server exits anyway.
    #[arg(long, default_value_t = 10, env = "BEBOERBLAD_SHUTDOWN_TIMEOUT", value_name = "SECONDS")]
    shutdown_timeout: u64,
    /// An origin (scheme://host[:port]) that may show the reader in a frame, besides the
    /// site itself; repeat the flag for more (the variable takes a comma-separated list).
    #[arg(long = "embed-origin", env = "BEBOERBLAD_EMBED_ORIGINS", value_delimiter = ',', value_name = "ORIGIN")]
    embed_origins: Vec<EmbedOrigin>,
    /// Without --public-url: a host name the Host header may carry besides localhost and
    /// loopback addresses (others get http://localhost in canonical links); repeatable.
    #[arg(long = "allowed-host", env = "BEBOERBLAD_ALLOWED_HOSTS", value_delimiter = ',', value_name = "HOST")]
    allowed_hosts: Vec<HostName>,
}

impl Args {
    fn limits(&self) -> Limits {
        Limits { comments: self.comment_rate, ratings: self.rating_rate }
    }
}

fn main() -> ExitCode {
    // Logs go to stderr (coloured only for a person at a terminal); stdout carries the
    // address line only.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    let limits = args.limits();
    let config = beboerblad_server::Config {
        content: args.content,
        dist: args.dist,
        public_url: args.public_url,
        db: args.db,
        admin_token: args.admin_token,
        limits,
        shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
        embed_origins: args.embed_origins,
        allowed_hosts: args.allowed_hosts,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e),
    };
    let served = runtime.block_on(beboerblad_server::serve(config, args.addr));
    // A feed read stuck on a slow disk (a blocking thread) must not keep the process
    // alive past its shutdown deadline.
    runtime.shutdown_timeout(Duration::from_millis(500));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("beboerblad-server: {e}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_default_limits_are_the_libraries_defaults() {
        let args = Args::try_parse_from(["beboerblad-server"]).map(|a| a.limits());
        assert_eq!(args.ok(), Some(Limits::default()));
    }

    #[test]
    fn limits_come_from_the_flags() {
        let args = Args::try_parse_from(["beboerblad-server", "--comment-rate", "1000/60", "--rating-rate", "0/1"]);
        let expected = Limits {
            comments: Rate::new(1000, Duration::from_secs(60)),
            ratings: Rate::new(0, Duration::from_secs(1)),
        };
        assert_eq!(args.map(|a| a.limits()).ok(), Some(expected));
    }

    #[test]
    fn a_bad_rate_names_the_flag_and_the_form() {
        let error = Args::try_parse_from(["beboerblad-server", "--comment-rate", "lots"]).map(|a| a.limits());
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.contains("--comment-rate"), "{message}");
        assert!(message.contains("expected MAX/SECONDS"), "{message}");
    }

    #[test]
    fn embed_origins_and_allowed_hosts_repeat() {
        let args = Args::try_parse_from([
            "beboerblad-server",
            "--embed-origin",
            "https://a.example",
            "--embed-origin=http://b.example:8080",
            "--allowed-host",
            "blad.example",
        ]);
        let origins = args.as_ref().map(|a| a.embed_origins.iter().map(ToString::to_string).collect::<Vec<_>>()).ok();
        assert_eq!(origins, Some(vec!["https://a.example".to_string(), "http://b.example:8080".to_string()]));
        let hosts = args.as_ref().map(|a| a.allowed_hosts.iter().map(ToString::to_string).collect::<Vec<_>>()).ok();
        assert_eq!(hosts, Some(vec!["blad.example".to_string()]));
    }

    #[test]
    fn a_bad_embed_origin_names_the_flag() {
        let error = Args::try_parse_from(["beboerblad-server", "--embed-origin", "https://a.example/x; script-src *"]);
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.contains("--embed-origin"), "{message}");
        assert!(message.contains("scheme://host[:port]"), "{message}");
    }
}
