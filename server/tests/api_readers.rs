//! Reader ids: issued and signed by the server, refused when invented or altered, never
//! read from a URL; and the daily cap on new voters per network, which keeps one address
//! from setting an article's average.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{StatusCode, header};
use beboerblad_server::{AppState, VoterCaps, app};
use common::{OTHER_ARTICLE, Reply, TestServer, generous};
use serde_json::{Value, json};

const RATING: &str = "/api/articles/legeplads/rating";
const COMMENTS: &str = "/api/articles/legeplads/comments";
/// Where the stuffing comes from in these tests.
const ATTACKER: &str = "203.0.113.66";
const DAY: u64 = 24 * 60 * 60;

/// 24 hex digits, `_`, 32 hex digits.
fn has_issued_form(id: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    id.split_once('_').is_some_and(|(random, signature)| hex(random, 24) && hex(signature, 32))
}

fn vote(reader: &str, value: u8) -> Option<Value> {
    Some(json!({"reader": reader, "value": value}))
}

async fn summary(server: &TestServer) -> Value {
    server.call("GET", RATING, None).await.json
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str, what: &str) {
    assert_eq!((reply.status, reply.error_code()), (status, code), "{what}: {reply:?}");
}

#[tokio::test]
async fn the_server_issues_signed_reader_ids() {
    let server = TestServer::with_api(generous());
    let reply = server.call("POST", "/api/readers", None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(reply.json.as_object().map(|o| o.len()), Some(1), "only the reader: {}", reply.json);
    let first = reply.json["reader"].as_str().unwrap().to_string();
    let second = server.reader().await;
    for id in [&first, &second] {
        assert!(has_issued_form(id), "{id}");
        assert!(api_types::is_reader_id(id), "the app recognises it: {id}");
    }
    assert_ne!(first, second);

    assert_eq!(server.call("PUT", RATING, vote(&first, 4)).await.status, StatusCode::OK);
    let mine = server.call_with_reader("GET", RATING, &first, None).await;
    assert_eq!((mine.status, &mine.json["mine"]), (StatusCode::OK, &json!(4)));
    let other = server.call_with_reader("GET", RATING, &second, None).await;
    assert_eq!(other.json["mine"], json!(null));
    assert_eq!(other.json["total"], 1);
}

#[tokio::test]
async fn invented_and_altered_ids_are_refused_everywhere() {
    let server = TestServer::with_api(generous());
    let issued = server.reader().await;
    let (random, signature) = issued.split_once('_').unwrap();
    let change = |s: &str, i: usize| {
        let mut bytes = s.as_bytes().to_vec();
        bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
        String::from_utf8(bytes).unwrap()
    };
    let forged = [
        "reader-aaaa".to_string(),
        // What the app used to make up itself.
        "0123456789abcdef0123456789abcdef".to_string(),
        format!("{random}_{}", "0".repeat(32)),
        format!("{random}_{}", change(signature, 31)),
        format!("{random}_{}", change(signature, 0)),
        format!("{}_{signature}", change(random, 23)),
        format!("{random}_{}", &signature[..30]),
        format!("{random}{signature}"),
        issued.to_uppercase(),
        format!("{issued}0"),
    ];
    for forged in &forged {
        let comment = json!({"reader": forged, "name": "Ann", "body": "Hej"});
        let replies = [
            ("PUT", server.call("PUT", RATING, vote(forged, 1)).await),
            ("DELETE", server.call("DELETE", RATING, Some(json!({"reader": forged}))).await),
            ("POST comment", server.call("POST", COMMENTS, Some(comment)).await),
            ("GET", server.call_with_reader("GET", RATING, forged, None).await),
        ];
        for (what, reply) in &replies {
            assert_error(reply, StatusCode::BAD_REQUEST, "invalid_reader", &format!("{what} as {forged}"));
        }
    }
    assert_eq!(summary(&server).await["total"], 0, "nothing was stored");
    assert_eq!(server.call("GET", COMMENTS, None).await.json["comments"], json!([]));
    assert_eq!(server.call("PUT", RATING, vote(&issued, 1)).await.status, StatusCode::OK, "the real one works");
}

#[tokio::test]
async fn ids_are_signed_with_a_key_kept_in_the_database() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    assert_eq!(server.call("PUT", RATING, vote(&reader, 2)).await.status, StatusCode::OK);

    // A second process on the same database accepts it, and issues ids the first accepts.
    let state = AppState::new(&server.config).unwrap();
    let twin = app(state, &server.config);
    let request = |method: &str, body: Option<Value>| {
        let mut request = axum::http::Request::builder().method(method).uri(RATING);
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                axum::body::Body::from(body.to_string())
            }
            None => axum::body::Body::empty(),
        };
        request.body(body).unwrap()
    };
    let reply =
        Reply::from(tower::ServiceExt::oneshot(twin.clone(), request("PUT", vote(&reader, 3))).await.unwrap()).await;
    assert_eq!((reply.status, &reply.json["mine"]), (StatusCode::OK, &json!(3)), "{reply:?}");
    let issued = Reply::from(
        tower::ServiceExt::oneshot(
            twin,
            axum::http::Request::post("/api/readers").body(axum::body::Body::empty()).unwrap(),
        )
        .await
        .unwrap(),
    )
    .await;
    let theirs = issued.json["reader"].as_str().unwrap().to_string();
    assert_eq!(server.call("PUT", RATING, vote(&theirs, 5)).await.status, StatusCode::OK);

    // And after a restart.
    let server = server.restart();
    let mine = server.call_with_reader("GET", RATING, &reader, None).await;
    assert_eq!(mine.json["mine"], 3);

    // Another server (another database, another key) refuses them.
    let other = TestServer::with_api(generous());
    let reply = other.call("PUT", RATING, vote(&reader, 1)).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_reader", "another server's id");
}

