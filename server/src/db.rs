//! Ratings, comments and the desk's records in SQL: the only module that speaks it.
//!
//! Two databases, one set of queries. SQLite (the default) is one file, opened in WAL mode
//! with `synchronous = FULL` (see [`SYNCHRONOUS`]), so a write is on disk before it is
//! acknowledged and survives a crash, also of the machine. PostgreSQL (`--db postgres://…`) is for larger deployments where several server
//! processes share one database. The schema lives in `server/migrations/` (SQLite) and
//! `server/migrations/postgres/` (the same migrations in PostgreSQL's types, numbered in
//! step), applied in order on first use (and at startup by `serve`).
//!
//! The SQL is written once where the two agree (`$1` placeholders, `ON CONFLICT … DO
//! UPDATE`, `RETURNING`, text timestamps, seconds as BIGINT): [`on_pool!`] and [`on_tx!`]
//! type-check it against each driver. Where they differ (starting a write, backups,
//! integrity checks) each has its own branch.

pub mod desk;
mod group_commit;
mod location;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use api_types::{COMMENTS_PAGE_SIZE, Comment, CommentPage, RATING_MAX, RatingSummary};
use beboerblad::model::ArticleId;
use sqlx::migrate::MigrateError;
use sqlx::postgres::{PgConnectOptions, PgDatabaseError, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, Transaction};
use thiserror::Error;
use tokio::sync::OnceCell;

pub use location::{Location, LocationError};

/// The name of the reader key in `server_keys`.
const READER_KEY: &str = "reader";

/// FULL, not WAL's usual NORMAL: an acknowledged comment or rating must survive a power
/// loss or an operating-system crash, not only a crash of the server (NORMAL syncs the
/// WAL at checkpoints only, so it may take back the last commits). The price is a sync
/// per commit: on this machine's disk 1–10 ms, which alone would hold rating PUTs to a
/// few hundred a second; group commit (`group_commit`: the writes queued at once share
/// one commit, so one sync) pays it once per batch.
const SYNCHRONOUS: SqliteSynchronous = SqliteSynchronous::Full;

/// How often a migration run that met a locked database is tried again (100 ms apart).
const MIGRATE_BUSY_TRIES: u32 = 100;

/// How long a statement waits for another connection's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long taking a connection from the pool (opening one included) may take.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// PostgreSQL: a transaction left open and idle this long (a stuck task) is ended by the
/// server, so it cannot hold the write lock.
const IDLE_IN_TRANSACTION: Duration = Duration::from_secs(30);

/// Connections per process when `--db-connections` is not given (sqlx's own default).
pub const DEFAULT_CONNECTIONS: u32 = 10;

/// PostgreSQL: the advisory lock every write transaction takes first (see [`Db::write`]).
/// Any number no other application on the database uses; these bytes spell "bbl writ".
const WRITE_LOCK: i64 = 0x6262_6c20_7772_6974;

/// Expired idempotency keys are looked for at most this often (by a keyed write).
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, Error)]
pub enum DbError {
    #[error("cannot create the database directory {path}: {source}")]
    Dir { path: PathBuf, source: std::io::Error },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] MigrateError),
    /// Other writers held the database longer than the busy timeout; worth retrying.
    #[error("the database is busy")]
    Busy,
    #[error("database error: {0}")]
    Sql(sqlx::Error),
    #[error("there is no database at {0}")]
    Missing(PathBuf),
    #[error("{0} exists already; a backup never overwrites a file")]
    BackupExists(PathBuf),
    #[error("the backup path {0} is not valid UTF-8")]
    BackupPath(PathBuf),
    #[error(
        "`backup` copies a SQLite file; back up a PostgreSQL database with its own tools, e.g. \
         `pg_dump --format=custom --file=beboerblad.dump \"$BEBOERBLAD_DB\"` (restore with pg_restore)"
    )]
    BackupPostgres,
    #[error("cannot connect to PostgreSQL with {0}: {1}")]
    Connect(String, sqlx::Error),
    /// An `after` cursor this module did not hand out.
    #[error("invalid cursor")]
    InvalidCursor,
    #[error("no randomness for the reader key: {0}")]
    Random(getrandom::Error),
    #[error("the stored reader key is not 32 bytes")]
    BadKey,
    /// The COMMIT of the batch this write was part of failed (see `group_commit`):
    /// nothing of the write was stored.
    #[error("the write was not committed: {0}")]
    Uncommitted(Arc<DbError>),
    /// A write used after its transaction ended (a bug).
    #[error("no open write transaction")]
    NoBatch,
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::PoolTimedOut => DbError::Busy,
            sqlx::Error::Database(d) => match d.try_downcast_ref::<PgDatabaseError>() {
                // Serialization failure, deadlock, a lock not granted in time, a statement
                // cancelled by `statement_timeout`.
                Some(pg) if matches!(pg.code(), "40001" | "40P01" | "55P03" | "57014") => DbError::Busy,
                Some(_) => DbError::Sql(e),
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), in any of their extended forms.
                None if sqlite_busy(d.code().as_deref()) => DbError::Busy,
                None => DbError::Sql(e),
            },
            _ => DbError::Sql(e),
        }
    }
}

