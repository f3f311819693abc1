//! `kill -9` (and the stop signal) in the middle of a burst of writes: after a restart on
//! the same database, every write that was acknowledged is there, and the database is
//! intact. Writes queued at once share a commit (group commit): an answer must never come
//! before its batch's commit.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::process::{Server, connect, send, try_receive};
use serde_json::{Value, json};

const ARTICLES: [&str; 2] = [common::ARTICLE, common::OTHER_ARTICLE];
const WRITERS: usize = 8;
/// Writers of the rating-only bursts: many at once, so that writes queue and share commits.
const PUT_WRITERS: usize = 64;
/// Each writer stops after this many requests, if the server has not been killed by then.
const REQUESTS_EACH: usize = 400;
/// The server is killed once this many writes have been acknowledged.
const KILL_AFTER: usize = 150;

/// Limits no writer reaches.
const ARGS: [&str; 6] = [
    "--comment-rate=1000000/600",
    "--rating-rate=1000000/60",
    "--comments-per-day=1000000",
    "--comments-per-article-per-day=1000000",
    "--reader-rate=1000000/60",
    "--new-voters=1000000,1000000,1000000",
];

#[derive(Default)]
struct Acknowledged {
    /// Comment ids and their articles.
    comments: Vec<(i64, &'static str)>,
    /// (article, reader, value); each reader rates once.
    ratings: Vec<(&'static str, String, u8)>,
}

/// What a writer sends.
#[derive(Clone, Copy, PartialEq)]
enum Mix {
    /// Two comments to a rating.
    CommentsAndRatings,
    RatingsOnly,
}

/// Writes comments and ratings on one keep-alive connection until the connection fails
/// (the server was killed) or `REQUESTS_EACH` are done; records what was acknowledged.
/// Returns whether it stopped on an error.
fn writer(server: SocketAddr, id: usize, mix: Mix, acked: &Mutex<Acknowledged>, count: &AtomicUsize) -> bool {
    let mut stream = connect(server);
    for n in 0..REQUESTS_EACH {
        let article = ARTICLES[n % 2];
        // A reader id issued by the server, as the app gets one.
        send(&mut stream, "POST", "/api/readers", None);
        let Ok((status, text)) = try_receive(&mut stream) else { return true };
        assert_eq!(status, 201, "writer {id}, reader id {n}: {text}");
        let reader = serde_json::from_str::<Value>(&text).unwrap()["reader"].as_str().unwrap().to_string();
        let value = (n % 5 + 1) as u8;
        if n % 3 == 0 || mix == Mix::RatingsOnly {
            let body = json!({"reader": reader, "value": value}).to_string();
            send(&mut stream, "PUT", &format!("/api/articles/{article}/rating"), Some(&body));
        } else {
            let body = json!({"reader": reader, "name": "Ann", "body": format!("nr. {id}-{n}")}).to_string();
            send(&mut stream, "POST", &format!("/api/articles/{article}/comments"), Some(&body));
        }
        let Ok((status, text)) = try_receive(&mut stream) else { return true };
        assert!((200..300).contains(&status), "writer {id}, request {n}: {status} {text}");
        let reply: Value = serde_json::from_str(&text).unwrap();
        let mut acked = acked.lock().unwrap();
        match reply["comment"]["id"].as_i64() {
            Some(comment) => acked.comments.push((comment, article)),
            None => acked.ratings.push((article, reader, value)),
        }
        count.fetch_add(1, Ordering::SeqCst);
    }
    false
}

fn comment_ids(server: &Server, article: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut path = format!("/api/articles/{article}/comments");
    loop {
        let (status, text) = server.call("GET", &path, None);
        assert_eq!(status, 200, "{text}");
        let page: Value = serde_json::from_str(&text).unwrap();
        ids.extend(page["comments"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/articles/{article}/comments?after={next}"),
            None => return ids,
        }
    }
}

/// Runs `writers` writers against `server` until `stop_after` writes are acknowledged,
/// then sends the server `signal`; returns what was acknowledged, once every writer has
/// stopped on the closed connection.
fn burst(server: &Server, writers: usize, mix: Mix, stop_after: usize, signal: fn(&Server)) -> Acknowledged {
    let acked = Mutex::new(Acknowledged::default());
    let count = AtomicUsize::new(0);
    let (addr, acked_ref, count_ref) = (server.addr, &acked, &count);
    let stopped_on_error = std::thread::scope(|scope| {
        let writers: Vec<_> =
            (0..writers).map(|id| scope.spawn(move || writer(addr, id, mix, acked_ref, count_ref))).collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        while count.load(Ordering::SeqCst) < stop_after {
            assert!(Instant::now() < deadline, "only {} writes acknowledged in 60 s", count.load(Ordering::SeqCst));
            std::thread::sleep(Duration::from_millis(5));
        }
        signal(server);
        writers.into_iter().map(|w| w.join().unwrap()).filter(|&error| error).count()
    });
    assert_eq!(stopped_on_error, writers, "every writer was still writing when the server was stopped");
    let acked = acked.into_inner().unwrap();
    assert!(acked.comments.len() + acked.ratings.len() >= stop_after);
    acked
}

/// After a restart: every acknowledged comment and rating is stored, and the database
/// is intact. Stops the server.
fn assert_stored(server: &mut Server, acked: &Acknowledged) {
    server.restart(&ARGS);
    for article in ARTICLES {
        let stored = comment_ids(server, article);
        for (id, _) in acked.comments.iter().filter(|(_, a)| *a == article) {
            assert!(stored.contains(id), "acknowledged comment {id} on {article} is missing");
        }
    }
    server.terminate();
    assert_eq!(server.exit_within(Duration::from_secs(10)).code(), Some(0));

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let check: String = runtime.block_on(async {
        let mut db = common::db::Conn::to(&server.db.location).await;
        // Every acknowledged rating, as stored (the API shows one only to its reader).
        for (article, reader, value) in &acked.ratings {
            let reader = reader.replace('\'', "''");
            let sql = format!("SELECT value FROM ratings WHERE article = '{article}' AND reader = '{reader}'");
            assert_eq!(db.number(&sql).await, i64::from(*value), "{reader}'s acknowledged rating of {article}");
        }
        let db = beboerblad_server::db::Db::connect(&server.db.location, 1).unwrap();
        db.integrity().await.unwrap()
    });
    assert_eq!(check, "ok");
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    let mut server = Server::start(&ARGS);
    let acked = burst(&server, WRITERS, Mix::CommentsAndRatings, KILL_AFTER, Server::kill);
    let killed = server.exit_within(Duration::from_secs(10));
    assert_eq!(std::os::unix::process::ExitStatusExt::signal(&killed), Some(9), "{killed}");
    assert_stored(&mut server, &acked);
}

/// Many rating PUTs at once share commits; killed in the middle of that, every one that
/// was answered is stored.
#[test]
fn acknowledged_puts_of_shared_commits_survive_kill_9() {
    let mut server = Server::start(&ARGS);
    let acked = burst(&server, PUT_WRITERS, Mix::RatingsOnly, 2 * KILL_AFTER, Server::kill);
    let killed = server.exit_within(Duration::from_secs(10));
    assert_eq!(std::os::unix::process::ExitStatusExt::signal(&killed), Some(9), "{killed}");
    assert_stored(&mut server, &acked);
}

/// The stop signal in the middle of many rating PUTs: the server finishes the writes it
/// has begun (their batches are committed before it exits), exits cleanly, and every
/// answered one is stored.
#[test]
fn the_stop_signal_drains_the_write_queue() {
    let mut server = Server::start(&ARGS);
    let acked = burst(&server, PUT_WRITERS, Mix::RatingsOnly, 2 * KILL_AFTER, Server::terminate);
    assert_eq!(server.exit_within(Duration::from_secs(20)).code(), Some(0));
    assert_stored(&mut server, &acked);
}
