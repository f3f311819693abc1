//! Several server processes on one database (what PostgreSQL is for): they agree on the
//! key that signs reader ids even when they start at once, and the caps that count rows
//! in the database hold across them. Runs on SQLite, and on PostgreSQL when
//! `BEBOERBLAD_TEST_PG` is set (`scripts/test.sh` does both).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use beboerblad_server::VoterCaps;
use beboerblad_server::db::{Db, Location};
use common::db::{Backend, TEST_PG, TestDb};
use common::{Reply, TestServer, generous, json_request};
use serde_json::json;
use tower::ServiceExt;

const RATING: &str = "/api/articles/legeplads/rating";

/// Fails when the run was asked for PostgreSQL and the servers got something else.
#[tokio::test]
async fn the_tests_run_on_the_database_asked_for() {
    let asked = std::env::var(TEST_PG).ok().filter(|url| !url.is_empty());
    let server = TestServer::with_api(generous());
    match (&asked, &server.config.db) {
        (Some(_), Location::Postgres(url)) => {
            assert_eq!(common::db::backend(), Backend::Postgres);
            assert_eq!(server.state.db.backend(), "postgres");
            // A database of its own, new and empty, on the server asked for.
            let host = url::Url::parse(asked.as_deref().unwrap()).unwrap().host_str().map(String::from);
            assert_eq!(url::Url::parse(url).unwrap().host_str().map(String::from), host);
            assert_eq!(server.call("GET", "/api/articles/legeplads/comments", None).await.json["comments"], json!([]));
        }
        (None, Location::Sqlite(file)) => {
            assert_eq!(common::db::backend(), Backend::Sqlite);
            assert_eq!(server.state.db.backend(), "sqlite");
            assert!(file.starts_with(server.dir.path()), "{}", file.display());
        }
        (asked, db) => panic!("{TEST_PG}={asked:?}, but the test server's database is {db}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_at_once_on_a_new_database_agree_on_the_readers_key() {
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::fresh(dir.path());
    // Four processes' pools, each migrating and making its key at the same moment.
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let db = Db::connect(&test_db.location, 2).unwrap();
            tokio::spawn(async move {
                let key = db.reader_key().await;
                db.close().await;
                key
            })
        })
        .collect();
    let mut keys = Vec::new();
    for start in starts {
        keys.push(start.await.unwrap().unwrap());
    }
    assert!(keys.iter().all(|k| *k == keys[0]), "one key for all");
    let later = Db::connect(&test_db.location, 1).unwrap();
    assert_eq!(later.reader_key().await.unwrap(), keys[0], "and the one kept");
    later.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cap_on_new_voters_holds_across_instances() {
    const ADDR: &str = "198.51.100.77";
    let caps = VoterCaps { ipv4: 2, ipv6_64: 3, ipv6_48: 10 };
    let server = TestServer::with_voter_caps(generous(), caps);
    let twin = server.twin();
    let mut readers = Vec::new();
    for _ in 0..12 {
        readers.push(server.reader_from(Some(ADDR)).await);
    }
    // Twelve new voters from one address at once, half through each process.
    let tasks: Vec<_> = readers
        .iter()
        .enumerate()
        .map(|(i, reader)| {
            let router = if i % 2 == 0 { server.router.clone() } else { twin.clone() };
            let request = json_request("PUT", RATING, Some(json!({"reader": reader, "value": 4})), &[], Some(ADDR));
            tokio::spawn(async move { Reply::from(router.oneshot(request).await.unwrap()).await.status })
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => stored += 1,
            status => assert_eq!(status, StatusCode::TOO_MANY_REQUESTS),
        }
    }
    assert_eq!(stored, 2, "the cap, not one per process");
    assert_eq!(server.call("GET", RATING, None).await.json["total"], 2);
}

/// Two real server processes started at the same moment on one new database, as behind a
/// proxy: both migrate and start, and a reader issued by one rates and comments through
/// the other.
#[cfg(unix)]
#[test]
fn two_processes_started_at_once_share_readers_ratings_and_comments() {
    use common::process::Server;
    const ARGS: [&str; 1] = ["--new-voters=100,100,100"];
    let dir = tempfile::tempdir().unwrap();
    // Declared first, so dropped after the servers.
    let db = TestDb::fresh(dir.path());
    let start = |db: TestDb| std::thread::spawn(move || Server::start_on(Some(db), &ARGS, "info"));
    let (first, second) = (start(db.shared()), start(db.shared()));
    let (first, second) = (first.join().unwrap(), second.join().unwrap());
    let backend = format!("({})", server_backend());
    for server in [&first, &second] {
        let line = server.log_line(|l| l.contains("database: "), std::time::Duration::from_secs(10));
        assert!(line.contains(&backend), "{line}");
    }

    let (status, issued) = first.call("POST", "/api/readers", None);
    assert_eq!(status, 201, "{issued}");
    let reader = serde_json::from_str::<serde_json::Value>(&issued).unwrap()["reader"].as_str().unwrap().to_string();
    let (status, rated) = second.call("PUT", RATING, Some(&json!({"reader": reader, "value": 5}).to_string()));
    assert_eq!(status, 200, "{rated}");
    let comment = json!({"reader": reader, "name": "Ann", "body": "Skrevet via den anden"}).to_string();
    let (status, created) = second.call("POST", "/api/articles/legeplads/comments", Some(&comment));
    assert_eq!(status, 201, "{created}");

    let (_, ratings) = first.call("GET", RATING, None);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&ratings).unwrap()["total"], 1, "{ratings}");
    let (_, comments) = first.call("GET", "/api/articles/legeplads/comments", None);
    assert!(comments.contains("Skrevet via den anden"), "{comments}");
}

fn server_backend() -> &'static str {
    match common::db::backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}