/// The connections to one database or the other.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the SQLite or the PostgreSQL pool: one query,
/// written once, type-checked against each driver.
macro_rules! on_pool {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            $crate::db::Pool::Sqlite($p) => $body,
            $crate::db::Pool::Postgres($p) => $body,
        }
    };
}

/// [`on_pool!`] for a transaction: `$conn` is its connection.
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

pub(crate) use {on_pool, on_tx};

/// An open transaction on either database.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}

/// The database: a connection pool that applies the migrations before its first use.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    migrated: Arc<OnceCell<()>>,
    reader_key: Arc<OnceCell<[u8; 32]>>,
    /// When this process last deleted expired idempotency keys (seconds since 1970; 0:
    /// not yet, so the first keyed write after a start does).
    last_purge: Arc<AtomicI64>,
    /// This process's write transactions take turns here, in order, rather than in
    /// SQLite's busy handler (which sleeps milliseconds between tries); those queued at
    /// once share one commit (see `group_commit`).
    writer: Arc<group_commit::Queue>,
}

impl Db {
    /// Opens (creating if missing) the SQLite file at `path`, and its directory.
    /// Connects lazily, so this is synchronous; it must run inside a Tokio runtime.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        Self::connect(&Location::Sqlite(path.to_path_buf()), DEFAULT_CONNECTIONS)
    }

    /// Opens the database at `location` with at most `connections` connections (a SQLite
    /// file is created, with its directory, if missing). Connects lazily, so this is
    /// synchronous; it must run inside a Tokio runtime.
    pub fn connect(location: &Location, connections: u32) -> Result<Self, DbError> {
        let connections = connections.max(1);
        let pool = match location {
            Location::Sqlite(path) => Pool::Sqlite(sqlite_pool(path, connections)?),
            Location::Postgres(url) => Pool::Postgres(postgres_pool(url, connections)?),
        };
        Ok(Self {
            pool,
            migrated: Arc::new(OnceCell::new()),
            reader_key: Arc::new(OnceCell::new()),
            last_purge: Arc::new(AtomicI64::new(0)),
            writer: Arc::new(group_commit::Queue::default()),
        })
    }

    /// The pool, once the schema is up to date. Call at startup to fail early.
    pub async fn pool(&self) -> Result<&Pool, DbError> {
        self.migrated
            .get_or_try_init(|| async {
                match &self.pool {
                    // sqlx takes no lock for SQLite: the whole run is one write transaction
                    // (each migration a savepoint in it), so processes starting at once on
                    // a new file migrate one after the other.
                    // SQLite may still answer "database is locked" at once, without its
                    // busy handler, while another process turns the new file to WAL: that
                    // run is tried again after a pause (nothing of it was stored).
                    Pool::Sqlite(pool) => {
                        let mut tries = 0;
                        loop {
                            match migrate_sqlite(pool).await {
                                Err(e) if is_sqlite_busy(&e) && tries < MIGRATE_BUSY_TRIES => {
                                    tries += 1;
                                    tokio::time::sleep(Duration::from_millis(100)).await;
                                }
                                done => break done,
                            }
                        }
                    }
                    // sqlx holds an advisory lock while it migrates: instances starting at
                    // once apply each migration once.
                    Pool::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
                }
            })
            .await?;
        Ok(&self.pool)
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// Writes a consistent copy of the whole database to `to` while readers and writers
    /// go on (`VACUUM INTO`: one read transaction, a compact file of its own). Refuses
    /// to overwrite an existing file. SQLite only: PostgreSQL has `pg_dump`.
    pub async fn backup(&self, to: &Path) -> Result<(), DbError> {
        let Pool::Sqlite(_) = self.pool else { return Err(DbError::BackupPostgres) };
        if to.exists() {
            return Err(DbError::BackupExists(to.to_path_buf()));
        }
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| DbError::Dir { path: dir.to_path_buf(), source })?;
        }
        let target = to.to_str().ok_or_else(|| DbError::BackupPath(to.to_path_buf()))?;
        if let Pool::Sqlite(pool) = self.pool().await? {
            sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await?;
        }
        Ok(())
    }

    /// SQLite's `PRAGMA integrity_check`: `ok`, or SQLite's list of problems. PostgreSQL
    /// checks its own pages; there it is `ok` once the database answers.
    pub async fn integrity(&self) -> Result<String, DbError> {
        match self.pool().await? {
            Pool::Sqlite(pool) => {
                let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(pool).await?;
                Ok(rows.join("\n"))
            }
            Pool::Postgres(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
                Ok("ok".into())
            }
        }
    }

    /// The key that signs reader ids: 32 random bytes, made by whichever process asks
    /// first and kept in the database, so every process on it (and every restart) agrees.
    pub async fn reader_key(&self) -> Result<[u8; 32], DbError> {
        let key = self.reader_key.get_or_try_init(|| async {
            let pool = self.pool().await?;
            let mut fresh = [0u8; 32];
            getrandom::fill(&mut fresh).map_err(DbError::Random)?;
            // Two processes starting at once both insert; the first one's key is kept, and
            // both read that one back (PostgreSQL makes the second insert wait for the
            // first to commit, SQLite has one writer at a time).
            let stored: Vec<u8> = on_pool!(pool, |pool| {
                sqlx::query(
                    "INSERT INTO server_keys (name, key, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(READER_KEY)
                .bind(&fresh[..])
                .bind(now())
                .execute(pool)
                .await?;
                sqlx::query_scalar("SELECT key FROM server_keys WHERE name = $1")
                    .bind(READER_KEY)
                    .fetch_one(pool)
                    .await?
            });
            <[u8; 32]>::try_from(stored.as_slice()).map_err(|_| DbError::BadKey)
        });
        key.await.copied()
    }

    /// A write transaction; concurrent writes happen one after the other, and those
    /// queued at the same time share one commit (see `group_commit`: each has a savepoint
    /// of its own, and [`Write::commit`] returns once the shared COMMIT is done). SQLite:
    /// its write lock from the start (`BEGIN IMMEDIATE`). PostgreSQL: one advisory lock
    /// held until the transaction ends, taken by every process on the database, so the
    /// caps that count rows (new voters) count the same way with several server
    /// processes. Each write sees the writes before it, also those of its batch.
    /// Dropped without [`Write::commit`], nothing of it is stored.
    pub async fn write(&self) -> Result<Write<'_>, DbError> {
        let pool = self.pool().await?;
        Ok(Write { db: self, job: self.writer.job(pool).await? })
    }

    /// How many write transactions this process has committed (each one sync to disk;
    /// several writes share one when they queue at once). For tests and measurements.
    pub fn commits(&self) -> u64 {
        self.writer.commits()
    }

    /// A read transaction: every statement in it sees the same snapshot.
    async fn read(&self) -> Result<Tx, DbError> {
        Ok(match self.pool().await? {
            Pool::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => {
                Tx::Postgres(pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
            }
        })
    }

    /// Ends the open write batch, waits for open statements and closes every connection
    /// (also checkpoints the WAL).
    pub async fn close(&self) {
        self.writer.flush().await;
        on_pool!(&self.pool, |pool| pool.close().await)
    }
}