#[tokio::test]
async fn the_reader_id_is_never_read_from_the_url() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    assert_eq!(server.call("PUT", RATING, vote(&reader, 3)).await.status, StatusCode::OK);
    for method in ["GET", "DELETE"] {
        let reply = server.call(method, &format!("{RATING}?reader={reader}"), None).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_query", method);
    }
    let no_reader = server.call("DELETE", RATING, None).await;
    assert_error(&no_reader, StatusCode::BAD_REQUEST, "missing_reader", "DELETE without a body");
    let mine = server.call_with_reader("GET", RATING, &reader, None).await;
    assert_eq!(mine.json["mine"], 3, "nothing was withdrawn");
}

/// Four readers, each from an address of their own, give 5.
async fn four_genuine_fives(server: &TestServer) {
    for i in 1..=4 {
        let addr = format!("198.51.100.{i}");
        let reader = server.reader_from(Some(&addr)).await;
        let reply = server.call_as("PUT", RATING, vote(&reader, 5), None, Some(&addr)).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }
    assert_eq!(summary(server).await["average"], 5.0);
}

#[tokio::test]
async fn a_hundred_invented_ids_from_one_address_change_nothing() {
    let server = TestServer::with_api(generous());
    four_genuine_fives(&server).await;
    for i in 0..100 {
        let reader = format!("{i:024x}_{:032x}", i * 7919);
        let reply = server.call_as("PUT", RATING, vote(&reader, 1), None, Some(ATTACKER)).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_reader", &reader);
    }
    let after = summary(&server).await;
    assert_eq!((&after["total"], &after["average"]), (&json!(4), &json!(5.0)));
}

