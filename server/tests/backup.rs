//! Online backup and restore: a copy taken while the server writes is complete and
//! consistent, and a server started on the copy has every rating and comment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use beboerblad_server::db::{Db, DbError};
use beboerblad_server::{AppState, app};
use common::{Reply, TestServer, generous};
use serde_json::json;
use tower::ServiceExt;

const RATING: &str = "/api/articles/legeplads/rating";
const COMMENTS: &str = "/api/articles/legeplads/comments";

async fn get(router: &axum::Router, path: &str) -> Reply {
    let request = axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
    Reply::from(router.clone().oneshot(request).await.unwrap()).await
}

#[tokio::test]
async fn a_backup_taken_while_the_server_runs_restores_every_write() {
    let server = TestServer::with_api(generous());
    let Some(live_file) = server.config.db.file().map(Path::to_path_buf) else {
        let _ = writeln!(std::io::stderr(), "skipped: SQLite's backup (PostgreSQL's: the test below)");
        return;
    };
    let mut readers = Vec::new();
    for (i, value) in [5, 4, 4, 1].into_iter().enumerate() {
        let addr = format!("198.51.100.{i}");
        let reader = server.reader_from(Some(&addr)).await;
        let reply =
            server.call_as("PUT", RATING, Some(json!({"reader": reader, "value": value})), None, Some(&addr)).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let comment = json!({"reader": reader, "name": format!("Beboer {i}"), "body": format!("Kommentar {i}")});
        assert_eq!(server.call("POST", COMMENTS, Some(comment)).await.status, StatusCode::CREATED);
        readers.push(reader);
    }
    let ratings = server.call("GET", RATING, None).await.json;
    let comments = server.call("GET", COMMENTS, None).await.json;

    // The command opens the live database beside the running server, as an operator would.
    let copy = server.dir.path().join("backups/copy.db");
    let live = Db::open(&live_file).unwrap();
    live.backup(&copy).await.unwrap();
    assert!(matches!(live.backup(&copy).await, Err(DbError::BackupExists(_))), "never overwrites");
    // The server goes on writing; the copy is what was there when it was taken.
    let late = json!({"reader": readers[0], "name": "Sen", "body": "Efter kopien"});
    assert_eq!(server.call("POST", COMMENTS, Some(late)).await.status, StatusCode::CREATED);

    // Restore: a server started on the copy.
    assert_eq!(Db::open(&copy).unwrap().integrity().await.unwrap(), "ok");
    let mut config = server.config.clone();
    config.db = copy.into();
    let restored = app(AppState::new(&config).unwrap(), &config);
    assert_eq!(get(&restored, RATING).await.json, ratings);
    assert_eq!(get(&restored, COMMENTS).await.json, comments);
    assert_eq!(comments["comments"].as_array().map(Vec::len), Some(4));
    // The key that signs reader ids is in the copy: readers are still recognised.
    let request = axum::http::Request::get(RATING)
        .header(api_types::READER_HEADER, &readers[3])
        .body(axum::body::Body::empty())
        .unwrap();
    let mine = Reply::from(restored.clone().oneshot(request).await.unwrap()).await;
    assert_eq!((mine.status, &mine.json["mine"]), (StatusCode::OK, &json!(1)), "{mine:?}");
}

/// Refused before connecting: no PostgreSQL server is needed to see it.
#[tokio::test]
async fn a_postgres_database_is_backed_up_with_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let url = "postgres://beboerblad@127.0.0.1:9/nowhere";
    let copy = dir.path().join("copy.db");
    let db = Db::connect(&url.parse().unwrap(), 1).unwrap();
    assert!(matches!(db.backup(&copy).await, Err(DbError::BackupPostgres)));
    let out = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
        .args(["backup", copy.to_str().unwrap()])
        .env("BEBOERBLAD_DB", url)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("pg_dump") && stderr.contains("pg_restore"), "{stderr}");
    assert!(!copy.exists(), "nothing written");
}