fn sqlite_pool(path: &Path, connections: u32) -> Result<SqlitePool, DbError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| DbError::Dir { path: dir.to_path_buf(), source })?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SYNCHRONOUS)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    Ok(SqlitePoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(BUSY_TIMEOUT * 2)
        .connect_lazy_with(options))
}

/// Every connection has time limits: opening one and waiting for it from the pool
/// (`ACQUIRE_TIMEOUT`), each statement and each lock wait (`BUSY_TIMEOUT`, answered 503
/// `busy`), and a transaction left idle (`IDLE_IN_TRANSACTION`).
fn postgres_pool(url: &str, connections: u32) -> Result<PgPool, DbError> {
    let shown = Location::Postgres(url.to_string()).to_string();
    let options: PgConnectOptions = url.parse().map_err(|e| DbError::Connect(shown, e))?;
    let ms = |d: Duration| format!("{}ms", d.as_millis());
    let options = options.application_name("beboerblad-server").options([
        ("statement_timeout", ms(BUSY_TIMEOUT)),
        ("lock_timeout", ms(BUSY_TIMEOUT)),
        ("idle_in_transaction_session_timeout", ms(IDLE_IN_TRANSACTION)),
        // Not the notices of harmless statements ("relation … already exists, skipping").
        ("client_min_messages", "warning".into()),
    ]);
    Ok(PgPoolOptions::new().max_connections(connections).acquire_timeout(ACQUIRE_TIMEOUT).connect_lazy_with(options))
}

