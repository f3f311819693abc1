//! Comments through the public Router: writing, listing in pages, deleting, moderating.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use api_types::{BODY_MAX, NAME_MAX};
use axum::http::StatusCode;
use common::{ADMIN_TOKEN, OTHER_ARTICLE, TestServer, generous};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const COMMENTS: &str = "/api/articles/legeplads/comments";

fn comment(reader: &str, name: &str, body: &str) -> Value {
    json!({"reader": reader, "name": name, "body": body})
}

async fn post(server: &TestServer, name: &str, body: &str) -> (i64, String) {
    let reply = server.call("POST", COMMENTS, Some(comment(&server.reader().await, name, body))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    (reply.json["comment"]["id"].as_i64().unwrap(), reply.json["secret"].as_str().unwrap().to_string())
}

async fn listed(server: &TestServer) -> Vec<i64> {
    let reply = server.call("GET", COMMENTS, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json["comments"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_comment_is_stored_as_plain_trimmed_text() {
    let server = TestServer::with_api(generous());
    let empty = server.call("GET", COMMENTS, None).await;
    assert_eq!(empty.json, json!({"comments": [], "next": null}));

    let body = "  Dejligt! <script>alert(1)</script> & \"tak\"\n\nHilsen nr. 7  ";
    let reply = server.call("POST", COMMENTS, Some(comment(&server.reader().await, " Åse Ærø ", body))).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let created = &reply.json["comment"];
    assert_eq!(created["name"], "Åse Ærø");
    assert_eq!(created["body"], body.trim(), "stored as written, never turned into HTML");
    let secret = reply.json["secret"].as_str().unwrap();
    assert_eq!(secret.len(), 64);
    let at = created["created_at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z') && at.starts_with("20"), "RFC 3339 UTC: {at}");
    assert_eq!(reply.json.as_object().unwrap().len(), 2, "only comment and secret: {}", reply.json);

    let list = server.call("GET", COMMENTS, None).await;
    assert_eq!(list.json, json!({"comments": [created], "next": null}));
    assert!(!list.json.to_string().contains(secret), "the secret is never shown again");
    let other = server.call("GET", &format!("/api/articles/{OTHER_ARTICLE}/comments"), None).await;
    assert_eq!(other.json["comments"], json!([]));
}

#[tokio::test]
async fn the_secret_is_stored_hashed() {
    let server = TestServer::with_api(generous());
    let (_, secret) = post(&server, "Ann", "Hej").await;
    // SQLite: the database and its write-ahead log, wherever the row is by now.
    let stored = common::db::Conn::to(&server.config.db).await.stored_bytes(&server.config.db).await;
    let contains = |needle: &str| stored.windows(needle.len()).any(|w| w == needle.as_bytes());
    let hash: String = Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert!(contains(&hash), "the hash is stored (so the search looks at the right bytes)");
    assert!(!contains(&secret), "the secret itself is not");
}

#[tokio::test]
async fn comments_come_oldest_first_in_pages_of_fifty() {
    let server = TestServer::with_api(generous());
    let mut ids = Vec::new();
    for i in 0..120 {
        ids.push(post(&server, "Ann", &format!("Kommentar {i}")).await.0);
    }
    let mut pages = Vec::new();
    let mut path = COMMENTS.to_string();
    loop {
        let reply = server.call("GET", &path, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let comments = reply.json["comments"].as_array().unwrap().clone();
        pages.push(comments);
        match reply.json["next"].as_str() {
            Some(next) => path = format!("{COMMENTS}?after={next}"),
            None => break,
        }
        assert!(pages.len() < 10);
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 20]);
    let all: Vec<&Value> = pages.iter().flatten().collect();
    assert_eq!(all.iter().map(|c| c["id"].as_i64().unwrap()).collect::<Vec<_>>(), ids);
    assert_eq!(all[0]["body"], "Kommentar 0");
    assert_eq!(all[119]["body"], "Kommentar 119");
}

#[tokio::test]
async fn a_page_that_ends_exactly_has_no_next() {
    let server = TestServer::with_api(generous());
    for i in 0..50 {
        post(&server, "Ann", &format!("{i}")).await;
    }
    let reply = server.call("GET", COMMENTS, None).await;
    assert_eq!(reply.json["comments"].as_array().unwrap().len(), 50);
    assert_eq!(reply.json["next"], json!(null));
}

#[tokio::test]
async fn bad_cursors_are_refused() {
    let server = TestServer::with_api(generous());
    for cursor in ["abc", "-1", "0", "1.5", "99999999999999999999999"] {
        let reply = server.call("GET", &format!("{COMMENTS}?after={cursor}"), None).await;
        assert_eq!((reply.status, reply.error_code()), (StatusCode::BAD_REQUEST, "invalid_cursor"), "{cursor}");
    }
    // A cursor past the end is simply an empty page.
    let reply = server.call("GET", &format!("{COMMENTS}?after=12345"), None).await;
    assert_eq!(reply.json, json!({"comments": [], "next": null}));
}

#[tokio::test]
async fn comment_input_is_validated() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    let comment = |name: &str, body: &str| comment(&reader, name, body);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let cases = [
        (comment("", "Hej"), unprocessable, "name_empty"),
        (comment("   ", "Hej"), unprocessable, "name_empty"),
        (comment(&"ø".repeat(NAME_MAX + 1), "Hej"), unprocessable, "name_too_long"),
        (comment("Ann\nBent", "Hej"), unprocessable, "name_invalid"),
        (comment("Ann", ""), unprocessable, "body_empty"),
        (comment("Ann", " \n\t "), unprocessable, "body_empty"),
        (comment("Ann", &"å".repeat(BODY_MAX + 1)), unprocessable, "body_too_long"),
        (json!({"reader": reader, "name": "Ann"}), unprocessable, "missing_field"),
        (json!({"reader": reader, "name": "Ann", "body": "Hej", "email": "a@b"}), unprocessable, "unknown_field"),
        (json!({"reader": reader, "name": 7, "body": "Hej"}), unprocessable, "invalid_body"),
        (json!({"reader": "bad!", "name": "Ann", "body": "Hej"}), StatusCode::BAD_REQUEST, "invalid_reader"),
    ];
    for (body, status, code) in cases {
        let reply = server.call("POST", COMMENTS, Some(body.clone())).await;
        assert_eq!((reply.status, reply.error_code()), (status, code), "{body}");
    }
    // Limits count characters, not bytes: the longest name and body in Danish letters pass.
    let reply = server.call("POST", COMMENTS, Some(comment(&"ø".repeat(NAME_MAX), &"å".repeat(BODY_MAX)))).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(listed(&server).await.len(), 1);
    let unknown = server.call("POST", "/api/articles/no-such-article/comments", Some(comment("Ann", "Hej"))).await;
    assert_eq!((unknown.status, unknown.error_code()), (StatusCode::NOT_FOUND, "unknown_article"));
    let unknown = server.call("GET", "/api/articles/no-such-article/comments", None).await;
    assert_eq!(unknown.error_code(), "unknown_article");
}

#[tokio::test]
async fn the_writer_deletes_with_the_secret() {
    let server = TestServer::with_api(generous());
    let (id, secret) = post(&server, "Ann", "Hej").await;
    let (other_id, other_secret) = post(&server, "Bent", "Goddag").await;
    let path = format!("/api/comments/{id}");

    let missing = server.call("DELETE", &path, None).await;
    assert_eq!((missing.status, missing.error_code()), (StatusCode::UNAUTHORIZED, "missing_token"));
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
    let wrong = server.call_as("DELETE", &path, None, Some(&other_secret), None).await;
    assert_eq!((wrong.status, wrong.error_code()), (StatusCode::FORBIDDEN, "wrong_token"));
    assert_eq!(listed(&server).await, [id, other_id]);

    let deleted = server.call_as("DELETE", &path, None, Some(&secret), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(listed(&server).await, [other_id]);
    let again = server.call_as("DELETE", &path, None, Some(&secret), None).await;
    assert_eq!((again.status, again.error_code()), (StatusCode::NOT_FOUND, "unknown_comment"));
    let bad_id = server.call_as("DELETE", "/api/comments/abc", None, Some(&secret), None).await;
    assert_eq!((bad_id.status, bad_id.error_code()), (StatusCode::BAD_REQUEST, "invalid_path"));
}

#[tokio::test]
async fn the_moderator_deletes_hides_and_unhides() {
    let server = TestServer::with_api(generous());
    let (first, secret) = post(&server, "Ann", "Hej").await;
    let (second, _) = post(&server, "Bent", "Køb billige ure").await;

    // Only the moderator's token hides; a writer's own secret does not.
    let hide = format!("/api/comments/{second}/hide");
    let no_token = server.call("POST", &hide, None).await;
    assert_eq!((no_token.status, no_token.error_code()), (StatusCode::UNAUTHORIZED, "missing_token"));
    let not_admin = server.call_as("POST", &format!("/api/comments/{first}/hide"), None, Some(&secret), None).await;
    assert_eq!((not_admin.status, not_admin.error_code()), (StatusCode::FORBIDDEN, "wrong_token"));

    let hidden = server.call_as("POST", &hide, None, Some(ADMIN_TOKEN), None).await;
    assert_eq!(hidden.status, StatusCode::NO_CONTENT);
    assert_eq!(listed(&server).await, [first]);
    let unhidden =
        server.call_as("POST", &format!("/api/comments/{second}/unhide"), None, Some(ADMIN_TOKEN), None).await;
    assert_eq!(unhidden.status, StatusCode::NO_CONTENT);
    assert_eq!(listed(&server).await, [first, second]);

    let deleted = server.call_as("DELETE", &format!("/api/comments/{first}"), None, Some(ADMIN_TOKEN), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(listed(&server).await, [second]);
    for path in ["/api/comments/999/hide", "/api/comments/999/unhide", "/api/comments/999"] {
        let method = if path.ends_with("999") { "DELETE" } else { "POST" };
        let reply = server.call_as(method, path, None, Some(ADMIN_TOKEN), None).await;
        assert_eq!((reply.status, reply.error_code()), (StatusCode::NOT_FOUND, "unknown_comment"), "{path}");
    }
}

#[tokio::test]
async fn without_an_admin_token_nobody_moderates() {
    let server = TestServer::new();
    let (id, _) = post(&server, "Ann", "Hej").await;
    // An empty bearer token is no token; any other is simply not the (absent) moderator's.
    let cases = [
        (ADMIN_TOKEN, StatusCode::FORBIDDEN, "wrong_token"),
        ("", StatusCode::UNAUTHORIZED, "missing_token"),
        ("anything", StatusCode::FORBIDDEN, "wrong_token"),
    ];
    for (token, status, code) in cases {
        for (method, path) in [("POST", format!("/api/comments/{id}/hide")), ("DELETE", format!("/api/comments/{id}"))]
        {
            let reply = server.call_as(method, &path, None, Some(token), None).await;
            assert_eq!((reply.status, reply.error_code()), (status, code), "{method} {path} with {token:?}");
        }
    }
    assert_eq!(listed(&server).await, [id]);
}

#[tokio::test]
async fn the_honeypot_discards_silently() {
    let server = TestServer::with_api(generous());
    let (real, _) = post(&server, "Ann", "Hej").await;
    let reader = server.reader().await;
    let mut bot = comment(&reader, "Spammer", "Køb nu");
    bot["website"] = json!("http://spam.example");
    let reply = server.call("POST", COMMENTS, Some(bot)).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json["comment"]["name"], "Spammer");
    assert_eq!(reply.json["comment"]["id"], real + 1, "looks like the next comment");
    assert_eq!(reply.json["secret"].as_str().unwrap().len(), 64);
    assert_eq!(listed(&server).await, [real], "not stored");

    // People leave the hidden field empty.
    let mut person = comment(&reader, "Bent", "Tak");
    person["website"] = json!("");
    assert_eq!(server.call("POST", COMMENTS, Some(person)).await.status, StatusCode::CREATED);
    assert_eq!(listed(&server).await.len(), 2);
}

#[tokio::test]
async fn names_with_invisible_formatting_are_refused() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    // Bidi embeddings, overrides and isolates turn the text after them around: "Ann"
    // followed by U+202E shows the date and anything next to the name reversed.
    let invisible = [
        '\u{202A}',
        '\u{202B}',
        '\u{202C}',
        '\u{202D}',
        '\u{202E}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{200E}',
        '\u{200F}',
        '\u{200B}',
        '\u{2060}',
        '\u{FEFF}',
        '\u{00AD}',
        '\u{E0041}',
        '\u{2028}',
        '\u{2029}',
        '\u{0085}',
        '\u{001B}',
    ];
    for c in invisible {
        let name = format!("Ann{c}Bent");
        let reply = server.call("POST", COMMENTS, Some(comment(&reader, &name, "Hej"))).await;
        let code = if reply.status.is_success() { "created".to_string() } else { reply.error_code().to_string() };
        assert_eq!(
            (reply.status, code.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "name_invalid"),
            "U+{:04X}",
            u32::from(c)
        );
    }
    assert_eq!(listed(&server).await, Vec::<i64>::new());
    // Letters of every script, emoji sequences (joined with U+200D) and the joiner some
    // Persian names need (U+200C) are names.
    for name in ["Åse Ærø", "Ayşe Yılmaz", "محمد", "دانش\u{200C}آموز", "Family 👨\u{200D}👩\u{200D}👧", "Jürgen-Ólafur"]
    {
        let reply = server.call("POST", COMMENTS, Some(comment(&reader, name, "Hej"))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {reply:?}");
        assert_eq!(reply.json["comment"]["name"], name);
    }
}

#[tokio::test]
async fn bodies_with_control_characters_are_refused() {
    let server = TestServer::with_api(generous());
    let reader = server.reader().await;
    for c in ['\0', '\u{0007}', '\u{0008}', '\u{000B}', '\u{000C}', '\u{001B}', '\u{007F}', '\u{0085}', '\u{009B}'] {
        let body = format!("Hej{c}med dig");
        let reply = server.call("POST", COMMENTS, Some(comment(&reader, "Ann", &body))).await;
        let code = if reply.status.is_success() { "created".to_string() } else { reply.error_code().to_string() };
        assert_eq!(
            (reply.status, code.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "body_invalid"),
            "U+{:04X}",
            u32::from(c)
        );
    }
    assert_eq!(listed(&server).await, Vec::<i64>::new());
    // New lines, tabs and the direction marks of right-to-left text are writing.
    let body = "Første linje\n\tindrykket\n\u{200F}שלום\u{200E} og مرحبا";
    let reply = server.call("POST", COMMENTS, Some(comment(&reader, "Ann", body))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(reply.json["comment"]["body"], body);
    // Line ends from other systems are stored as new lines.
    let reply = server.call("POST", COMMENTS, Some(comment(&reader, "Ann", "En\r\nTo\rTre"))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(reply.json["comment"]["body"], "En\nTo\nTre");
}
