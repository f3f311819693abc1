//! The published feed in files (docs/feed.md, "The published feed"): the paged JSON Feed
//! (`next_url`) and the page files the app fetches, served by the server and written by
//! `build-feed` alike; at archive scale each file stays the size of what its page shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use beboerblad::route::Page;
use beboerblad_server::build_feed::{self, Source};
use beboerblad_server::feed_reader::parse;
use beboerblad_server::publish;
use common::{TestServer, text};
use serde_json::{Value, json};

/// A made-up archive: `articles` articles, 25 to an issue, in three sections, each
/// related to the one before; no pictures, so URLs are the same relative and absolute.
fn archive(articles: usize) -> String {
    let issues = articles.div_ceil(25);
    let issue_list: Vec<Value> = (0..issues)
        .map(|i| json!({"id": format!("n{i}"), "title": format!("Nummer {i}"), "date": date(i * 25)}))
        .collect();
    let items: Vec<Value> = (0..articles)
        .map(|a| {
            let section = ["nyt", "kultur", "debat"][a % 3];
            json!({"id": format!("a{a}"), "title": format!("Artikel {a}"), "summary": "Et kort resumé af artiklen.",
                   "content_html": format!("<p>{}</p>", "Tekst i artiklen om livet i afdelingen. ".repeat(40)),
                   "date_published": date(a),
                   "_beboerblad": {"issue": format!("n{}", a / 25), "page": a % 25 + 1,
                                   "section": section, "related": [format!("a{}", a + 1)]}})
        })
        .collect();
    json!({"version": "https://jsonfeed.org/version/1.1", "title": "Arkivet",
           "_beboerblad": {"publication": {"name": "Arkivet"}, "issues": issue_list,
                           "sections": [{"id": "nyt", "name": "Nyt"}, {"id": "kultur", "name": "Kultur"}, {"id": "debat", "name": "Debat"}]},
           "items": items})
    .to_string()
}

/// Newest first: article 0 is the newest.
fn date(n: usize) -> String {
    let day = 20_000 - n;
    format!("{:04}-{:02}-{:02}", 1990 + day / 360, day % 360 / 30 + 1, day % 30 + 1)
}

