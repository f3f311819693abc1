//! Group commit: write transactions that queue at the same time run in one database
//! transaction and share its COMMIT, so a burst of writes costs one sync to disk rather
//! than one each (SQLite runs `synchronous = FULL`: the sync is most of a write's time).
//!
//! Writers take turns at one async mutex, in order (as before). The first of a batch
//! begins the transaction; each writer's statements run in a savepoint of their own
//! (`SAVEPOINT job`), released when it commits and rolled back when it rolls back, fails
//! or is dropped — one writer's error never undoes another's. A committing writer is not
//! acknowledged yet: it waits for its batch's COMMIT. That COMMIT is done by the batch's
//! closer, a task that queues at the mutex when the batch's first writer is done, so
//! every writer that was already waiting then joins the batch, and a writer arriving
//! later begins the next one. A batch holds at most [`MAX_JOBS`] writers; the one that
//! fills it commits it at once. If the COMMIT fails, every writer of the batch gets the
//! error (none was acknowledged).
//!
//! A lone write is committed as soon as it is done, as before (its closer finds nobody
//! queued). PostgreSQL takes the same path: the batch holds the advisory write lock
//! (see `Db::write`) from its BEGIN to its COMMIT, and a failed statement there leaves the
//! transaction unusable only until `ROLLBACK TO SAVEPOINT`, which ends each failed writer.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use super::{DbError, Pool, Tx, WRITE_LOCK};

/// At most this many writers share a commit: a bound on how long the first of them waits
/// and on what a failed COMMIT takes back.
pub const MAX_JOBS: usize = 64;

/// What a batch's writers hear: committed, or why not.
type Outcome = Result<(), Arc<DbError>>;

/// The write queue of one `Db` (shared by its clones).
#[derive(Debug, Default)]
pub(super) struct Queue {
    turn: Arc<Mutex<Turn>>,
    /// Batches committed (each one sync), for tests and measurements.
    commits: AtomicU64,
}

#[derive(Debug, Default)]
struct Turn {
    batch: Option<Batch>,
    next_id: u64,
}

/// An open transaction shared by the writers of one batch.
struct Batch {
    id: u64,
    tx: Tx,
    /// Writers whose savepoint was released: they wait for this batch's COMMIT.
    jobs: usize,
    /// A writer's savepoint that was neither released nor rolled back (its `Write` was
    /// dropped, e.g. on an error): rolled back by whoever takes the next turn.
    dangling: bool,
    /// Whether the closer task has been started.
    closer: bool,
    /// Dropped without a value: the batch ended without a commit.
    outcome: watch::Sender<Option<Outcome>>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch").field("id", &self.id).field("jobs", &self.jobs).finish_non_exhaustive()
    }
}

/// One writer's turn: its savepoint in the open batch.
pub(super) struct Job {
    queue: Arc<Queue>,
    /// `None` once the job has ended (committed or rolled back).
    turn: Option<OwnedMutexGuard<Turn>>,
}

impl Queue {
    /// Batches committed so far.
    pub(super) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Waits for the turn, then joins the open batch (beginning one when there is none)
    /// in a savepoint of its own.
    pub(super) async fn job(self: &Arc<Self>, pool: &Pool) -> Result<Job, DbError> {
        let mut turn = self.turn.clone().lock_owned().await;
        settle(&mut turn).await;
        if turn.batch.is_none() {
            let tx = begin(pool).await?;
            let id = turn.next_id;
            turn.next_id += 1;
            let (outcome, _) = watch::channel(None);
            turn.batch = Some(Batch { id, tx, jobs: 0, dangling: false, closer: false, outcome });
        }
        let mut job = Job { queue: self.clone(), turn: Some(turn) };
        // If this fails (or is cancelled), dropping the job ends its turn as any failed
        // job's: the savepoint is rolled back at the next turn.
        execute(job.tx()?, "SAVEPOINT job").await?;
        Ok(job)
    }

