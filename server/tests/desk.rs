//! The editors' desk at /redaktion, through the public Router: signing in and out, the
//! session cookie and its idle limit, CSRF refusals, the limit on wrong passwords,
//! moderation (hide, show, delete, the log) and the feedback figures and CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use beboerblad_server::desk::editors;
use common::logs::Captured;
use common::{ADMIN_TOKEN, ARTICLE, OTHER_ARTICLE, TestServer, generous, text};
use serde_json::json;

const EDITOR: &str = "Hanne";
const PASSWORD: &str = "grøn-postkasse-42";
const COMMENTS: &str = "/api/articles/legeplads/comments";

/// A browser at the desk: keeps the cookies the server sets, sends them back.
struct Browser<'a> {
    server: &'a TestServer,
    /// Another process on the server's database to send to, instead of the server.
    via: Option<axum::Router>,
    cookies: HashMap<String, String>,
    addr: &'static str,
}

/// An answer: status, headers, body text.
#[derive(Debug)]
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    html: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The value of the first hidden `csrf` field.
    fn csrf(&self) -> String {
        let start = self.html.find(r#"name="csrf" value=""#).unwrap_or_else(|| panic!("no csrf field: {}", self.html));
        let rest = &self.html[start + r#"name="csrf" value=""#.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

impl<'a> Browser<'a> {
    fn new(server: &'a TestServer) -> Self {
        Self { server, via: None, cookies: HashMap::new(), addr: "192.0.2.10" }
    }

    async fn send(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Page {
        let mut request = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            request = request.header(header::COOKIE, cookie);
        }
        let body = match form {
            Some(fields) => {
                request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                let encoded: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| {
                        format!("{k}={}", percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC))
                    })
                    .collect();
                Body::from(encoded.join("&"))
            }
            None => Body::empty(),
        };
        let mut request = request.body(body).unwrap();
        request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::new(self.addr.parse().unwrap(), 40000)));
        let response = match &self.via {
            Some(router) => tower::ServiceExt::oneshot(router.clone(), request).await.unwrap(),
            None => self.server.request(request).await,
        };
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        Page { status, headers, html: text(response).await }
    }

    async fn get(&mut self, path: &str) -> Page {
        self.send("GET", path, None).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        self.send("POST", path, Some(form)).await
    }

    /// Opens the sign-in form and sends it.
    async fn sign_in(&mut self, name: &str, password: &str) -> Page {
        let form = self.get("/redaktion").await;
        assert_eq!(form.status, StatusCode::OK, "{form:?}");
        let token = form.csrf();
        self.post("/redaktion/log-ind", &[("csrf", &token), ("navn", name), ("adgangskode", password)]).await
    }

    /// Signs in as the test editor and returns the desk's front page.
    async fn signed_in(server: &'a TestServer) -> (Self, Page) {
        let mut browser = Self::new(server);
        let done = browser.sign_in(EDITOR, PASSWORD).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{done:?}");
        let page = browser.get("/redaktion").await;
        assert!(page.html.contains("Logget ind som"), "{}", page.html);
        (browser, page)
    }
}

async fn with_editor(server: TestServer) -> TestServer {
    editors::add(&server.state.db, EDITOR, PASSWORD).await.unwrap();
    server
}

async fn desk() -> TestServer {
    with_editor(TestServer::with_api(generous())).await
}

