//! `beboerblad-server`: command-line flags → configuration → run.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use beboerblad_server::db::{DEFAULT_CONNECTIONS, Location};
use beboerblad_server::run::Timeouts;
use beboerblad_server::{BasePath, DailyCaps, EmbedOrigin, HostName, Limits, Rate, VoterCaps};
use clap::Parser;
use ipnet::IpNet;

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
    /// Where ratings, comments and the desk's records are kept: a SQLite file (created,
    /// with its directory, if missing), or a PostgreSQL database as a postgres:// or
    /// postgresql:// URL (several server processes may share one).
    #[arg(long, default_value = "data/beboerblad.db", env = "BEBOERBLAD_DB", global = true, value_name = "FILE|URL")]
    db: Location,
    /// Most database connections this process opens at once (with PostgreSQL, times the
    /// number of server processes must stay below the server's max_connections).
    #[arg(long, default_value_t = DEFAULT_CONNECTIONS, env = "BEBOERBLAD_DB_CONNECTIONS", global = true, value_name = "COUNT", value_parser = clap::value_parser!(u32).range(1..))]
    db_connections: u32,
    /// Where copies of pictures at the widths pages ask for are kept (default:
    /// picture-cache beside the SQLite file; with PostgreSQL data/picture-cache).
    #[arg(long, env = "BEBOERBLAD_PICTURE_CACHE", value_name = "DIR")]
    picture_cache: Option<PathBuf>,
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
    /// New comments allowed on the whole site in any 24 hours, whoever writes them.
    #[arg(long, default_value_t = 2000, env = "BEBOERBLAD_COMMENTS_PER_DAY", value_name = "COUNT")]
    comments_per_day: u32,
    /// New comments allowed on one article in any 24 hours.
    #[arg(long, default_value_t = 200, env = "BEBOERBLAD_COMMENTS_PER_ARTICLE_PER_DAY", value_name = "COUNT")]
    comments_per_article_per_day: u32,
    /// A reverse proxy (address or CIDR range) whose X-Forwarded-For header tells the
    /// client's address; repeat the flag, or separate with commas, for several.
    #[arg(long = "trusted-proxy", env = "BEBOERBLAD_TRUSTED_PROXY", value_name = "CIDR", value_delimiter = ',', value_parser = cidr)]
    trusted_proxies: Vec<IpNet>,
    /// Seconds a client may take to send a request's headers, or stay silent between
    /// requests, before its connection is closed.
    #[arg(long, default_value_t = 10, env = "BEBOERBLAD_HEADER_TIMEOUT", value_name = "SECONDS", value_parser = positive)]
    header_timeout: u64,
    /// Seconds a request body may pause before the request is answered 408.
    #[arg(long, default_value_t = 20, env = "BEBOERBLAD_BODY_TIMEOUT", value_name = "SECONDS", value_parser = positive)]
    body_timeout: u64,
    /// Seconds a whole request may take, its body included, before it is answered 408
    /// (body still arriving) or 503.
    #[arg(long, default_value_t = 30, env = "BEBOERBLAD_REQUEST_TIMEOUT", value_name = "SECONDS", value_parser = positive)]
    request_timeout: u64,
    /// Seconds a write to a client may wait before the connection is closed (a client
    /// that stopped reading).
    #[arg(long, default_value_t = 20, env = "BEBOERBLAD_WRITE_TIMEOUT", value_name = "SECONDS", value_parser = positive)]
    write_timeout: u64,
    /// Most connections open at once; more wait until one closes.
    #[arg(long, default_value_t = 1000, env = "BEBOERBLAD_MAX_CONNECTIONS", value_name = "COUNT", value_parser = positive_count)]
    max_connections: usize,
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
    /// An origin (scheme://host[:port]) that may show the reader in a frame, besides the
    /// site itself; repeat the flag for more (the variable takes a comma-separated list).
    #[arg(long = "embed-origin", env = "BEBOERBLAD_EMBED_ORIGINS", value_delimiter = ',', value_name = "ORIGIN")]
    embed_origins: Vec<EmbedOrigin>,
    /// Without --public-url: a host name the Host header may carry besides localhost and
    /// loopback addresses (others get http://localhost in canonical links); repeatable.
    #[arg(long = "allowed-host", env = "BEBOERBLAD_ALLOWED_HOSTS", value_delimiter = ',', value_name = "HOST")]
    allowed_hosts: Vec<HostName>,
    /// The path the reader is served under, e.g. /skraeppebladet/ behind a proxy that
    /// passes that path on unchanged; pages, files, the feed and the API all move below it.
    #[arg(long, default_value = "/", env = "BEBOERBLAD_BASE_PATH", value_name = "PATH")]
    base_path: BasePath,
    /// Minutes an editor's session at the desk (/redaktion) may go unused before the
    /// editor has to sign in again.
    #[arg(long, default_value_t = 30, env = "BEBOERBLAD_DESK_IDLE_MINUTES", value_name = "MINUTES", value_parser = positive)]
    desk_idle_minutes: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

