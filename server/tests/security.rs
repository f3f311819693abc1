//! Safe on the open internet: where the database may lie, and the security headers of
//! every response.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use beboerblad_server::{AppState, Config};
use common::TestServer;

/// Why `config` cannot start (`None`: it can).
fn start_error(config: &Config) -> Option<String> {
    AppState::new(config).err().map(|e| e.to_string())
}

#[tokio::test]
async fn a_database_inside_a_served_directory_is_refused() {
    let server = TestServer::new();
    let (content, dist) = (server.content(), server.config.dist.clone());
    for db in [
        content.join("beboerblad.db"),
        content.join("data/beboerblad.db"),
        dist.join("beboerblad.db"),
        content.join("../content/images/../x.db"),
        content.join("./x.db"),
    ] {
        let config = Config { db: db.clone(), ..server.config.clone() };
        let error = start_error(&config).unwrap_or_else(|| panic!("{} was accepted", db.display()));
        assert!(error.contains("is inside") && error.contains("--db"), "{error}");
        assert!(!db.exists(), "nothing was created at {}", db.display());
    }
    let beside = Config { db: server.dir.path().join("content-data/beboerblad.db"), ..server.config.clone() };
    assert_eq!(start_error(&beside), None, "a directory whose name starts like content/ is fine");
}

#[cfg(unix)]
#[tokio::test]
async fn a_database_reached_through_a_symlink_into_a_served_directory_is_refused() {
    let server = TestServer::new();
    let link = server.dir.path().join("data-link");
    std::os::unix::fs::symlink(server.content(), &link).unwrap();
    let config = Config { db: link.join("beboerblad.db"), ..server.config.clone() };
    let error = start_error(&config).unwrap_or_else(|| panic!("accepted"));
    assert!(error.contains("is inside"), "{error}");
}

#[test]
fn the_server_will_not_start_with_its_database_in_content() {
    let dir = tempfile::tempdir().unwrap();
    let (content, dist) = (dir.path().join("content"), dir.path().join("dist"));
    std::fs::create_dir_all(&content).unwrap();
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(content.join("feed.json"), common::feed()).unwrap();
    std::fs::write(dist.join("index.html"), common::INDEX_HTML).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
        .arg("--addr=127.0.0.1:0")
        .arg(format!("--content={}", content.display()))
        .arg(format!("--dist={}", dist.display()))
        .arg(format!("--db={}", content.join("data/beboerblad.db").display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server started with its database inside --content");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("is inside") && stderr.contains("--db"), "{stderr}");
    assert!(output.stdout.is_empty(), "it never listened");
    assert!(!content.join("data").exists(), "no database directory was made");
}
