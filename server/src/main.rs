//! `beboerblad-server`: command-line flags → configuration → run.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use beboerblad_server::{Limits, Rate, VoterCaps};
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
    #[arg(long, default_value = "data/beboerblad.db", env = "BEBOERBLAD_DB", global = true)]
    db: PathBuf,
    /// Bearer token that lets a moderator hide and delete any comment, at least 32
    /// characters (default: none, moderation off). Prefer the environment variable: flags
    /// show in process lists.
    #[arg(long, env = "BEBOERBLAD_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// New comments allowed per reader and per client address: MAX/SECONDS.
    #[arg(long, default_value = "5/600", env = "BEBOERBLAD_COMMENT_RATE", value_name = "MAX/SECONDS")]
    comment_rate: Rate,
    /// Rating changes allowed per reader and per client address: MAX/SECONDS.
    #[arg(long, default_value = "60/60", env = "BEBOERBLAD_RATING_RATE", value_name = "MAX/SECONDS")]
    rating_rate: Rate,
    /// New reader ids allowed per client address: MAX/SECONDS.
    #[arg(long, default_value = "20/3600", env = "BEBOERBLAD_READER_RATE", value_name = "MAX/SECONDS")]
    reader_rate: Rate,
    /// Readers who had not rated an article that may rate it per day from one IPv4
    /// address, one IPv6 /64 and one IPv6 /48.
    #[arg(long, default_value = "3,3,10", env = "BEBOERBLAD_NEW_VOTERS", value_name = "IPV4,IPV6_64,IPV6_48")]
    new_voters: VoterCaps,
    /// After SIGTERM or Ctrl-C: seconds that requests in flight get to finish before the
    /// server exits anyway.
    #[arg(long, default_value_t = 10, env = "BEBOERBLAD_SHUTDOWN_TIMEOUT", value_name = "SECONDS")]
    shutdown_timeout: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

/// What to do instead of serving.
#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Writes a consistent copy of the database (`--db`) to PATH while the server may keep
    /// running. Restore: stop the server, put the copy in place of the database file
    /// (removing its `-wal` and `-shm` files), start the server.
    Backup {
        /// Where the copy goes (must not exist yet).
        path: PathBuf,
    },
}

impl Args {
    fn limits(&self) -> Limits {
        Limits { comments: self.comment_rate, ratings: self.rating_rate, readers: self.reader_rate }
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
        voters: args.new_voters,
        shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e),
    };
    if let Some(Command::Backup { path }) = &args.command {
        return match runtime.block_on(backup(&config.db, path)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        };
    }
    let served = runtime.block_on(beboerblad_server::serve(config, args.addr));
    // A feed read stuck on a slow disk (a blocking thread) must not keep the process
    // alive past its shutdown deadline.
    runtime.shutdown_timeout(Duration::from_millis(500));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

async fn backup(db: &std::path::Path, to: &std::path::Path) -> Result<(), beboerblad_server::db::DbError> {
    if !db.exists() {
        return Err(beboerblad_server::db::DbError::Missing(db.to_path_buf()));
    }
    let db = beboerblad_server::db::Db::open(db)?;
    db.backup(to).await?;
    let integrity = beboerblad_server::db::Db::open(to)?.integrity().await?;
    db.close().await;
    println!("backup written to {} (integrity: {integrity})", to.display());
    Ok(())
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
    fn backup_is_a_command_with_the_database_flag_anywhere() {
        let args = Args::try_parse_from(["beboerblad-server", "backup", "copy.db", "--db", "live.db"]).ok();
        let command =
            args.as_ref().and_then(|a| a.command.as_ref().map(|Command::Backup { path }| (a.db.clone(), path.clone())));
        assert_eq!(command, Some((PathBuf::from("live.db"), PathBuf::from("copy.db"))));
        assert!(Args::try_parse_from(["beboerblad-server", "backup"]).is_err(), "the path is required");
    }

    #[test]
    fn the_default_limits_are_the_libraries_defaults() {
        let args = Args::try_parse_from(["beboerblad-server"]).map(|a| a.limits());
        assert_eq!(args.ok(), Some(Limits::default()));
    }

    #[test]
    fn limits_come_from_the_flags() {
        let args = Args::try_parse_from([
            "beboerblad-server",
            "--comment-rate",
            "1000/60",
            "--rating-rate",
            "0/1",
            "--reader-rate",
            "7/70",
        ]);
        let expected = Limits {
            comments: Rate::new(1000, Duration::from_secs(60)),
            ratings: Rate::new(0, Duration::from_secs(1)),
            readers: Rate::new(7, Duration::from_secs(70)),
        };
        assert_eq!(args.map(|a| a.limits()).ok(), Some(expected));
    }

    #[test]
    fn new_voter_caps_come_from_the_flag() {
        let default = Args::try_parse_from(["beboerblad-server"]).map(|a| a.new_voters);
        assert_eq!(default.ok(), Some(VoterCaps::default()));
        let args = Args::try_parse_from(["beboerblad-server", "--new-voters", "1,0,25"]).map(|a| a.new_voters);
        assert_eq!(args.ok(), Some(VoterCaps { ipv4: 1, ipv6_64: 0, ipv6_48: 25 }));
        let error = Args::try_parse_from(["beboerblad-server", "--new-voters", "3"]).map(|a| a.new_voters);
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.contains("--new-voters") && message.contains("expected IPV4,IPV6_64,IPV6_48"), "{message}");
    }

    #[test]
    fn a_bad_rate_names_the_flag_and_the_form() {
        let error = Args::try_parse_from(["beboerblad-server", "--comment-rate", "lots"]).map(|a| a.limits());
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.contains("--comment-rate"), "{message}");
        assert!(message.contains("expected MAX/SECONDS"), "{message}");
    }
}