    /// Commits (or ends) the open batch, if any: at shutdown, so nothing waits on a closer.
    pub(super) async fn flush(self: &Arc<Self>) {
        let mut turn = self.turn.clone().lock_owned().await;
        self.close(&mut turn).await;
    }

    /// The batch's closer: takes its turn after everyone queued now, then commits.
    async fn close_when_queued(self: Arc<Self>, id: u64) {
        let mut turn = self.turn.clone().lock_owned().await;
        if turn.batch.as_ref().is_some_and(|b| b.id == id) {
            self.close(&mut turn).await;
        }
    }

    /// Ends the open batch: commits it when a writer is waiting for that, else rolls it
    /// back; tells its writers how it went.
    async fn close(&self, turn: &mut Turn) {
        settle(turn).await;
        let Some(batch) = turn.batch.take() else { return };
        if batch.jobs == 0 {
            if let Err(e) = batch.tx.rollback().await {
                tracing::warn!("ending an empty write batch: {e}");
            }
            return;
        }
        let outcome = match batch.tx.commit().await {
            Ok(()) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                tracing::trace!("committed {} writes at once", batch.jobs);
                Ok(())
            }
            Err(e) => {
                tracing::error!("committing {} writes failed: {e}", batch.jobs);
                Err(Arc::new(DbError::from(e)))
            }
        };
        batch.outcome.send_replace(Some(outcome));
    }
}

impl Job {
    /// The batch's transaction, for this job's statements.
    pub(super) fn tx(&mut self) -> Result<&mut Tx, DbError> {
        match self.turn.as_mut().and_then(|turn| turn.batch.as_mut()) {
            Some(batch) => Ok(&mut batch.tx),
            None => Err(DbError::NoBatch),
        }
    }

    /// Keeps this job's writes and waits until its batch is committed.
    pub(super) async fn commit(mut self) -> Result<(), DbError> {
        let mut done = match self.turn.as_mut().and_then(|turn| turn.batch.as_mut()) {
            Some(batch) => {
                execute(&mut batch.tx, "RELEASE job").await?;
                batch.jobs += 1;
                batch.outcome.subscribe()
            }
            None => return Err(DbError::NoBatch),
        };
        self.end();
        match done.wait_for(Option::is_some).await {
            Ok(outcome) => match outcome.as_ref() {
                Some(Ok(())) => Ok(()),
                Some(Err(e)) if matches!(**e, DbError::Busy) => Err(DbError::Busy),
                Some(Err(e)) => Err(DbError::Uncommitted(e.clone())),
                None => Err(DbError::NoBatch),
            },
            // The batch ended without a commit (its transaction failed): try again.
            Err(_) => Err(DbError::Busy),
        }
    }

    /// Undoes this job's writes; the batch goes on without them.
    pub(super) async fn rollback(mut self) -> Result<(), DbError> {
        if let Some(batch) = self.turn.as_mut().and_then(|turn| turn.batch.as_mut()) {
            execute(&mut batch.tx, "ROLLBACK TO job").await?;
            execute(&mut batch.tx, "RELEASE job").await?;
        }
        self.end();
        Ok(())
    }

    /// Gives up the turn: the batch is committed now when full, else by its closer.
    fn end(&mut self) {
        let Some(mut turn) = self.turn.take() else { return };
        let Some(batch) = turn.batch.as_mut() else { return };
        // Outside a runtime (never in the server) the batch waits for the next turn.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let queue = self.queue.clone();
        if batch.jobs >= MAX_JOBS {
            runtime.spawn(async move { queue.close(&mut turn).await });
        } else if !batch.closer {
            batch.closer = true;
            runtime.spawn(queue.close_when_queued(batch.id));
        }
    }
}

impl Drop for Job {
    /// Neither committed nor rolled back (an error, or the request was cancelled): its
    /// savepoint is rolled back at the next turn.
    fn drop(&mut self) {
        if let Some(batch) = self.turn.as_mut().and_then(|turn| turn.batch.as_mut()) {
            batch.dangling = true;
        }
        self.end();
    }
}

