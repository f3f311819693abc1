//! The feed on disk through the public Router: changes show on the next page request, a
//! broken feed never replaces a good one, and the API answers from the loaded magazine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use beboerblad::da;
use common::{TestServer, text};

/// The status and body of a page.
async fn page(server: &TestServer, path: &str) -> (StatusCode, String) {
    let response = server.get(path).await;
    (response.status(), text(response).await)
}

fn title_of(html: &str) -> &str {
    let start = html.find("<h1>").map_or(0, |i| i + 4);
    let end = html[start..].find("</h1>").map_or(start, |i| start + i);
    &html[start..end]
}

#[tokio::test]
async fn a_changed_feed_shows_on_the_next_page_request() {
    let server = TestServer::new();
    assert_eq!(title_of(&page(&server, "/artikel/legeplads").await.1), "Ny legeplads");
    let changed = common::feed().replace("Ny legeplads", "Legepladsen er åben");
    common::write(&server.content().join("feed.json"), &changed);
    assert_eq!(title_of(&page(&server, "/artikel/legeplads").await.1), "Legepladsen er åben");
    // A change to the second page counts too.
    let changed = common::feed_page_two().replace("<p>Tekst.</p>", "<p>Ny tekst på side to.</p>");
    common::write(&server.content().join("feed-2.json"), &changed);
    assert!(page(&server, "/artikel/farlig").await.1.contains("<p>Ny tekst på side to.</p>"));
}

#[tokio::test]
async fn a_broken_feed_keeps_the_last_good_magazine_until_it_is_fixed() {
    let server = TestServer::new();
    let reloads = || server.state.content.reloads();
    assert_eq!(page(&server, "/artikel/legeplads").await.0, StatusCode::OK);
    assert_eq!(reloads(), 1, "read at start, not again while unchanged");
    let feed = common::feed();
    // An editor's upload cut short.
    common::write(&server.content().join("feed.json"), &feed[..feed.len() / 2]);
    for _ in 0..2 {
        let (status, html) = page(&server, "/artikel/legeplads").await;
        assert_eq!((status, title_of(&html)), (StatusCode::OK, "Ny legeplads"));
    }
    assert_eq!(reloads(), 2, "the broken file is read once, not on every request");
    let (status, html) = page(&server, "/artikel/farlig").await;
    assert_eq!(status, StatusCode::OK, "the second page's article is still there: {html}");
    // A missing file is no different.
    std::fs::remove_file(server.content().join("feed.json")).unwrap();
    assert_eq!(title_of(&page(&server, "/artikel/legeplads").await.1), "Ny legeplads");
    assert_eq!(reloads(), 3);

    let fixed = feed.replace("Ny legeplads", "Legepladsen er åben");
    common::write(&server.content().join("feed.json"), &fixed);
    let (status, html) = page(&server, "/artikel/legeplads").await;
    assert_eq!((status, title_of(&html)), (StatusCode::OK, "Legepladsen er åben"));
    assert_eq!(reloads(), 4);
}

#[tokio::test]
async fn a_server_started_without_a_readable_feed_answers_503_until_there_is_one() {
    for (feed, reason) in [(Some("{ broken"), da::FEED_INVALID), (None, da::FEED_UNAVAILABLE)] {
        let server = TestServer::with_feed(feed);
        let (status, html) = page(&server, "/").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{feed:?}");
        assert!(html.contains(da::FEED_PROBLEM_TITLE), "the page says so: {html}");
        assert!(html.contains(reason), "{feed:?}: the reason, in Danish: {html}");
        let api = server.call("GET", "/api/articles/legeplads/rating", None).await;
        assert_eq!((api.status, api.error_code()), (StatusCode::SERVICE_UNAVAILABLE, "feed_unavailable"));

        common::write(&server.content().join("feed.json"), &common::feed());
        assert_eq!(page(&server, "/").await.0, StatusCode::OK, "{feed:?}");
        assert_eq!(server.call("GET", "/api/articles/legeplads/rating", None).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_api_answers_from_the_loaded_magazine_without_reading_the_files() {
    let server = TestServer::new();
    std::fs::remove_file(server.content().join("feed.json")).unwrap();
    std::fs::remove_file(server.content().join("feed-2.json")).unwrap();
    for article in ["legeplads", "farlig"] {
        let reply = server.call("GET", &format!("/api/articles/{article}/rating"), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{article}: {reply:?}");
    }
    let unknown = server.call("GET", "/api/articles/no-such-article/rating", None).await;
    assert_eq!((unknown.status, unknown.error_code()), (StatusCode::NOT_FOUND, "unknown_article"));
}

/// Many page requests while the feed is being read (slowly: it is a pipe that gives its
/// text only when the test writes it) are all answered at once from the old feed, and
/// the files are read once for all of them.
#[cfg(unix)]
#[test]
fn page_requests_during_a_slow_reload_get_the_old_feed_without_waiting() {
    use std::sync::Arc;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    /// Drops the runtime without waiting for its blocking threads: when the code under
    /// test is wrong, some may be stuck reading the pipe, and the test must fail, not hang.
    struct Runtime(Option<tokio::runtime::Runtime>);
    impl Drop for Runtime {
        fn drop(&mut self) {
            if let Some(runtime) = self.0.take() {
                runtime.shutdown_background();
            }
        }
    }
    impl std::ops::Deref for Runtime {
        type Target = tokio::runtime::Runtime;
        fn deref(&self) -> &Self::Target {
            self.0.as_ref().unwrap()
        }
    }

    const REQUESTS: usize = 50;
    let runtime =
        Runtime(Some(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()));
    let server = Arc::new(runtime.block_on(async { TestServer::new() }));
    let feed = server.content().join("feed.json");
    std::fs::remove_file(&feed).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&feed).status().unwrap();
    assert!(made.success(), "mkfifo: {made}");

    let first = runtime.spawn({
        let server = server.clone();
        async move { page(&server, "/artikel/legeplads").await }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.state.content.reloads() < 2 {
        assert!(Instant::now() < deadline, "the first request after the change did not start reading the feed");
        std::thread::yield_now();
    }

    let (sender, answers) = mpsc::channel();
    for _ in 0..REQUESTS {
        let (server, sender) = (server.clone(), sender.clone());
        runtime.spawn(async move { sender.send(page(&server, "/artikel/legeplads").await) });
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let answered: Vec<_> = (0..REQUESTS)
        .map_while(|_| answers.recv_timeout(deadline.saturating_duration_since(Instant::now())).ok())
        .collect();
    // Let the reading thread finish before judging, so a failure leaves nothing stuck.
    std::fs::write(&feed, common::feed().replace("Ny legeplads", "Legepladsen er åben")).unwrap();

    assert_eq!(answered.len(), REQUESTS, "requests during the reload waited for it");
    for (status, html) in &answered {
        assert_eq!((*status, title_of(html)), (StatusCode::OK, "Ny legeplads"));
    }
    let (status, html) =
        runtime.block_on(async { tokio::time::timeout(Duration::from_secs(10), first).await }).unwrap().unwrap();
    assert_eq!(
        (status, title_of(&html)),
        (StatusCode::OK, "Legepladsen er åben"),
        "the request that read waits for it"
    );
    assert_eq!(server.state.content.reloads(), 2, "one read for all those requests");
}