#[tokio::test]
async fn a_hundred_issued_ids_from_one_address_count_as_three_voters() {
    let server = TestServer::with_api(generous());
    four_genuine_fives(&server).await;
    let mut counted = Vec::new();
    for _ in 0..100 {
        let reader = server.reader_from(Some(ATTACKER)).await;
        let reply = server.call_as("PUT", RATING, vote(&reader, 1), None, Some(ATTACKER)).await;
        match reply.status {
            StatusCode::OK => counted.push(reader),
            _ => {
                assert_error(&reply, StatusCode::TOO_MANY_REQUESTS, "rate_limited", "a fourth new voter");
                let wait: u64 = reply.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
                assert!((DAY - 60..=DAY).contains(&wait), "Retry-After {wait}: a day after the first");
            }
        }
    }
    assert_eq!(counted.len(), 3, "the default cap of new voters per IPv4 address, article and day");
    let after = summary(&server).await;
    assert_eq!(after["counts"], json!([3, 0, 0, 0, 4]));
    assert_eq!(after["average"], json!(23.0 / 7.0));

    // A counted voter changing their mind, or withdrawing and rating again, is no new voter.
    let reply = server.call_as("PUT", RATING, vote(&counted[0], 2), None, Some(ATTACKER)).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let reply = server.call_as("DELETE", RATING, Some(json!({"reader": counted[1]})), None, Some(ATTACKER)).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let reply = server.call_as("PUT", RATING, vote(&counted[1], 1), None, Some(ATTACKER)).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(summary(&server).await["counts"], json!([2, 1, 0, 0, 4]));

    // The cap is per article, and per network: nobody else is affected.
    let reader = server.reader_from(Some(ATTACKER)).await;
    let other = format!("/api/articles/{OTHER_ARTICLE}/rating");
    assert_eq!(server.call_as("PUT", &other, vote(&reader, 1), None, Some(ATTACKER)).await.status, StatusCode::OK);
    let neighbour = server.reader_from(Some("203.0.113.67")).await;
    let reply = server.call_as("PUT", RATING, vote(&neighbour, 4), None, Some("203.0.113.67")).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
}

#[tokio::test]
async fn ipv6_new_voters_are_capped_per_64_and_per_48() {
    let server = TestServer::with_api(generous());
    let rate_from = async |addr: String| {
        let reader = server.reader_from(Some(&addr)).await;
        let reply = server.call_as("PUT", RATING, vote(&reader, 1), None, Some(&addr)).await;
        assert!(matches!(reply.status, StatusCode::OK | StatusCode::TOO_MANY_REQUESTS), "{reply:?}");
        reply.status == StatusCode::OK
    };
    // Every address of a /64 is one customer's.
    let mut counted = 0;
    for i in 1..=20 {
        counted += u32::from(rate_from(format!("2001:db8:1:1::{i:x}")).await);
    }
    assert_eq!(counted, 3, "per /64");
    // A /48 is one site: its /64s together get 10.
    for net in 2..=20 {
        counted += u32::from(rate_from(format!("2001:db8:1:{net:x}::1")).await);
    }
    assert_eq!(counted, 10, "per /48");
    assert!(rate_from("2001:db8:2::1".to_string()).await, "another /48 is another network");
    // An IPv4 address written as IPv6 is the IPv4 address.
    for _ in 0..3 {
        assert!(rate_from("192.0.2.9".to_string()).await);
    }
    assert!(!rate_from("::ffff:192.0.2.9".to_string()).await);
    assert_eq!(summary(&server).await["total"], 14);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn new_voters_arriving_at_once_are_counted_one_after_the_other() {
    let server = std::sync::Arc::new(TestServer::with_api(generous()));
    let mut readers = Vec::new();
    for _ in 0..40 {
        readers.push(server.reader_from(Some(ATTACKER)).await);
    }
    let tasks: Vec<_> = readers
        .into_iter()
        .map(|reader| {
            let server = server.clone();
            tokio::spawn(async move { server.call_as("PUT", RATING, vote(&reader, 1), None, Some(ATTACKER)).await })
        })
        .collect();
    let mut counted = 0;
    for task in tasks {
        let reply = task.await.unwrap();
        match reply.status {
            StatusCode::OK => counted += 1,
            _ => assert_error(&reply, StatusCode::TOO_MANY_REQUESTS, "rate_limited", "over the cap"),
        }
    }
    assert_eq!(counted, 3);
    assert_eq!(summary(&server).await["total"], 3);
}

#[tokio::test]
async fn the_caps_can_be_changed() {
    let caps = VoterCaps { ipv4: 1, ipv6_64: 0, ipv6_48: 10 };
    let server = TestServer::with_voter_caps(generous(), caps);
    let rate_from = async |addr: &str| {
        let reader = server.reader_from(Some(addr)).await;
        server.call_as("PUT", RATING, vote(&reader, 4), None, Some(addr)).await.status
    };
    assert_eq!(rate_from(ATTACKER).await, StatusCode::OK);
    assert_eq!(rate_from(ATTACKER).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(rate_from("2001:db8::1").await, StatusCode::TOO_MANY_REQUESTS, "0: nobody new from there");
}
