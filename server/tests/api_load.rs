//! The API under pressure: abuse limits, many writers at once, a restart, and the
//! database settings that make acknowledged writes durable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{StatusCode, header};
use beboerblad::model::ArticleId;
use beboerblad_server::db::{self, Db, NewComment, NewVoters};
use beboerblad_server::{Limits, Rate};
use common::{TestServer, generous};
use serde_json::{Value, json};

const RATING: &str = "/api/articles/legeplads/rating";
const COMMENTS: &str = "/api/articles/legeplads/comments";

fn comment(reader: &str) -> Option<Value> {
    Some(json!({"reader": reader, "name": "Ann", "body": "Hej"}))
}

fn limits(comments: u32, ratings: u32) -> Limits {
    Limits {
        comments: Rate::new(comments, Duration::from_secs(600)),
        ratings: Rate::new(ratings, Duration::from_secs(60)),
        readers: Rate::new(100_000, Duration::from_secs(3600)),
    }
}

/// The `Retry-After` seconds, which must be the rest of a window that began just now
/// (`window` seconds, less the few that tests may take on a busy machine).
fn assert_retry_after(reply: &common::Reply, window: u64) {
    let secs = retry_after(reply);
    assert!((window - 10..=window).contains(&secs), "Retry-After {secs}, window {window}: {reply:?}");
}

