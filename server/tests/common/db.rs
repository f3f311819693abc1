//! The database a test server uses: a SQLite file in the test's temporary directory, or,
//! when `BEBOERBLAD_TEST_PG` names a PostgreSQL server (`postgres://user@host:port/db`,
//! a user allowed to create databases), a new database of its own there, dropped when the
//! test ends. `scripts/test.sh` runs the database tests both ways.

use std::io::Write;
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use beboerblad_server::db::Location;
use sqlx::{Connection, Executor, PgConnection, Row, SqliteConnection};

/// The variable naming the PostgreSQL server to test against.
pub const TEST_PG: &str = "BEBOERBLAD_TEST_PG";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backend of this run (announced once in the test log).
pub fn backend() -> Backend {
    static ANNOUNCED: Once = Once::new();
    let backend = if admin_url().is_some() { Backend::Postgres } else { Backend::Sqlite };
    // Past the test harness's capture: in the log whether or not a test fails.
    ANNOUNCED.call_once(|| {
        let _ = writeln!(std::io::stderr(), "database tests run on {backend:?}");
    });
    backend
}

fn admin_url() -> Option<String> {
    std::env::var(TEST_PG).ok().filter(|url| !url.is_empty())
}

/// A test's database; a PostgreSQL one is dropped with it.
#[derive(Debug)]
pub struct TestDb {
    pub location: Location,
    dropped: Option<(String, String)>,
}

impl TestDb {
    /// A new, empty database: `data/beboerblad.db` in `dir`, or a new PostgreSQL database.
    pub fn fresh(dir: &Path) -> Self {
        match (backend(), admin_url()) {
            (Backend::Postgres, Some(admin)) => {
                static NEXT: AtomicU32 = AtomicU32::new(0);
                let name = format!("beboerblad_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
                let sql = format!("CREATE DATABASE {name}");
                on_own_runtime(&admin, &sql);
                let mut url = url::Url::parse(&admin).unwrap();
                url.set_path(&name);
                Self { location: Location::Postgres(url.to_string()), dropped: Some((admin, name)) }
            }
            _ => Self { location: Location::Sqlite(dir.join("data/beboerblad.db")), dropped: None },
        }
    }

    /// The same database for another server, which leaves it to this one to drop.
    pub fn shared(&self) -> Self {
        Self { location: self.location.clone(), dropped: None }
    }

    /// What `--db` is given.
    pub fn arg(&self) -> String {
        match &self.location {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.clone(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.dropped.take() {
            // Closes what the test left open (its pools are gone or going).
            on_own_runtime(&admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// One statement on the PostgreSQL server, from any thread, even inside a test's runtime.
fn on_own_runtime(url: &str, sql: &str) {
    let (url, sql) = (url.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let mut conn = PgConnection::connect(&url).await.unwrap_or_else(|e| panic!("{TEST_PG}: {e}"));
            conn.execute(sql.as_str()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
            conn.close().await.unwrap();
        })
    })
    .join()
    .unwrap();
}

/// A connection of the test's own to the database at `location`.
pub enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl Conn {
    pub async fn to(location: &Location) -> Self {
        match location {
            Location::Sqlite(path) => {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                Conn::Sqlite(SqliteConnection::connect_with(&options).await.unwrap())
            }
            Location::Postgres(url) => Conn::Postgres(PgConnection::connect(url).await.unwrap()),
        }
    }

    /// A query's one whole number (`SELECT COUNT(*) …`).
    pub async fn number(&mut self, sql: &str) -> i64 {
        match self {
            Conn::Sqlite(c) => sqlx::query_scalar(sql).fetch_one(c).await.unwrap(),
            Conn::Postgres(c) => sqlx::query_scalar(sql).fetch_one(c).await.unwrap(),
        }
    }

    /// A statement (the test's own, values written in).
    pub async fn execute(&mut self, sql: &str) -> u64 {
        match self {
            Conn::Sqlite(c) => c.execute(sql).await.unwrap().rows_affected(),
            Conn::Postgres(c) => c.execute(sql).await.unwrap().rows_affected(),
        }
    }

    /// Every byte the database keeps of the tables' rows, to search for what must not be
    /// stored readably. SQLite: the file and its write-ahead log, as on disk. PostgreSQL:
    /// every text and byte column of every table as stored (not hex-encoded).
    pub async fn stored_bytes(&mut self, location: &Location) -> Vec<u8> {
        match (self, location) {
            (Conn::Sqlite(_), Location::Sqlite(file)) => {
                let mut stored = std::fs::read(file).unwrap();
                stored.extend(std::fs::read(file.with_extension("db-wal")).unwrap_or_default());
                stored
            }
            (Conn::Postgres(c), Location::Postgres(_)) => {
                let columns = sqlx::query(
                    "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
                     WHERE table_schema = 'public' AND data_type IN ('text', 'bytea')",
                )
                .fetch_all(&mut *c)
                .await
                .unwrap();
                assert!(columns.len() > 10, "the schema's columns: {}", columns.len());
                let mut stored = Vec::new();
                for column in columns {
                    let (table, name, kind): (String, String, String) = (column.get(0), column.get(1), column.get(2));
                    let sql = format!("SELECT \"{name}\" FROM \"{table}\" WHERE \"{name}\" IS NOT NULL");
                    if kind == "bytea" {
                        for value in sqlx::query_scalar::<_, Vec<u8>>(&sql).fetch_all(&mut *c).await.unwrap() {
                            stored.extend(value);
                        }
                    } else {
                        for value in sqlx::query_scalar::<_, String>(&sql).fetch_all(&mut *c).await.unwrap() {
                            stored.extend(value.into_bytes());
                        }
                    }
                }
                stored
            }
            _ => panic!("a connection to another database than {location}"),
        }
    }
}