/// Rolls back a dropped job's savepoint. If that fails the transaction is not to be
/// trusted: the batch ends without a commit (its writers hear so; none was acknowledged).
async fn settle(turn: &mut Turn) {
    let Some(batch) = turn.batch.as_mut().filter(|b| b.dangling) else { return };
    let undone = match execute(&mut batch.tx, "ROLLBACK TO job").await {
        Ok(()) => execute(&mut batch.tx, "RELEASE job").await,
        Err(e) => Err(e),
    };
    match undone {
        Ok(()) => batch.dangling = false,
        Err(e) => {
            tracing::error!("rolling back a failed write: {e}; its batch of {} is not committed", batch.jobs);
            if let Some(batch) = turn.batch.take() {
                batch.outcome.send_replace(Some(Err(Arc::new(e))));
            }
        }
    }
}

/// A write transaction. SQLite: its write lock from the start (`BEGIN IMMEDIATE`).
/// PostgreSQL: the advisory lock every process takes, held until the transaction ends.
async fn begin(pool: &Pool) -> Result<Tx, DbError> {
    Ok(match pool {
        Pool::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        Pool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
            Tx::Postgres(tx)
        }
    })
}

async fn execute(tx: &mut Tx, sql: &'static str) -> Result<(), DbError> {
    super::on_tx!(tx, |conn| sqlx::query(sql).execute(&mut *conn).await?.rows_affected());
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::future::{Future, poll_fn};
    use std::pin::pin;
    use std::task::Poll;

    use super::*;

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    async fn rows(pool: &Pool) -> Result<i64> {
        let Pool::Sqlite(pool) = pool else { return Err("not SQLite".into()) };
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM parent").fetch_one(pool).await?)
    }

    async fn insert(job: &mut Job, sql: &'static str) -> Result {
        super::super::on_tx!(job.tx()?, |conn| sqlx::query(sql).execute(&mut *conn).await?.rows_affected());
        Ok(())
    }

    /// A COMMIT that fails (here on a deferred foreign key, checked only then) fails every
    /// job of its batch: none is told its write is stored, and none is.
    #[tokio::test]
    async fn a_failed_commit_fails_every_job_of_the_batch() -> Result {
        let dir = tempfile::tempdir()?;
        let pool = Pool::Sqlite(super::super::sqlite_pool(&dir.path().join("t.db"), 4)?);
        let Pool::Sqlite(sqlite) = &pool else { return Err("not SQLite".into()) };
        sqlx::query("CREATE TABLE parent (id INTEGER PRIMARY KEY)").execute(sqlite).await?;
        sqlx::query("CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
            .execute(sqlite)
            .await?;
        let queue = Arc::new(Queue::default());

        let mut first = queue.job(&pool).await?;
        // The second job queues for its turn while the first holds it: one batch.
        let mut second = pin!(queue.job(&pool));
        poll_fn(|cx| Poll::Ready(second.as_mut().poll(cx).is_pending())).await.then_some(()).ok_or("no wait")?;
        insert(&mut first, "INSERT INTO child (parent) VALUES (42)").await?;
        let first = tokio::spawn(first.commit());
        let mut second = second.await?;
        insert(&mut second, "INSERT INTO parent (id) VALUES (1)").await?;
        let second = second.commit().await;
        assert!(matches!(second, Err(DbError::Uncommitted(_))), "{second:?}");
        let first = first.await?;
        assert!(matches!(first, Err(DbError::Uncommitted(_))), "{first:?}");
        assert_eq!(queue.commits(), 0);
        assert_eq!(rows(&pool).await?, 0);

        // The queue goes on: the next write begins a new batch.
        let mut third = queue.job(&pool).await?;
        insert(&mut third, "INSERT INTO parent (id) VALUES (2)").await?;
        third.commit().await?;
        assert_eq!((queue.commits(), rows(&pool).await?), (1, 1));
        Ok(())
    }
}