fn retry_after(reply: &common::Reply) -> u64 {
    reply.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn comments_are_limited_per_reader() {
    let server = TestServer::with_api(limits(2, 100));
    let (a, b) = (server.reader().await, server.reader().await);
    for addr in ["192.0.2.1", "192.0.2.2"] {
        let reply = server.call_as("POST", COMMENTS, comment(&a), None, Some(addr)).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    // The same reader from a third address.
    let reply = server.call_as("POST", COMMENTS, comment(&a), None, Some("192.0.2.3")).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert_retry_after(&reply, 600);
    // Others are not affected.
    let other = server.call_as("POST", COMMENTS, comment(&b), None, Some("192.0.2.3")).await;
    assert_eq!(other.status, StatusCode::CREATED);
    assert_eq!(server.call("GET", COMMENTS, None).await.json["comments"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn comments_are_limited_per_address() {
    let server = TestServer::with_api(limits(2, 100));
    for _ in 0..2 {
        let reply = server.call_as("POST", COMMENTS, comment(&server.reader().await), None, Some("2001:db8::1")).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    // A fresh reader id does not help; nor does another address in the same /64.
    let fresh = server.reader().await;
    for addr in ["2001:db8::1", "2001:db8::2"] {
        let reply = server.call_as("POST", COMMENTS, comment(&fresh), None, Some(addr)).await;
        assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"), "{addr}");
        assert_retry_after(&reply, 600);
    }
    let elsewhere = server.call_as("POST", COMMENTS, comment(&fresh), None, Some("2001:db8:0:1::1")).await;
    assert_eq!(elsewhere.status, StatusCode::CREATED);
}

#[tokio::test]
async fn without_connect_info_all_clients_share_one_address() {
    let server = TestServer::with_api(limits(1, 100));
    assert_eq!(server.call("POST", COMMENTS, comment(&server.reader().await)).await.status, StatusCode::CREATED);
    let reply = server.call("POST", COMMENTS, comment(&server.reader().await)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn honeypot_posts_count_too() {
    let server = TestServer::with_api(limits(1, 100));
    let mut bot = comment(&server.reader().await).unwrap();
    bot["website"] = json!("spam");
    assert_eq!(server.call("POST", COMMENTS, Some(bot.clone())).await.status, StatusCode::CREATED);
    assert_eq!(server.call("POST", COMMENTS, Some(bot)).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn ratings_are_limited_per_reader_and_address() {
    let server = TestServer::with_api(limits(100, 3));
    let (a, b) = (server.reader().await, server.reader().await);
    for value in 1..=3 {
        let body = Some(json!({"reader": a, "value": value}));
        assert_eq!(server.call_as("PUT", RATING, body, None, Some("198.51.100.1")).await.status, StatusCode::OK);
    }
    let body = Some(json!({"reader": a, "value": 5}));
    let reply = server.call_as("PUT", RATING, body, None, Some("198.51.100.2")).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert_retry_after(&reply, 60);
    // Withdrawing counts as a rating change too.
    let reply = server.call_as("DELETE", RATING, Some(json!({"reader": a})), None, Some("198.51.100.2")).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let body = Some(json!({"reader": b, "value": 5}));
    let reply = server.call_as("PUT", RATING, body, None, Some("198.51.100.1")).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "the address is spent");
    // Reading is never limited.
    let read = server.call_with_reader("GET", RATING, &a, Some("198.51.100.1")).await;
    assert_eq!(read.json["mine"], 3);
}

#[tokio::test]
async fn reader_ids_are_limited_per_address() {
    let mut limits = generous();
    limits.readers = Rate::new(3, Duration::from_secs(3600));
    let server = TestServer::with_api(limits);
    for addr in ["2001:db8:5:5::1", "2001:db8:5:5::2", "2001:db8:5:5::3"] {
        server.reader_from(Some(addr)).await;
    }
    // Another address of the same /64 is the same client.
    let reply = server.call_as("POST", "/api/readers", None, None, Some("2001:db8:5:5::4")).await;
    assert_eq!((reply.status, reply.error_code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert_retry_after(&reply, 3600);
    server.reader_from(Some("2001:db8:5:6::1")).await;
    server.reader_from(Some("192.0.2.1")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_readers_rate_at_once() {
    let server = Arc::new(TestServer::with_api(generous()));
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let server = server.clone();
            tokio::spawn(async move {
                // Each from an address of its own: new voters are capped per network.
                let addr = format!("10.0.{}.{}", i / 100, i % 100);
                let reader = server.reader_from(Some(&addr)).await;
                let body = Some(json!({"reader": reader, "value": i % 5 + 1}));
                server.call_as("PUT", RATING, body, None, Some(&addr)).await.status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let reply = server.call("GET", RATING, None).await;
    assert_eq!(reply.json["counts"], json!([40, 40, 40, 40, 40]));
    assert_eq!(reply.json["total"], 200);
    assert_eq!(reply.json["average"], 3.0);
}

/// Group commit: writes that queue at once share a COMMIT (one sync to disk), and each
/// is answered only once that COMMIT is done.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_queued_at_once_share_commits() {
    const WRITES: usize = 64;
    let server = Arc::new(TestServer::with_api(generous()));
    let mut readers = Vec::new();
    for i in 0..WRITES {
        let addr = format!("10.1.{}.{}", i / 100, i % 100);
        readers.push((server.reader_from(Some(&addr)).await, addr));
    }
    let before = server.state.db.commits();
    let tasks: Vec<_> = readers
        .into_iter()
        .enumerate()
        .map(|(i, (reader, addr))| {
            let server = server.clone();
            tokio::spawn(async move {
                let body = Some(json!({"reader": reader, "value": i % 5 + 1}));
                let reply = server.call_as("PUT", RATING, body, None, Some(&addr)).await;
                // Answered only after its commit: this reader's rating is stored already.
                let mut db = common::db::Conn::to(&server.db.location).await;
                let sql = format!("SELECT COUNT(*) FROM ratings WHERE reader = '{}'", reader.replace('\'', "''"));
                (reply.status, db.number(&sql).await)
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), (StatusCode::OK, 1));
    }
    let commits = server.state.db.commits() - before;
    assert!((1..WRITES as u64).contains(&commits), "{WRITES} writes at once took {commits} commits");
    let reply = server.call("GET", RATING, None).await;
    assert_eq!(reply.json["total"], WRITES);
}

/// A write that fails in the middle of its batch (a new voter over its network's cap,
/// after its row in `new_voters` was written) is undone alone: the others of the batch
/// are stored and answered 200.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_write_refused_within_a_batch_leaves_the_others_stored() {
    const OTHERS: usize = 40;
    const CAPPED: usize = 8;
    let caps = beboerblad_server::VoterCaps { ipv4: 3, ipv6_64: 3, ipv6_48: 10 };
    let server = Arc::new(TestServer::with_voter_caps(generous(), caps));
    let mut writers = Vec::new();
    for i in 0..OTHERS + CAPPED {
        // The first CAPPED all from one address; only three of them may be new voters.
        let addr = if i < CAPPED { "192.0.2.7".to_string() } else { format!("10.2.0.{i}") };
        writers.push((server.reader_from(Some(&addr)).await, addr));
    }
    let before = server.state.db.commits();
    let tasks: Vec<_> = writers
        .into_iter()
        .map(|(reader, addr)| {
            let server = server.clone();
            tokio::spawn(async move {
                let body = Some(json!({"reader": reader, "value": 5}));
                let status = server.call_as("PUT", RATING, body, None, Some(&addr)).await.status;
                (addr, status)
            })
        })
        .collect();
    let (mut stored, mut refused) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            (addr, StatusCode::OK) => stored += usize::from(addr != "192.0.2.7"),
            (addr, StatusCode::TOO_MANY_REQUESTS) if addr == "192.0.2.7" => refused += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((stored, refused), (OTHERS, CAPPED - 3));
    assert!(server.state.db.commits() - before < (OTHERS + 3) as u64, "the writes shared commits");
    let reply = server.call("GET", RATING, None).await;
    assert_eq!(reply.json["total"], OTHERS + 3);
    let mut db = common::db::Conn::to(&server.db.location).await;
    let voters = db.number("SELECT COUNT(*) FROM new_voters WHERE network = '192.0.2.7'").await;
    assert_eq!(voters, 3, "the refused voters' rows were rolled back with them");
}

/// A write that fails on a constraint in the middle of a batch gets its own error; the
/// others are committed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_statement_within_a_batch_leaves_the_others_stored() {
    const WRITES: usize = 32;
    let server = TestServer::with_api(generous());
    let db = server.state.db.clone();
    db.pool().await.unwrap();
    let before = db.commits();
    let tasks: Vec<_> = (0..WRITES)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                let article = ArticleId::new(common::ARTICLE);
                let networks = [db::Network { name: format!("net-{i}"), cap: 10 }];
                let new = NewVoters { networks: &networks, window: Duration::from_secs(60) };
                // One value the table's CHECK refuses, after the voter's row was written.
                let value = if i == WRITES / 2 { 9 } else { 4 };
                db::set_rating(&db, &article, &format!("reader-{i}"), value, new).await
            })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        match (i == WRITES / 2, task.await.unwrap()) {
            (false, Ok(db::Rated::Stored)) | (true, Err(db::DbError::Sql(_))) => {}
            (_, other) => panic!("write {i}: {other:?}"),
        }
    }
    let commits = db.commits() - before;
    assert!(commits < WRITES as u64 - 1, "{} stored writes took {commits} commits", WRITES - 1);
    let mut conn = common::db::Conn::to(&server.db.location).await;
    assert_eq!(conn.number("SELECT COUNT(*) FROM ratings").await, WRITES as i64 - 1);
    let failed = format!("SELECT COUNT(*) FROM new_voters WHERE reader = 'reader-{}'", WRITES / 2);
    assert_eq!(conn.number(&failed).await, 0, "nothing of the failed write is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_comments_at_once_are_all_stored() {
    let server = Arc::new(TestServer::with_api(generous()));
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let server = server.clone();
            tokio::spawn(async move {
                let body = Some(json!({"reader": server.reader().await, "name": "Ann", "body": format!("nr. {i}")}));
                let reply = server.call("POST", COMMENTS, body).await;
                assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
                reply.json["comment"]["id"].as_i64().unwrap()
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100, "distinct ids");
    let first = server.call("GET", COMMENTS, None).await;
    let next = first.json["next"].as_str().unwrap().to_string();
    let second = server.call("GET", &format!("{COMMENTS}?after={next}"), None).await;
    let mut bodies: Vec<String> = [&first, &second]
        .iter()
        .flat_map(|r| r.json["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap().to_string()))
        .collect();
    bodies.sort();
    let mut expected: Vec<String> = (0..100).map(|i| format!("nr. {i}")).collect();
    expected.sort();
    assert_eq!(bodies, expected);
    assert_eq!(second.json["next"], json!(null));
}

#[tokio::test]
async fn acknowledged_writes_survive_a_restart() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    server.call("PUT", RATING, Some(json!({"reader": reader, "value": 4}))).await;
    let created = server.call("POST", COMMENTS, comment(&reader)).await;
    let secret = created.json["secret"].as_str().unwrap().to_string();
    let id = created.json["comment"]["id"].as_i64().unwrap();
    let other = server.reader().await;
    let hidden = server.call("POST", COMMENTS, comment(&other)).await.json["comment"]["id"].as_i64().unwrap();
    let hide = format!("/api/comments/{hidden}/hide");
    server.call_as("POST", &hide, None, Some(common::ADMIN_TOKEN), None).await;
    match common::db::backend() {
        common::db::Backend::Sqlite => {
            assert!(server.dir.path().join("data/beboerblad.db").is_file(), "created with its directory")
        }
        common::db::Backend::Postgres => assert!(!server.dir.path().join("data").exists(), "nothing on disk"),
    }

    let server = server.restart();
    let rating = server.call_with_reader("GET", RATING, &reader, None).await;
    assert_eq!(rating.json, json!({"counts": [0, 0, 0, 1, 0], "total": 1, "average": 4.0, "mine": 4}));
    let list = server.call("GET", COMMENTS, None).await;
    assert_eq!(list.json["comments"], json!([created.json["comment"]]), "hidden stays hidden");
    // The secret still works after the restart.
    let deleted = server.call_as("DELETE", &format!("/api/comments/{id}"), None, Some(&secret), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_database_is_opened_for_durability() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/dir/ratings.db");
    let db = Db::open(&path).unwrap();
    let db::Pool::Sqlite(pool) = db.pool().await.unwrap() else { panic!("not SQLite") };
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(pool).await.unwrap();
    assert_eq!(journal, "wal");
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(pool).await.unwrap();
    assert_eq!(synchronous, 2, "FULL");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(pool).await.unwrap();
    assert_eq!(foreign_keys, 1);
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(pool).await.unwrap();
    assert!(busy >= 1000, "{busy}");
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(pool).await.unwrap();
    assert_eq!(usize::try_from(migrations).unwrap(), migration_files("migrations"), "every migration applied");
    assert!(path.is_file());
}

/// The numbered migrations in `server/{dir}`.
fn migration_files(dir: &str) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".sql"))
        .count()
}

#[tokio::test]
async fn postgres_connections_have_time_limits_and_the_schema() {
    if common::db::backend() != common::db::Backend::Postgres {
        let _ = writeln!(std::io::stderr(), "skipped: a PostgreSQL test ({} is not set)", common::db::TEST_PG);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let test_db = common::db::TestDb::fresh(dir.path());
    let db = Db::connect(&test_db.location, 2).unwrap();
    let db::Pool::Postgres(pool) = db.pool().await.unwrap() else { panic!("not PostgreSQL") };
    for (setting, expected) in
        [("statement_timeout", "5s"), ("lock_timeout", "5s"), ("idle_in_transaction_session_timeout", "30s")]
    {
        let value: String = sqlx::query_scalar(&format!("SHOW {setting}")).fetch_one(pool).await.unwrap();
        assert_eq!(value, expected, "{setting}");
    }
    let name: String = sqlx::query_scalar("SHOW application_name").fetch_one(pool).await.unwrap();
    assert_eq!(name, "beboerblad-server");
    let migrations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").fetch_one(pool).await.unwrap();
    let files = migration_files("migrations/postgres");
    assert_eq!((usize::try_from(migrations).unwrap(), files), (migration_files("migrations"), files), "in step");
    db.close().await;
}

#[tokio::test]
async fn the_page_renderer_can_read_ratings_and_comments_directly() {
    let dir = tempfile::tempdir().unwrap();
    let test_db = common::db::TestDb::fresh(dir.path());
    let db = Db::connect(&test_db.location, 2).unwrap();
    let article = ArticleId::new("legeplads");
    let uncapped = NewVoters { networks: &[], window: Duration::from_secs(60) };
    assert_eq!(db::set_rating(&db, &article, "reader-aaaa", 5, uncapped).await.unwrap(), db::Rated::Stored);
    let summary = db::rating_summary(&db, &article, Some("reader-aaaa")).await.unwrap();
    assert_eq!(
        (summary.counts, summary.total, summary.average, summary.mine),
        ([0, 0, 0, 0, 1], 1, Some(5.0), Some(5))
    );
    let new = NewComment { article: &article, reader: "reader-aaaa", name: "Ann", body: "Hej", secret_hash: "x" };
    let stored = db::add_comment(&db, new).await.unwrap();
    let page = db::comments_page(&db, &article, None).await.unwrap();
    assert_eq!((page.comments, page.next), (vec![stored], None));
    assert!(matches!(db::comments_page(&db, &article, Some("x")).await, Err(db::DbError::InvalidCursor)));
    db.close().await;
}