/// What to do instead of serving.
#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Writes a consistent copy of the database (`--db`) to PATH while the server may keep
    /// running. Restore: stop the server, put the copy in place of the database file
    /// (removing its `-wal` and `-shm` files), start the server. SQLite only: back up a
    /// PostgreSQL database with pg_dump (see server/README.md).
    Backup {
        /// Where the copy goes (must not exist yet).
        path: PathBuf,
    },
    /// Adds an editor who may sign in to the desk at /redaktion. Asks for the password
    /// (twice) at a terminal; otherwise reads it as the first line of standard input.
    AddEditor {
        /// The name the editor signs in with.
        name: String,
    },
    /// Removes an editor; their sessions end at once.
    RemoveEditor { name: String },
    /// Lists the editors.
    ListEditors,
    /// Writes the feed files (feed.json and images/) into OUT, as the server publishes
    /// them: from a folder of Markdown articles with magasin.toml (--from), or from an
    /// existing JSON Feed, a file or an http(s) URL (--from-feed). Problems are listed
    /// (in Danish, with file, line and field) and nothing is written while there are any.
    /// See docs/editors.md.
    BuildFeed {
        /// The folder with magasin.toml and the articles (.md).
        #[arg(long, value_name = "DIR", required_unless_present = "from_feed", conflicts_with = "from_feed")]
        from: Option<PathBuf>,
        /// A JSON Feed to normalise: a file, or an http:// or https:// URL.
        #[arg(long, value_name = "FILE|URL")]
        from_feed: Option<String>,
        /// The content directory to write (e.g. content/).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

impl Args {
    fn limits(&self) -> Limits {
        Limits { comments: self.comment_rate, ratings: self.rating_rate, readers: self.reader_rate }
    }

    fn timeouts(&self) -> Timeouts {
        Timeouts {
            headers: Duration::from_secs(self.header_timeout),
            body: Duration::from_secs(self.body_timeout),
            request: Duration::from_secs(self.request_timeout),
            write: Duration::from_secs(self.write_timeout),
            shutdown: Duration::from_secs(self.shutdown_timeout),
        }
    }

    fn caps(&self) -> DailyCaps {
        DailyCaps { comments: self.comments_per_day, comments_per_article: self.comments_per_article_per_day }
    }
}

/// A number of seconds other than 0 (which would close every connection at once).
fn positive(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a whole number of seconds above 0, but got {text:?}"))
}

fn positive_count(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a whole number above 0, but got {text:?}"))
}

/// `10.0.0.0/8`, `fd00::/8`, or one address (`127.0.0.1`, `::1`).
fn cidr(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| format!("expected an address or a CIDR range like 10.0.0.0/8 or fd00::/8, but got {text:?}"))
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
    if let Some(Command::BuildFeed { from, from_feed, out }) = &args.command {
        return build_feed(from.as_deref(), from_feed.as_deref(), out);
    }
    let limits = args.limits();
    let caps = args.caps();
    let timeouts = args.timeouts();
    let config = beboerblad_server::Config {
        content: args.content,
        dist: args.dist,
        public_url: args.public_url,
        db: args.db,
        db_connections: args.db_connections,
        picture_cache: args.picture_cache,
        admin_token: args.admin_token,
        limits,
        caps,
        trusted_proxies: args.trusted_proxies,
        timeouts,
        max_connections: args.max_connections,
        embed_origins: args.embed_origins,
        allowed_hosts: args.allowed_hosts,
        voters: args.new_voters,
        base_path: args.base_path,
        desk_idle: Duration::from_secs(args.desk_idle_minutes.saturating_mul(60)),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e),
    };
    match &args.command {
        Some(Command::Backup { path }) => {
            return match runtime.block_on(backup(&config.db, config.db_connections, path)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            };
        }
        Some(command @ (Command::AddEditor { .. } | Command::RemoveEditor { .. } | Command::ListEditors)) => {
            return match runtime.block_on(editors(&config.db, config.db_connections, command)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            };
        }
        Some(Command::BuildFeed { .. }) | None => {}
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

/// `build-feed`: the problems on stderr (exit 1, nothing written), or a line on what was
/// written.
fn build_feed(from: Option<&std::path::Path>, from_feed: Option<&str>, out: &std::path::Path) -> ExitCode {
    use beboerblad_server::build_feed::{self, Source};
    let source = match (from, from_feed) {
        (Some(dir), _) => Source::Folder(dir),
        (None, Some(feed)) => Source::Feed(feed),
        (None, None) => return fail(&"give --from DIR or --from-feed FILE|URL"),
    };
    let built = match build_feed::build(source) {
        Ok(built) => built,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    match build_feed::write(&built, out) {
        Ok(summary) => {
            println!("{} skrevet: {summary}.", out.join(build_feed::FEED_FILE).display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("kan ikke skrive i {}: {e}", out.display())),
    }
}

async fn backup(db: &Location, connections: u32, to: &std::path::Path) -> Result<(), beboerblad_server::db::DbError> {
    use beboerblad_server::db::DbError;
    match db.file() {
        None => return Err(DbError::BackupPostgres),
        Some(file) if !file.exists() => return Err(DbError::Missing(file.to_path_buf())),
        Some(_) => {}
    }
    let db = beboerblad_server::db::Db::connect(db, connections)?;
    db.backup(to).await?;
    let integrity = beboerblad_server::db::Db::open(to)?.integrity().await?;
    db.close().await;
    println!("backup written to {} (integrity: {integrity})", to.display());
    Ok(())
}

/// `add-editor`, `remove-editor`, `list-editors`.
async fn editors(db: &Location, connections: u32, command: &Command) -> Result<(), Box<dyn std::error::Error>> {
    use beboerblad_server::desk::editors;
    let db = beboerblad_server::db::Db::connect(db, connections)?;
    let done = match command {
        Command::AddEditor { name } => {
            let password = read_password()?;
            let name = editors::add(&db, name, &password).await?;
            println!("editor {name:?} added; they sign in at /redaktion");
            Ok(())
        }
        Command::RemoveEditor { name } => {
            editors::remove(&db, name).await?;
            println!("editor {:?} removed", name.trim());
            Ok(())
        }
        Command::ListEditors => {
            for editor in editors::list(&db).await? {
                println!("{}\t(added {})", editor.name, editor.created_at);
            }
            Ok(())
        }
        Command::Backup { .. } | Command::BuildFeed { .. } => Ok(()),
    };
    db.close().await;
    done
}

/// The new editor's password: asked twice at a terminal (not shown), else the first line
/// of standard input (for scripts and tests).
fn read_password() -> Result<String, Box<dyn std::error::Error>> {
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password("Password: ")?;
        if rpassword::prompt_password("Password again: ")? != password {
            return Err("the passwords differ".into());
        }
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

fn fail(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("beboerblad-server: {e}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use beboerblad_server::run::MAX_CONNECTIONS;

    use super::*;

    #[test]
    fn backup_is_a_command_with_the_database_flag_anywhere() {
        let args = Args::try_parse_from(["beboerblad-server", "backup", "copy.db", "--db", "live.db"]).ok();
        let command = args.as_ref().and_then(|a| match &a.command {
            Some(Command::Backup { path }) => Some((a.db.clone(), path.clone())),
            _ => None,
        });
        assert_eq!(command, Some((Location::Sqlite("live.db".into()), PathBuf::from("copy.db"))));
        assert!(Args::try_parse_from(["beboerblad-server", "backup"]).is_err(), "the path is required");
    }

    #[test]
    fn the_database_is_a_file_or_a_postgres_url() {
        let db =
            |args: &[&str]| Args::try_parse_from(args).map(|a| (a.db, a.db_connections)).map_err(|e| e.to_string());
        assert_eq!(
            db(&["beboerblad-server"]),
            Ok((Location::Sqlite("data/beboerblad.db".into()), DEFAULT_CONNECTIONS))
        );
        for url in ["postgres://blad@127.0.0.1:5432/blad", "postgresql://blad@db.example/blad"] {
            let args = ["beboerblad-server", "--db", url, "--db-connections", "4"];
            assert_eq!(db(&args), Ok((Location::Postgres(url.into()), 4)), "{url}");
        }
        assert!(db(&["beboerblad-server", "--db-connections", "0"]).is_err());
        let error = db(&["beboerblad-server", "--db", "postgres://"]).err().unwrap_or_default();
        assert!(error.contains("--db") && error.contains("not a PostgreSQL URL"), "{error}");
    }

    #[test]
    fn the_default_limits_are_the_libraries_defaults() {
        let args = Args::try_parse_from(["beboerblad-server"]);
        let defaults = args.map(|a| (a.limits(), a.caps(), a.timeouts(), a.max_connections));
        assert_eq!(
            defaults.ok(),
            Some((Limits::default(), DailyCaps::default(), Timeouts::default(), MAX_CONNECTIONS))
        );
    }

    #[test]
    fn daily_caps_come_from_the_flags() {
        let args = ["beboerblad-server", "--comments-per-day", "50", "--comments-per-article-per-day", "7"];
        let caps = Args::try_parse_from(args).map(|a| a.caps());
        assert_eq!(caps.ok(), Some(DailyCaps { comments: 50, comments_per_article: 7 }));
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
    fn trusted_proxies_are_repeated_flags_or_a_comma_separated_list() {
        let nets = |args: &[&str]| Args::try_parse_from(args).map(|a| a.trusted_proxies).map_err(|e| e.to_string());
        let expected: Vec<IpNet> = ["10.0.0.0/8", "127.0.0.1/32", "fd00::/8"].iter().flat_map(|n| n.parse()).collect();
        assert_eq!(expected.len(), 3);
        let flags = ["beboerblad-server", "--trusted-proxy", "10.1.2.3/8", "--trusted-proxy=127.0.0.1"];
        assert_eq!(nets(&[&flags[..], &["--trusted-proxy", "fd00::/8"]].concat()), Ok(expected.clone()));
        assert_eq!(nets(&["beboerblad-server", "--trusted-proxy", "10.0.0.0/8, 127.0.0.1,fd00::/8"]), Ok(expected));
        assert_eq!(nets(&["beboerblad-server"]), Ok(Vec::new()));
        let error = nets(&["beboerblad-server", "--trusted-proxy", "10.0.0.0/33"]).err().unwrap_or_default();
        assert!(error.contains("--trusted-proxy") && error.contains("CIDR range"), "{error}");
    }

    #[test]
    fn timeouts_come_from_the_flags_in_seconds() {
        let args = [
            "beboerblad-server",
            "--header-timeout=1",
            "--body-timeout=2",
            "--request-timeout=3",
            "--write-timeout=4",
            "--shutdown-timeout=5",
        ];
        let secs = Duration::from_secs;
        let expected =
            Timeouts { headers: secs(1), body: secs(2), request: secs(3), write: secs(4), shutdown: secs(5) };
        assert_eq!(Args::try_parse_from(args).map(|a| a.timeouts()).ok(), Some(expected));
        for zero in ["--header-timeout=0", "--body-timeout=0", "--max-connections=0", "--write-timeout=-1"] {
            let error = Args::try_parse_from(["beboerblad-server", zero]).map(|a| a.timeouts()).err();
            let message = error.map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains("above 0"), "{zero}: {message}");
        }
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
    fn the_base_path_is_a_checked_path() {
        let base = |args: &[&str]| {
            Args::try_parse_from([&["beboerblad-server"], args].concat()).map(|a| a.base_path.to_string())
        };
        assert_eq!(base(&[]).ok().as_deref(), Some("/"));
        assert_eq!(base(&["--base-path", "/skraeppebladet"]).ok().as_deref(), Some("/skraeppebladet/"));
        let message = base(&["--base-path", "skraeppebladet/../x"]).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("--base-path") && message.contains("not a base path"), "{message}");
    }

    #[test]
    fn a_bad_embed_origin_names_the_flag() {
        let error = Args::try_parse_from(["beboerblad-server", "--embed-origin", "https://a.example/x; script-src *"]);
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.contains("--embed-origin"), "{message}");
        assert!(message.contains("scheme://host[:port]"), "{message}");
    }
}