/// The counts of an article's ratings, and `reader`'s own when given.
pub async fn rating_summary(db: &Db, article: &ArticleId, reader: Option<&str>) -> Result<RatingSummary, DbError> {
    // One read transaction: the counts and `mine` come from the same snapshot.
    let mut tx = db.read().await?;
    let summary = summary_in(&mut tx, article, reader).await?;
    tx.commit().await?;
    Ok(summary)
}

async fn summary_in(tx: &mut Tx, article: &ArticleId, reader: Option<&str>) -> Result<RatingSummary, DbError> {
    let (rows, mine): (Vec<(i64, i64)>, Option<i64>) = on_tx!(tx, |conn| {
        let rows = sqlx::query_as("SELECT value, COUNT(*) AS n FROM ratings WHERE article = $1 GROUP BY value")
            .bind(article.as_str())
            .fetch_all(&mut *conn)
            .await?;
        let mine = match reader {
            Some(reader) => {
                sqlx::query_scalar("SELECT value FROM ratings WHERE article = $1 AND reader = $2")
                    .bind(article.as_str())
                    .bind(reader)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => None,
        };
        (rows, mine)
    });
    let mut counts = [0u32; RATING_MAX as usize];
    for (value, n) in rows {
        if let Some(slot) = usize::try_from(value - 1).ok().and_then(|i| counts.get_mut(i)) {
            *slot = u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    Ok(RatingSummary::from_counts(counts, mine.and_then(|v| u8::try_from(v).ok())))
}

/// A network a rating comes from, and how many new voters it may bring to an article
/// within [`NewVoters::window`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub name: String,
    pub cap: u32,
}

/// The cap on new voters that applies to a rating.
#[derive(Clone, Copy, Debug)]
pub struct NewVoters<'a> {
    /// Every network the client's address belongs to; each has its own cap.
    pub networks: &'a [Network],
    pub window: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rated {
    Stored,
    /// `reader` had not rated `article`, and one of its networks has brought as many new
    /// voters as it may; the oldest of them stops counting after `retry_after`.
    Capped {
        retry_after: Duration,
    },
}

/// [`Write::set_rating`] on its own.
pub async fn set_rating(
    db: &Db,
    article: &ArticleId,
    reader: &str,
    value: u8,
    new: NewVoters<'_>,
) -> Result<Rated, DbError> {
    let mut write = db.write().await?;
    let rated = write.set_rating(article, reader, value, new).await?;
    if rated == Rated::Stored {
        write.commit().await?;
    }
    Ok(rated)
}

/// A write transaction (see [`Db::write`]).
pub struct Write<'a> {
    db: &'a Db,
    job: group_commit::Job,
}

impl Write<'_> {
    /// Keeps the writes; returns once they are committed (and synced).
    pub async fn commit(self) -> Result<(), DbError> {
        self.job.commit().await
    }

    /// Undoes the writes (and nothing else of the batch they were in).
    pub async fn rollback(self) -> Result<(), DbError> {
        self.job.rollback().await
    }

    fn tx(&mut self) -> Result<&mut Tx, DbError> {
        self.job.tx()
    }

    /// The counts of an article's ratings as this transaction sees them.
    pub async fn rating_summary(
        &mut self,
        article: &ArticleId,
        reader: Option<&str>,
    ) -> Result<RatingSummary, DbError> {
        summary_in(self.tx()?, article, reader).await
    }

    /// Sets `reader`'s rating of `article`, replacing an earlier one. A reader who has not
    /// rated the article is a new voter, counted against each of `new.networks`; when that
    /// is one too many, the answer is [`Rated::Capped`]: drop the transaction, never commit it.
    pub async fn set_rating(
        &mut self,
        article: &ArticleId,
        reader: &str,
        value: u8,
        new: NewVoters<'_>,
    ) -> Result<Rated, DbError> {
        // The write lock is held from the start (see `Db::write`), so concurrent new voters
        // from one network are counted one after the other and never both slip under the cap.
        let updated_at = now();
        let now = unix_now();
        let window = i64::try_from(new.window.as_secs()).unwrap_or(i64::MAX);
        let rated = on_tx!(self.tx()?, |conn| {
            let changed =
                sqlx::query("UPDATE ratings SET value = $1, updated_at = $2 WHERE article = $3 AND reader = $4")
                    .bind(i64::from(value))
                    .bind(&updated_at)
                    .bind(article.as_str())
                    .bind(reader)
                    .execute(&mut *conn)
                    .await?;
            'rated: {
                if changed.rows_affected() > 0 {
                    break 'rated Rated::Stored;
                }
                sqlx::query("DELETE FROM new_voters WHERE at <= $1")
                    .bind(now.saturating_sub(window))
                    .execute(&mut *conn)
                    .await?;
                for network in new.networks {
                    // A reader who rated, withdrew and rates again is still one voter.
                    sqlx::query(
                        "INSERT INTO new_voters (article, network, reader, at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (article, network, reader) DO NOTHING",
                    )
                    .bind(article.as_str())
                    .bind(&network.name)
                    .bind(reader)
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
                    let (voters, oldest): (i64, i64) =
                        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM new_voters WHERE article = $1 AND network = $2")
                            .bind(article.as_str())
                            .bind(&network.name)
                            .fetch_one(&mut *conn)
                            .await?;
                    if voters > i64::from(network.cap) {
                        let wait = oldest.saturating_add(window).saturating_sub(now).max(1);
                        break 'rated Rated::Capped { retry_after: Duration::from_secs(wait.unsigned_abs()) };
                    }
                }
                sqlx::query("INSERT INTO ratings (article, reader, value, updated_at) VALUES ($1, $2, $3, $4)")
                    .bind(article.as_str())
                    .bind(reader)
                    .bind(i64::from(value))
                    .bind(&updated_at)
                    .execute(&mut *conn)
                    .await?;
                Rated::Stored
            }
        });
        Ok(rated)
    }

    /// Stores a validated comment.
    pub async fn add_comment(&mut self, new: NewComment<'_>) -> Result<Comment, DbError> {
        let row = on_tx!(self.tx()?, |conn| {
            sqlx::query_as(
                "INSERT INTO comments (article, reader, name, body, secret_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, body, created_at",
            )
            .bind(new.article.as_str())
            .bind(new.reader)
            .bind(new.name)
            .bind(new.body)
            .bind(new.secret_hash)
            .bind(now())
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(comment(row))
    }

    /// Keeps `answer` under its reader and key, unless that key is taken: then false,
    /// and the transaction is for dropping. Deletes keys older than `kept_for` first,
    /// at most every [`PURGE_EVERY`] in this process.
    pub async fn keep_answer(&mut self, answer: &KeptAnswer, kept_for: Duration) -> Result<bool, DbError> {
        let now = unix_now();
        let every = i64::try_from(PURGE_EVERY.as_secs()).unwrap_or(i64::MAX);
        let last = self.db.last_purge.load(Ordering::Relaxed);
        let purge = now.saturating_sub(last) >= every
            && self.db.last_purge.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok();
        let kept_for = i64::try_from(kept_for.as_secs()).unwrap_or(i64::MAX);
        let stored = on_tx!(self.tx()?, |conn| {
            if purge {
                let purged = sqlx::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
                    .bind(now.saturating_sub(kept_for))
                    .execute(&mut *conn)
                    .await?;
                if purged.rows_affected() > 0 {
                    tracing::info!("deleted {} expired idempotency keys", purged.rows_affected());
                }
            }
            sqlx::query(
                "INSERT INTO idempotency_keys (reader, key_hash, method, path, fingerprint, status, answer, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (reader, key_hash) DO NOTHING",
            )
            .bind(&answer.reader)
            .bind(&answer.key_hash)
            .bind(&answer.method)
            .bind(&answer.path)
            .bind(&answer.fingerprint)
            .bind(i64::from(answer.status))
            .bind(&answer.sealed)
            .bind(now)
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        Ok(stored == 1)
    }
}

/// An answer kept under an idempotency key, with the request it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAnswer {
    pub reader: String,
    /// SHA-256 (hex) of the key.
    pub key_hash: String,
    pub method: String,
    pub path: String,
    /// SHA-256 of the request body.
    pub fingerprint: Vec<u8>,
    pub status: u16,
    /// The answer's body, sealed (see `http/idempotency.rs`).
    pub sealed: Vec<u8>,
}

/// The answer kept under `reader`'s key with this hash, if any.
pub async fn kept_answer(db: &Db, reader: &str, key_hash: &str) -> Result<Option<KeptAnswer>, DbError> {
    // method, path, fingerprint, status, answer
    type KeptRow = (String, String, Vec<u8>, i64, Vec<u8>);
    let row: Option<KeptRow> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as(
            "SELECT method, path, fingerprint, status, answer FROM idempotency_keys WHERE reader = $1 AND key_hash = $2",
        )
        .bind(reader)
        .bind(key_hash)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|(method, path, fingerprint, status, sealed)| KeptAnswer {
        reader: reader.to_string(),
        key_hash: key_hash.to_string(),
        method,
        path,
        fingerprint,
        status: u16::try_from(status).unwrap_or(0),
        sealed,
    }))
}