async fn comment(server: &TestServer, article: &str, name: &str, body: &str) -> i64 {
    let body = json!({"reader": server.reader().await, "name": name, "body": body});
    let reply = server.call("POST", &format!("/api/articles/{article}/comments"), Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.json["comment"]["id"].as_i64().unwrap()
}

/// The comment ids readers get from the API.
async fn visible(server: &TestServer) -> Vec<i64> {
    let reply = server.call("GET", COMMENTS, None).await;
    reply.json["comments"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_desk_is_unreachable_without_signing_in() {
    let server = desk().await;
    let id = comment(&server, ARTICLE, "Ann", "En hemmelig kommentar").await;
    let mut browser = Browser::new(&server);
    let front = browser.get("/redaktion").await;
    assert_eq!(front.status, StatusCode::OK);
    assert!(front.html.contains("<h1>Log ind</h1>") && front.html.contains(r#"type="password""#), "{}", front.html);
    assert!(!front.html.contains("hemmelig"), "{}", front.html);
    for path in [
        "/redaktion/log".to_string(),
        "/redaktion/tilbagemeldinger".to_string(),
        "/redaktion/tilbagemeldinger.csv".to_string(),
        format!("/redaktion/kommentarer/{id}/slet"),
    ] {
        let page = browser.get(&path).await;
        assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/redaktion"), "{path}");
        assert!(!page.html.contains("hemmelig"), "{path}");
    }
    for action in ["skjul", "slet"] {
        let page = browser.post(&format!("/redaktion/kommentarer/{id}/{action}"), &[("csrf", "gæt")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{action}: {page:?}");
        assert!(page.html.contains("Du er ikke logget ind"), "{}", page.html);
    }
    // A session cookie that the server never issued is no better.
    browser.cookies.insert("redaktion".into(), "0".repeat(64));
    let page = browser.post(&format!("/redaktion/kommentarer/{id}/skjul"), &[("csrf", "gæt")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(visible(&server).await, [id], "nothing was hidden or deleted");
}

#[tokio::test]
async fn an_editor_signs_in_with_a_strict_http_only_secure_cookie_and_signs_out() {
    let server = desk().await;
    let mut browser = Browser::new(&server);
    let done = browser.sign_in(EDITOR, PASSWORD).await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/redaktion"), "{done:?}");
    let cookie = done
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("redaktion="))
        .unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/redaktion"] {
        assert!(cookie.split("; ").any(|a| a == attribute), "{attribute}: {cookie}");
    }
    assert!(!cookie.contains("Max-Age") && !cookie.contains("Expires"), "ends with the browser: {cookie}");
    let session = browser.cookies["redaktion"].clone();

    let page = browser.get("/redaktion").await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    assert!(page.html.contains("Logget ind som <strong>Hanne</strong>"), "{}", page.html);
    let out = browser.post("/redaktion/log-ud", &[("csrf", &page.csrf())]).await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, "/redaktion?logget-ud"));
    assert!(!browser.cookies.contains_key("redaktion"), "the cookie is removed");
    let page = browser.get("/redaktion?logget-ud").await;
    assert!(page.html.contains("Du er logget ud."), "{}", page.html);
    // The old cookie, kept by someone, no longer signs in.
    browser.cookies.insert("redaktion".into(), session);
    assert_eq!(browser.get("/redaktion/log").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_cookie_is_not_secure_on_a_plain_http_site() {
    let server =
        with_editor(TestServer::with_api_config(generous(), |c| c.public_url = Some("http://blad.example".into())))
            .await;
    let done = Browser::new(&server).sign_in(EDITOR, PASSWORD).await;
    let cookies: Vec<&str> = done.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
    let session = cookies.iter().find(|c| c.starts_with("redaktion=")).unwrap();
    assert!(session.contains("HttpOnly") && !session.contains("Secure"), "{session}");
}

#[tokio::test]
async fn a_wrong_name_or_password_is_refused() {
    let server = desk().await;
    let mut browser = Browser::new(&server);
    for (name, password) in [(EDITOR, "forkert-kodeord"), ("Ukendt", PASSWORD), (EDITOR, "")] {
        let page = browser.sign_in(name, password).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{name}");
        assert!(page.html.contains("Forkert navn eller adgangskode."), "{}", page.html);
        assert!(!browser.cookies.contains_key("redaktion"));
    }
    // Names are the same in any case.
    assert_eq!(browser.sign_in("hanne", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_session_ends_after_the_idle_limit() {
    let idle = Duration::from_millis(600);
    let server = with_editor(TestServer::with_api_config(generous(), |c| c.desk_idle = idle)).await;
    let (mut browser, _) = Browser::signed_in(&server).await;
    // Using the desk keeps the session: three requests, together longer than the limit.
    for _ in 0..3 {
        tokio::time::sleep(idle / 3).await;
        assert_eq!(browser.get("/redaktion/log").await.status, StatusCode::OK);
    }
    tokio::time::sleep(idle + Duration::from_millis(100)).await;
    let page = browser.get("/redaktion/log").await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/redaktion"));
    let page = browser.get("/redaktion").await;
    assert!(page.html.contains("ikke har været brugt et stykke tid"), "{}", page.html);
    assert!(!browser.cookies.contains_key("redaktion"), "the ended session's cookie is removed");
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let server = desk().await;
    let id = comment(&server, ARTICLE, "Ann", "Hej").await;
    // Sign-in: the token must be in the form and in the cookie the form came with.
    let mut browser = Browser::new(&server);
    let form = browser.get("/redaktion").await;
    let token = form.csrf();
    for fields in [vec![], vec![("csrf", "forkert")]] {
        let mut fields = fields.clone();
        fields.extend([("navn", EDITOR), ("adgangskode", PASSWORD)]);
        let page = browser.post("/redaktion/log-ind", &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{fields:?}");
        assert!(page.html.contains("Formularen kunne ikke bruges"), "{}", page.html);
    }
    let mut other = Browser::new(&server);
    let page = other.post("/redaktion/log-ind", &[("csrf", &token), ("navn", EDITOR), ("adgangskode", PASSWORD)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "another browser's token");

    let (mut browser, page) = Browser::signed_in(&server).await;
    let token = page.csrf();
    for fields in [vec![], vec![("csrf", "forkert")], vec![("csrf", "")]] {
        let page = browser.post(&format!("/redaktion/kommentarer/{id}/skjul"), &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{fields:?}");
        let page = browser.post(&format!("/redaktion/kommentarer/{id}/slet"), &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{fields:?}");
        let page = browser.post("/redaktion/log-ud", &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{fields:?}");
    }
    assert_eq!(visible(&server).await, [id], "nothing happened");
    assert!(browser.get("/redaktion").await.html.contains("Logget ind som"), "still signed in");
    let page = browser.post(&format!("/redaktion/kommentarer/{id}/skjul"), &[("csrf", &token)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "with the token it works");
    assert_eq!(visible(&server).await, Vec::<i64>::new());
}

#[tokio::test]
async fn wrong_passwords_are_logged_and_limited_per_address() {
    let server = desk().await;
    let (logs, _guard) = Captured::start();

    let mut guesser = Browser::new(&server);
    guesser.addr = "198.51.100.66";
    let allowed = beboerblad_server::desk::SIGN_IN_FAILURES.max;
    for _ in 0..allowed {
        assert_eq!(guesser.sign_in(EDITOR, "gæt-et-kodeord").await.status, StatusCode::UNAUTHORIZED);
    }
    let limited = guesser.sign_in(EDITOR, "gæt-et-kodeord").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{limited:?}");
    let retry: u64 = limited.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry), "{retry}");
    assert!(limited.html.contains("for mange forkerte adgangskoder"), "{}", limited.html);
    let right = guesser.sign_in(EDITOR, PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "the right password too, while refused");
    assert!(!guesser.cookies.contains_key("redaktion"));
    // Another address is not affected.
    let (_, _) = Browser::signed_in(&server).await;

    let text = logs.text();
    let failures: Vec<&str> = text.lines().filter(|l| l.contains("failed desk sign-in")).collect();
    assert_eq!(failures.len(), usize::try_from(allowed + 1).unwrap(), "the refused one too: {text}");
    assert!(
        failures.iter().all(|l| l.contains("WARN") && l.contains("addr=198.51.100.66") && l.contains("name=Hanne")),
        "{text}"
    );
    assert!(!text.contains("gæt-et-kodeord") && !text.contains(PASSWORD), "passwords are never logged: {text}");
}

#[tokio::test]
async fn hide_show_and_delete_reach_readers_at_once_and_are_logged() {
    let server = desk().await;
    let first = comment(&server, ARTICLE, "Ann", "Første kommentar").await;
    let second = comment(&server, ARTICLE, "Bent", "Anden kommentar").await;
    let other = comment(&server, OTHER_ARTICLE, "Carl", "Tredje kommentar").await;
    let (mut browser, page) = Browser::signed_in(&server).await;
    // Newest first, across articles, with the article's title, name, time and text.
    let at = |text: &str| page.html.find(text).unwrap_or_else(|| panic!("{text} missing: {}", page.html));
    assert!(at("Tredje kommentar") < at("Anden kommentar") && at("Anden kommentar") < at("Første kommentar"));
    assert!(page.html.contains(r#"aria-label="Kommentar fra Ann til Ny legeplads""#), "{}", page.html);
    assert!(page.html.contains("<time datetime="), "{}", page.html);
    let token = page.csrf();

    let hidden = browser.post(&format!("/redaktion/kommentarer/{first}/skjul"), &[("csrf", &token)]).await;
    assert_eq!(
        (hidden.status, hidden.location()),
        (StatusCode::SEE_OTHER, &*format!("/redaktion?sket=skjult#kommentar-{first}"))
    );
    assert_eq!(visible(&server).await, [second], "the API leaves it out at once");
    let article = text(server.get("/artikel/legeplads").await).await;
    assert!(!article.contains("Første kommentar") && article.contains("Anden kommentar"), "and the page");
    let page = browser.get("/redaktion?sket=skjult").await;
    assert!(page.html.contains("Kommentaren er skjult for læserne."), "{}", page.html);
    assert!(page.html.contains("Skjult for læserne"));
    // Only the hidden ones; only one article's.
    let only_hidden = browser.get("/redaktion?skjulte=1").await;
    assert!(only_hidden.html.contains("Første kommentar") && !only_hidden.html.contains("Anden kommentar"));
    let one_article = browser.get("/redaktion?artikel=farlig").await;
    assert!(one_article.html.contains("Tredje kommentar") && !one_article.html.contains("Anden kommentar"));

    let shown =
        browser.post(&format!("/redaktion/kommentarer/{first}/vis"), &[("csrf", &token), ("skjulte", "1")]).await;
    assert_eq!(shown.location(), format!("/redaktion?skjulte=1&sket=vist#kommentar-{first}"), "back to the same list");
    assert_eq!(visible(&server).await, [first, second]);

    let ask = browser.get(&format!("/redaktion/kommentarer/{second}/slet")).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.html.contains("Slet kommentaren?") && ask.html.contains("Anden kommentar"), "{}", ask.html);
    assert_eq!(visible(&server).await, [first, second], "asking deletes nothing");
    let deleted = browser.post(&format!("/redaktion/kommentarer/{second}/slet"), &[("csrf", &ask.csrf())]).await;
    assert_eq!(deleted.location(), "/redaktion?sket=slettet");
    assert_eq!(visible(&server).await, [first]);
    let again = browser.post(&format!("/redaktion/kommentarer/{second}/slet"), &[("csrf", &token)]).await;
    assert_eq!(again.location(), "/redaktion?sket=findes-ikke");

    // The admin token's API is recorded in the same log.
    let reply = server.call_as("POST", &format!("/api/comments/{other}/hide"), None, Some(ADMIN_TOKEN), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let log = browser.get("/redaktion/log").await;
    let rows: Vec<&str> = log.html.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 4, "{}", log.html);
    for (row, (who, what, id)) in rows.iter().zip([
        ("Administratornøglen (automatik)", "skjulte", other),
        (EDITOR, "slettede", second),
        (EDITOR, "viste igen", first),
        (EDITOR, "skjulte", first),
    ]) {
        assert!(row.contains(&format!("<td>{who}</td>")), "{who}: {row}");
        assert!(row.contains(&format!("<td>{what}</td>")), "{what}: {row}");
        assert!(row.contains(&format!("nr. {id} til ")), "{id}: {row}");
    }
}

#[tokio::test]
async fn feedback_figures_per_article_and_issue_and_as_csv() {
    let server = desk().await;
    let rate = |value: u8| {
        let server = &server;
        async move {
            let reader = server.reader().await;
            let put = server
                .call("PUT", "/api/articles/legeplads/rating", Some(json!({"reader": reader, "value": value})))
                .await;
            assert_eq!(put.status, StatusCode::OK, "{put:?}");
        }
    };
    for value in [5, 5, 2] {
        rate(value).await;
    }
    let hidden = comment(&server, ARTICLE, "Ann", "Skjult").await;
    comment(&server, ARTICLE, "Bent", "Synlig").await;
    server.call_as("POST", &format!("/api/comments/{hidden}/hide"), None, Some(ADMIN_TOKEN), None).await;

    let (mut browser, _) = Browser::signed_in(&server).await;
    let page = browser.get("/redaktion/tilbagemeldinger").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.html;
    let chart = "Fordeling af bedømmelserne af «Ny legeplads»: Øv - ikke god 0, Nogenlunde 1, OK 0, Cool - god artikel 0, Kan anbefales 2";
    assert!(html.contains(&format!(r#"role="img" aria-label="{chart}""#)), "{html}");
    let row = &html[html.find(">Ny legeplads</a></th>").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(r#"<td class="number">3</td><td class="number">4,0</td>"#), "{row}");
    assert!(row.ends_with(r#"<td class="number">1</td>"#), "one visible comment: {row}");
    assert!(html.contains("<h2 id=\"blad-2024-05\">2024-05 juni</h2>"), "{html}");
    assert!(
        html.contains("Fordeling af bedømmelserne af «2024-05 juni»: Øv - ikke god 0, Nogenlunde 1"),
        "the issue's sum"
    );
    assert!(html.contains(r#"aria-sort="descending""#), "best average first by default");

    let csv = browser.get("/redaktion/tilbagemeldinger.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(csv.headers[header::CONTENT_DISPOSITION], "attachment; filename=\"tilbagemeldinger.csv\"");
    let lines: Vec<&str> = csv.html.lines().collect();
    assert!(lines[0].starts_with("\u{feff}Blad;Artikel-id;Titel;"), "{}", csv.html);
    assert!(lines.contains(&"2024-05 juni;legeplads;Ny legeplads;3;4,00;0;1;0;0;2;1"), "{}", csv.html);
}

#[tokio::test]
async fn the_feedback_table_sorts_by_links() {
    let server = desk().await;
    let reader = server.reader().await;
    server.call("PUT", "/api/articles/farlig/rating", Some(json!({"reader": reader, "value": 1}))).await;
    server.call("PUT", "/api/articles/legeplads/rating", Some(json!({"reader": reader, "value": 4}))).await;
    let (mut browser, _) = Browser::signed_in(&server).await;
    let order = |html: &str| {
        let (a, b) = (
            html.find(">Ny legeplads</a></th>").unwrap(),
            html.find("titel &amp; &quot;citat&quot;</a></th>").unwrap(),
        );
        a < b
    };
    let best_first = browser.get("/redaktion/tilbagemeldinger").await.html;
    assert!(order(&best_first), "4 before 1");
    let worst_first = browser.get("/redaktion/tilbagemeldinger?sorter=gennemsnit&orden=op").await.html;
    assert!(!order(&worst_first), "1 before 4");
    assert!(worst_first.contains(r#"<th scope="col" aria-sort="ascending"><a href="/redaktion/tilbagemeldinger?sorter=gennemsnit&amp;orden=ned">Gennemsnit"#), "{worst_first}");
    let by_title = browser.get("/redaktion/tilbagemeldinger?sorter=titel").await.html;
    assert!(!order(&by_title), "F before N");
}

#[test]
fn editors_are_managed_with_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::db::TestDb::fresh(dir.path());
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_beboerblad-server"))
            .arg(format!("--db={}", db.arg()))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let (ok, out) = run(&["add-editor", "Hanne"], "grøn-postkasse-42\n");
    assert!(ok, "{out}");
    let (ok, out) = run(&["add-editor", "hanne"], "et-andet-kodeord\n");
    assert!(!ok && out.contains("already an editor"), "{out}");
    let (ok, out) = run(&["add-editor", "Bent"], "kort\n");
    assert!(!ok && out.contains("at least 10 characters"), "{out}");
    let (ok, out) = run(&["list-editors"], "");
    assert!(ok && out.lines().count() == 1 && out.starts_with("Hanne\t(added "), "{out}");
    let (ok, out) = run(&["remove-editor", "Hanne"], "");
    assert!(ok, "{out}");
    let (ok, out) = run(&["remove-editor", "Hanne"], "");
    assert!(!ok && out.contains("no editor called"), "{out}");
    let (ok, out) = run(&["list-editors"], "");
    assert!(ok && out.is_empty(), "{out}");
}

/// Behind one proxy, an editor's requests reach either process: the session is in the
/// database, so both know it, and signing out on one ends it on both.
#[tokio::test]
async fn a_session_works_on_every_process_on_the_database() {
    let server = desk().await;
    let (mut browser, _) = Browser::signed_in(&server).await;
    browser.via = Some(server.twin());
    let page = browser.get("/redaktion").await;
    assert!(page.html.contains("Logget ind som"), "{}", page.html);
    // The cookie as it was, before signing out clears it in this browser.
    let cookies = browser.cookies.clone();
    let token = page.csrf();
    let done = browser.post("/redaktion/log-ud", &[("csrf", &token)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{done:?}");
    let mut back = Browser::new(&server);
    back.cookies = cookies;
    assert!(!back.cookies.is_empty());
    assert_eq!(back.get("/redaktion/log").await.status, StatusCode::SEE_OTHER, "signed out on the first too");
}

#[tokio::test]
async fn removing_an_editor_ends_their_sessions() {
    let server = desk().await;
    let (mut browser, _) = Browser::signed_in(&server).await;
    editors::remove(&server.state.db, EDITOR).await.unwrap();
    assert_eq!(browser.get("/redaktion/log").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn under_a_base_path_the_desk_and_its_cookie_move_below_it() {
    let server = with_editor(TestServer::with_api_config(generous(), |c| {
        c.base_path = "/skraeppebladet/".parse().unwrap();
    }))
    .await;
    let mut browser = Browser::new(&server);
    let form = browser.get("/skraeppebladet/redaktion").await;
    assert!(form.html.contains(r#"action="/skraeppebladet/redaktion/log-ind""#), "{}", form.html);
    assert!(form.html.contains(r#"href="/skraeppebladet/redaktion/redaktion.css""#), "{}", form.html);
    let token = form.csrf();
    let done = browser
        .post("/skraeppebladet/redaktion/log-ind", &[("csrf", &token), ("navn", EDITOR), ("adgangskode", PASSWORD)])
        .await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/skraeppebladet/redaktion"), "{done:?}");
    let cookie = done
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("redaktion="));
    assert!(cookie.is_some_and(|c| c.contains("Path=/skraeppebladet/redaktion")), "{cookie:?}");
    let page = browser.get("/skraeppebladet/redaktion/tilbagemeldinger").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(r#"href="/skraeppebladet/redaktion/tilbagemeldinger.csv""#), "{}", page.html);
    assert_eq!(browser.get("/redaktion").await.status, StatusCode::NOT_FOUND, "nothing at the root");
}