async fn get_json(server: &TestServer, path: &str) -> (StatusCode, Value) {
    let response = server.get(path).await;
    let status = response.status();
    (status, serde_json::from_str(&text(response).await).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_feed_is_paged_with_next_url_and_reads_back_whole() {
    let server = TestServer::with_feed(Some(&archive(250)));
    let (status, first) = get_json(&server, "/feed.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["items"].as_array().unwrap().len(), publish::FEED_PAGE_ITEMS);
    assert_eq!(first["next_url"], "feed/2.json", "relative to the page");
    assert_eq!(first["_beboerblad"]["issues"].as_array().unwrap().len(), 10, "the first page has every issue");
    let (_, second) = get_json(&server, "/feed/2.json").await;
    assert_eq!(second["next_url"], "3.json");
    assert_eq!(second["items"][0]["id"], "a100");
    let (_, third) = get_json(&server, "/feed/3.json").await;
    assert_eq!(third["items"].as_array().unwrap().len(), 50);
    assert!(third.get("next_url").is_none(), "the last page: {}", third["next_url"]);
    assert_eq!(get_json(&server, "/feed/4.json").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get_json(&server, "/feed/1.json").await.0, StatusCode::NOT_FOUND, "page one is feed.json");

    // A JSON Feed reader walking next_url gets the server's magazine.
    let mut pager = beboerblad_server::feed_reader::Pager::new("/feed.json");
    while let Some(url) = pager.next_url() {
        pager.take(Ok(text(server.get(&url).await).await)).unwrap();
    }
    assert_eq!(pager.finish(), *server.state.content.current().unwrap());
}

#[tokio::test]
async fn each_page_has_a_file_with_what_it_shows() {
    let server = TestServer::with_feed(Some(&archive(250)));
    let (status, article) = get_json(&server, "/feed/artikel/a7.json").await;
    assert_eq!(status, StatusCode::OK);
    let items = article["items"].as_array().unwrap();
    assert_eq!(items.iter().map(|i| i["id"].as_str().unwrap()).collect::<Vec<_>>(), ["a7", "a8"], "and Læs også");
    assert!(items[0]["content_html"].as_str().unwrap().starts_with("<p>Tekst"));
    assert_eq!(items[1]["content_html"], "", "a related article travels without its body");
    let decoded = beboerblad::feed::decode(&article.to_string()).unwrap();
    assert_eq!(
        decoded.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["n0"],
        "the current issue and its own"
    );

    let (_, issue) = get_json(&server, "/feed/blad/n3.json").await;
    assert_eq!(issue["items"].as_array().unwrap().len(), 25);
    let (_, archive_page) = get_json(&server, "/feed/arkiv/13.json").await;
    assert_eq!(archive_page["_beboerblad"]["archive_window"], json!({"number": 13, "total": 250}));
    assert_eq!(archive_page["items"].as_array().unwrap().len(), 10);
    let (_, front) = get_json(&server, "/feed/index.json").await;
    assert_eq!(front["items"].as_array().unwrap().len(), 9, "three of each section");
    // A section's pages: 83 articles in "debat", eight a page.
    let (status, section) = get_json(&server, "/feed/sektion/debat/1.json").await;
    assert_eq!(status, StatusCode::OK);
    let ids = |page: &Value| page["items"].as_array().unwrap().iter().map(|i| i["id"].to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&section), ["a2", "a5", "a8", "a11", "a14", "a17", "a20", "a23"].map(|id| format!("\"{id}\"")));
    assert_eq!(section["_beboerblad"]["archive_window"], json!({"number": 1, "total": 83, "section": "debat"}));
    let (_, second) = get_json(&server, "/feed/sektion/debat/2.json").await;
    assert_eq!(second["items"][0]["id"], "a26", "page 2 goes on where page 1 stops");
    let (_, last) = get_json(&server, "/feed/sektion/debat/11.json").await;
    assert_eq!(ids(&last).len(), 3, "the oldest three");

    for missing in [
        "/feed/artikel/nope.json",
        "/feed/arkiv/14.json",
        "/feed/arkiv.json",
        "/feed/mine/seneste.json",
        "/feed/sektion/debat.json",
        "/feed/sektion/debat/12.json",
        "/feed/sektion/debat/01.json",
        "/feed/sektion/nope/1.json",
    ] {
        let response = server.get(missing).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    }

    // Revalidated by its strong tag, as /feed.json is.
    let response = server.get("/feed/artikel/a7.json").await;
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/feed+json; charset=utf-8");
    let etag = response.headers()[header::ETAG].clone();
    let again = Request::get("/feed/artikel/a7.json").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap();
    assert_eq!(server.request(again).await.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_section_is_paged_in_its_rendered_pages_too() {
    let server = TestServer::with_feed(Some(&archive(250)));
    let magazine = server.state.content.current().unwrap();
    assert_eq!(format!("{:?}", magazine.lookup), "Lookup(built)", "the lookups' index is built with the edition");
    let cards = |html: &str| html.matches(r#"<article class="card">"#).count();
    let first = server.get("/sektion/debat").await;
    assert_eq!(first.status(), StatusCode::OK);
    let first = text(first).await;
    assert_eq!(cards(&first), 8);
    assert!(first.contains(r#"<a rel="next" href="/sektion/debat/2">"#), "{first}");
    assert!(!first.contains(r#"rel="prev""#));
    assert!(first.contains("Side 1 af 11"));

    let second = server.get("/sektion/debat/2").await;
    assert_eq!(second.status(), StatusCode::OK);
    let second = text(second).await;
    assert!(second.contains("<title>Debat – Side 2 – Arkivet</title>"), "{second}");
    assert_eq!(cards(&second), 8);
    assert!(second.contains(r#"<a href="/artikel/a26">"#), "page 2 goes on where page 1 stops");
    assert!(second.contains(r#"<a rel="prev" href="/sektion/debat">"#), "page 1 by its own address");
    assert!(second.contains(r#"<a rel="next" href="/sektion/debat/3">"#));
    assert!(
        second.contains(r#""archive_window":{"number":2,"total":83,"section":"debat"}"#),
        "the island knows its place"
    );

    let last = text(server.get("/sektion/debat/11").await).await;
    assert_eq!(cards(&last), 3);
    assert!(!last.contains(r#"rel="next""#));
    for missing in ["/sektion/debat/12", "/sektion/debat/02", "/sektion/debat/0", "/sektion/nope/2"] {
        assert_eq!(server.get(missing).await.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}

/// Bytes of the page files of `pages` for an archive of `articles`.
fn sizes(articles: usize, pages: &[Page]) -> Vec<usize> {
    let magazine = parse(&archive(articles), "/feed.json").unwrap();
    pages.iter().map(|p| publish::file(&magazine, &p.data_file().unwrap()).unwrap().unwrap().len()).collect()
}

#[test]
fn page_files_do_not_grow_with_the_archive() {
    let pages = [
        Page::Front,
        Page::Issue(beboerblad::model::IssueId::new("n5")),
        Page::Section(beboerblad::model::SectionId::new("nyt"), 1),
        Page::Section(beboerblad::model::SectionId::new("nyt"), 4),
        Page::Archive(3),
        Page::Article(beboerblad::model::ArticleId::new("a60")),
    ];
    let small = sizes(300, &pages);
    let large = sizes(3000, &pages);
    for ((page, small), large) in pages.iter().zip(&small).zip(&large) {
        assert!(*large <= small + 200, "{page:?}: {small} bytes with 300 articles, {large} with 3,000");
        assert!(*large < 40_000, "{page:?}: {large} bytes");
    }
}

fn files_below(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            files_below(&entry.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

#[tokio::test]
async fn build_feed_writes_exactly_the_files_the_server_publishes() {
    let source = tempfile::tempdir().unwrap();
    let feed = source.path().join("feed.json");
    std::fs::write(&feed, archive(130)).unwrap();
    let built = build_feed::build(Source::Feed(feed.to_str().unwrap())).unwrap_or_else(|e| panic!("{e:?}"));
    let server = TestServer::with_feed(Some(&archive(130)));
    let out = tempfile::tempdir().unwrap();
    // A leftover of an earlier, larger build goes.
    std::fs::create_dir_all(out.path().join("feed/artikel")).unwrap();
    std::fs::write(out.path().join("feed/artikel/gammel.json"), "{}").unwrap();
    build_feed::write(&built, out.path()).unwrap();

    let mut written = Vec::new();
    files_below(out.path(), "", &mut written);
    written.retain(|f| f.ends_with(".json"));
    written.sort();
    let mut published = publish::files(server.state.content.current().unwrap().as_ref());
    published.sort();
    assert_eq!(written, published);
    assert_eq!(
        written.len(),
        2 + 3 + 6 + 3 * 6 + 7 + 130,
        "feed pages, front/issues/colophon, issues, sections' pages (eight articles each), archive, articles"
    );
    for name in &written {
        let served = text(server.get(&format!("/{name}")).await).await;
        let file = std::fs::read_to_string(out.path().join(name)).unwrap();
        assert!(served == file, "{name} differs from what the server publishes");
    }

    // The server reads the written directory back into the same magazine.
    let content = beboerblad_server::content::Content::new(out.path().to_path_buf());
    assert_eq!(content.current().unwrap(), server.state.content.current().unwrap());
}