/// Removes `reader`'s rating of `article`; false when there was none.
pub async fn delete_rating(db: &Db, article: &ArticleId, reader: &str) -> Result<bool, DbError> {
    let done = on_pool!(db.pool().await?, |pool| {
        sqlx::query("DELETE FROM ratings WHERE article = $1 AND reader = $2")
            .bind(article.as_str())
            .bind(reader)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(done > 0)
}

/// A page of `article`'s visible comments, oldest first, after the cursor `after`
/// (the `next` of the previous page).
pub async fn comments_page(db: &Db, article: &ArticleId, after: Option<&str>) -> Result<CommentPage, DbError> {
    let after = match after {
        Some(cursor) => parse_cursor(cursor).ok_or(DbError::InvalidCursor)?,
        None => 0,
    };
    let limit = COMMENTS_PAGE_SIZE as i64;
    // One more than a page tells whether there is a next one.
    let rows: Vec<CommentRow> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_as(
            "SELECT id, name, body, created_at FROM comments
             WHERE article = $1 AND hidden_at IS NULL AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(article.as_str())
        .bind(after)
        .bind(limit + 1)
        .fetch_all(pool)
        .await?
    });
    let mut comments: Vec<Comment> = rows.into_iter().map(comment).collect();
    let next = if comments.len() > COMMENTS_PAGE_SIZE {
        comments.truncate(COMMENTS_PAGE_SIZE);
        comments.last().map(|c| c.id.to_string())
    } else {
        None
    };
    Ok(CommentPage { comments, next })
}

/// Cursors are the last id of the page before; anything else is refused, not guessed at.
fn parse_cursor(cursor: &str) -> Option<i64> {
    if cursor.is_empty() || cursor.len() > 18 || !cursor.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cursor.parse().ok().filter(|&id| id > 0)
}

/// `id, name, body, created_at` of a comment.
type CommentRow = (i64, String, String, String);

fn comment((id, name, body, created_at): CommentRow) -> Comment {
    Comment { id, name, body, created_at }
}

/// A validated comment to store.
pub struct NewComment<'a> {
    pub article: &'a ArticleId,
    pub reader: &'a str,
    pub name: &'a str,
    pub body: &'a str,
    /// SHA-256 (hex) of the secret handed to the writer, who needs it to delete.
    pub secret_hash: &'a str,
}

/// [`Write::add_comment`] on its own.
pub async fn add_comment(db: &Db, new: NewComment<'_>) -> Result<Comment, DbError> {
    let mut write = db.write().await?;
    let comment = write.add_comment(new).await?;
    write.commit().await?;
    Ok(comment)
}

/// The id the next comment will probably get: what a discarded (honeypot) comment
/// pretends to have been given.
pub async fn likely_next_comment_id(db: &Db) -> Result<i64, DbError> {
    let last: Option<i64> = on_pool!(db.pool().await?, |pool| {
        sqlx::query_scalar("SELECT MAX(id) FROM comments").fetch_one(pool).await?
    });
    Ok(last.unwrap_or(0) + 1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deleted {
    Yes,
    NoSuchComment,
    WrongSecret,
}

/// Deletes comment `id` if `secret_hash` is the one stored with it.
pub async fn delete_comment_with_secret(db: &Db, id: i64, secret_hash: &str) -> Result<Deleted, DbError> {
    let (done, exists): (u64, Option<i64>) = on_pool!(db.pool().await?, |pool| {
        let done = sqlx::query("DELETE FROM comments WHERE id = $1 AND secret_hash = $2")
            .bind(id)
            .bind(secret_hash)
            .execute(pool)
            .await?
            .rows_affected();
        let exists = match done {
            0 => sqlx::query_scalar("SELECT id FROM comments WHERE id = $1").bind(id).fetch_optional(pool).await?,
            _ => None,
        };
        (done, exists)
    });
    Ok(match (done, exists) {
        (1.., _) => Deleted::Yes,
        (0, Some(_)) => Deleted::WrongSecret,
        (0, None) => Deleted::NoSuchComment,
    })
}

/// What a moderator does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Hide,
    Show,
    Delete,
}

impl Moderation {
    /// As recorded in `moderation_log.action`.
    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::Hide => "hide",
            Moderation::Show => "show",
            Moderation::Delete => "delete",
        }
    }
}

/// Hides comment `id` from readers, shows it again, or deletes it (whoever wrote it), and
/// records who did it in the moderation log, in one transaction; false when there is no
/// such comment (then nothing is recorded).
pub async fn moderate(db: &Db, id: i64, action: Moderation, who: &str) -> Result<bool, DbError> {
    let mut write = db.write().await?;
    let at = now();
    let done = on_tx!(write.tx()?, |conn| {
        let article: Option<String> = match action {
            // Hiding twice keeps the first time: when a moderator first acted.
            Moderation::Hide => {
                sqlx::query_scalar(
                    "UPDATE comments SET hidden_at = COALESCE(hidden_at, $1) WHERE id = $2 RETURNING article",
                )
                .bind(&at)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
            }
            Moderation::Show => {
                sqlx::query_scalar("UPDATE comments SET hidden_at = NULL WHERE id = $1 RETURNING article")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            Moderation::Delete => {
                sqlx::query_scalar("DELETE FROM comments WHERE id = $1 RETURNING article")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
        };
        match article {
            Some(article) => {
                sqlx::query(
                    "INSERT INTO moderation_log (at, who, action, comment_id, article) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&at)
                .bind(who)
                .bind(action.as_str())
                .bind(id)
                .bind(&article)
                .execute(&mut *conn)
                .await?;
                true
            }
            None => false,
        }
    });
    if done {
        write.commit().await?;
    }
    Ok(done)
}

/// Seconds since 1970.
fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Milliseconds since 1970.
fn unix_now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Now as RFC 3339 in UTC to the second (`2024-06-05T08:00:00Z`): sorts as text.
pub fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// One run of the SQLite migrations in one write transaction.
async fn migrate_sqlite(pool: &SqlitePool) -> Result<(), MigrateError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::migrate!("./migrations").run_direct(&mut *tx).await?;
    tx.commit().await.map_err(MigrateError::from)
}

/// Whether a migration run failed on SQLITE_BUSY or SQLITE_LOCKED (any extended form).
fn is_sqlite_busy(e: &MigrateError) -> bool {
    let (MigrateError::Execute(sqlx::Error::Database(d)) | MigrateError::ExecuteMigration(sqlx::Error::Database(d), _)) =
        e
    else {
        return false;
    };
    sqlite_busy(d.code().as_deref())
}

/// Whether a SQLite result code is SQLITE_BUSY (5) or SQLITE_LOCKED (6), in any of their
/// extended forms.
fn sqlite_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_positive_ids_only() {
        assert_eq!(parse_cursor("42"), Some(42));
        for bad in ["", "0", "-1", "+1", "1.5", "abc", " 1", "999999999999999999999", "١٢"] {
            assert_eq!(parse_cursor(bad), None, "{bad:?}");
        }
    }

    /// The numbered files of `server/{dir}`, sorted.
    fn migrations(dir: &str) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else { panic!("no {}", dir.display()) };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn migrations_are_numbered_in_step() {
        let sqlite = migrations("migrations");
        assert!(sqlite.len() >= 4, "{sqlite:?}");
        assert_eq!(migrations("migrations/postgres"), sqlite, "the same numbers and names in both directories");
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let t = now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
