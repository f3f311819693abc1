//! `build-feed`: Markdown sources and existing feeds into the content directory's feed
//! files, read back by the server's own content reader.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use beboerblad::model::{ArticleId, IssueId};
use beboerblad_server::build_feed::{self, Source};
use beboerblad_server::content::Content;
use beboerblad_server::feed_reader::parse;
use beboerblad_server::publish::Published;
use tempfile::TempDir;

/// The header of a PNG file as far as a size reader looks (signature and IHDR).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

const MAGAZINE: &str = r#"navn = "Testbladet"
beskrivelse = "Et blad til test"
sprog = "da"
ophavsret = "© Testbladet"

[[sektion]]
id = "nyt"
navn = "Nyt fra afdelingerne"

[[blad]]
id = "2024-05"
titel = "2024-05 juni"
dato = 2024-06-01
sider = 24
forside = "billeder/forside.png"
alt-tekst = "Forsiden: en legeplads"
"#;

const LEGEPLADS: &str = r#"+++
titel = "Ny legeplads åbner"
manchet = "Børnene jubler."
forfatter = "Hanne Mortensen"
dato = 2024-06-05T08:00:00+02:00
blad = "2024-05"
side = 3
sektion = "nyt"
relaterede = ["sommerfest"]
billede = "../billeder/legeplads.png"
alt-tekst = "Børn på et klatrestativ"
+++

Lørdag klippede formanden **snoren**.

![Tegning af gyngerne](../billeder/gynger.png "Gyngerne er de første, der bliver brugt.")

Læs mere på [afdelingens side](https://example.org/afd-4).
"#;

const SOMMERFEST: &str = r#"+++
titel = "Sommerfest"
forfatter = ["Lise Bech", "Karim Haddad"]
dato = "2024-06-02"
sektion = "nyt"
relaterede = ["ny-legeplads"]
sprog = "ar"
+++

Program for dagen.
"#;

/// A folder like an editor's: magasin.toml, two articles, three pictures.
fn sources() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "magasin.toml", MAGAZINE);
    write(dir.path(), "artikler/ny-legeplads.md", LEGEPLADS);
    write(dir.path(), "artikler/sommerfest.md", SOMMERFEST);
    write(dir.path(), "billeder/forside.png", png(600, 800));
    write(dir.path(), "billeder/legeplads.png", png(1200, 675));
    write(dir.path(), "billeder/gynger.png", png(800, 450));
    dir
}

fn problems(dir: &Path) -> Vec<String> {
    match build_feed::build(Source::Folder(dir)) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn problems_name_the_file_the_line_and_the_field_all_of_them() {
    let dir = sources();
    // Line 4 is the picture's; its alt text is missing.
    write(
        dir.path(),
        "artikler/ny-legeplads.md",
        "+++\ntitel = \"Ny legeplads\"\nblad = \"2024-09\"\nbillede = \"../billeder/legeplads.png\"\nside = \"tre\"\nforfattr = \"Hanne\"\n+++\n\nTekst ![](../billeder/findes-ikke.png).\n",
    );
    write(
        dir.path(),
        "artikler/sommerfest.md",
        "+++\nmanchet = \"Uden titel\"\ndato = \"i går\"\nrelaterede = [\"ukendt\"]\n+++\n",
    );
    write(dir.path(), "artikler/Forkert Navn.md", "titel = \"Glemte plusserne\"\n");
    write(dir.path(), "billeder/forside.png", "ikke et billede");
    write(dir.path(), "magasin.toml", format!("{MAGAZINE}\n[[sektion]]\nid = \"nyt\"\nnavn = \"Igen\"\n"));
    assert_eq!(
        problems(dir.path()),
        [
            "artikler/Forkert Navn.md: filnavnet bliver artiklens adresse og må kun have små bogstaver a-z, tal og bindestreger (fx ny-legeplads.md)",
            "artikler/Forkert Navn.md, linje 1: filen skal begynde med en linje med +++, så felterne (titel, manchet …) og en linje med +++",
            "artikler/ny-legeplads.md, linje 3: feltet blad: bladet \"2024-09\" findes ikke i magasin.toml",
            "artikler/ny-legeplads.md, linje 4: mangler alt-tekst til billedet",
            "artikler/ny-legeplads.md, linje 5: feltet side skal være et helt tal over 0 (uden anførselstegn)",
            "artikler/ny-legeplads.md, linje 6: ukendt felt forfattr (stavefejl?)",
            "artikler/ny-legeplads.md, linje 9: mangler alt-tekst til billedet",
            "artikler/ny-legeplads.md, linje 9: billedet ../billeder/findes-ikke.png findes ikke",
            "artikler/sommerfest.md, linje 2: mangler feltet titel",
            "artikler/sommerfest.md, linje 3: feltet dato skal være en dato som 2024-06-05 eller et tidspunkt som 2024-06-05T08:00:00+02:00",
            "artikler/sommerfest.md, linje 4: feltet relaterede: der er ingen artikel \"ukendt\" (skriv filnavnet uden .md)",
            "magasin.toml, linje 15: billedet billeder/forside.png er ikke i et kendt format (brug JPEG, PNG, WebP, GIF eller AVIF)",
            "magasin.toml, linje 19: feltet id: \"nyt\" er brugt før i filen",
        ]
    );
}

#[test]
fn a_folder_without_magasin_toml_or_articles_says_so() {
    let dir = TempDir::new().unwrap();
    let name = dir.path().display().to_string();
    assert_eq!(
        problems(dir.path()),
        [
            format!("{name}: mappen mangler filen magasin.toml (bladets navn, sektioner og numre; se docs/editors.md)"),
            format!("{name}: mappen har ingen artikler (.md-filer)"),
        ]
    );
}

#[test]
fn a_toml_mistake_is_reported_at_its_line() {
    let dir = sources();
    write(dir.path(), "artikler/sommerfest.md", "+++\ntitel = \"Sommerfest\"\nmanchet = Program for dagen\n+++\n");
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("artikler/sommerfest.md, linje 3: kan ikke læses ("), "{found:?}");
}

#[test]
fn pictures_are_measured_and_their_sizes_recorded_in_the_feed() {
    let dir = sources();
    let out = TempDir::new().unwrap();
    let built = build_feed::build(Source::Folder(dir.path())).unwrap();
    let summary = build_feed::write(&built, out.path()).unwrap();
    assert_eq!((summary.articles, summary.issues, summary.sections, summary.pictures), (2, 1, 1, 3));

    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("feed.json")).unwrap()).unwrap();
    let issue = &feed["_beboerblad"]["issues"][0];
    assert_eq!(
        (&issue["cover"], &issue["cover_width"], &issue["cover_height"]),
        (&"images/forside.png".into(), &600.into(), &800.into())
    );
    let item = feed["items"].as_array().unwrap().iter().find(|i| i["id"] == "ny-legeplads").unwrap();
    assert_eq!(item["image"], "images/legeplads.png");
    assert_eq!(
        (&item["_beboerblad"]["image_width"], &item["_beboerblad"]["image_height"]),
        (&1200.into(), &675.into())
    );
    let body = item["content_html"].as_str().unwrap();
    assert!(
        body.contains(r#"<figure><img src="images/gynger.png" alt="Tegning af gyngerne" width="800" height="450""#),
        "{body}"
    );
    assert!(body.contains("<figcaption>Gyngerne er de første, der bliver brugt.</figcaption>"), "{body}");
    for name in ["forside.png", "legeplads.png", "gynger.png"] {
        assert_eq!(
            std::fs::read(out.path().join("images").join(name)).unwrap(),
            std::fs::read(dir.path().join("billeder").join(name)).unwrap()
        );
    }
}

#[test]
fn markdown_to_feed_to_the_servers_reader_is_the_same_magazine() {
    let dir = sources();
    let out = TempDir::new().unwrap();
    let built = build_feed::build(Source::Folder(dir.path())).unwrap();
    build_feed::write(&built, out.path()).unwrap();

    let read = Content::new(out.path().to_path_buf()).current().unwrap();
    assert_eq!(*read, built.magazine);
    let m = &built.magazine;
    let legeplads = m.article(&ArticleId::new("ny-legeplads")).unwrap();
    assert_eq!(legeplads.title, "Ny legeplads åbner");
    assert_eq!(legeplads.summary.as_deref(), Some("Børnene jubler."));
    assert_eq!(legeplads.authors, ["Hanne Mortensen"]);
    assert_eq!(legeplads.published.as_ref().map(|d| d.as_str()), Some("2024-06-05T08:00:00+02:00"));
    assert_eq!((legeplads.issue.as_ref(), legeplads.page), (Some(&IssueId::new("2024-05")), Some(3)));
    assert_eq!(legeplads.related, [ArticleId::new("sommerfest")]);
    assert_eq!(legeplads.copyright, None);
    assert_eq!(legeplads.language.as_ref().map(|l| l.as_str()), Some("da"), "the magazine's language");
    let body = legeplads.body.as_ref().unwrap().as_str();
    assert!(body.contains("<p>Lørdag klippede formanden <strong>snoren</strong>.</p>"), "{body}");
    assert!(
        body.contains(r#"<a href="https://example.org/afd-4" rel="noopener noreferrer">afdelingens side</a>"#),
        "{body}"
    );
    let sommerfest = m.article(&ArticleId::new("sommerfest")).unwrap();
    assert_eq!(sommerfest.authors, ["Lise Bech", "Karim Haddad"]);
    assert_eq!(sommerfest.language.as_ref().map(|l| l.as_str()), Some("ar"));
    assert_eq!(
        m.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["ny-legeplads", "sommerfest"],
        "newest first"
    );
    assert_eq!(m.issue(&IssueId::new("2024-05")).and_then(|i| i.pages), Some(24));
    assert_eq!(m.publication.copyright.as_deref(), Some("© Testbladet"));
    // Under a base path the pictures follow (the URLs in the files are relative).
    let under = parse(&std::fs::read_to_string(out.path().join("feed.json")).unwrap(), "/blad/feed.json").unwrap();
    assert_eq!(under.articles[0].image.as_ref().unwrap().src, "/blad/images/legeplads.png");
}

/// A feed in two pages, as a blog or a CMS could have it, with a picture beside it.
fn plain_feed(dir: &Path, image: &str) {
    let first = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1", "title": "Bloggen", "next_url": "side-2.json",
        "items": [{"id": "https://blog.example/?p=2", "title": "Andet indlæg", "content_html": "<p>To <script>x</script></p>",
                   "date_published": "2024-06-02T10:00:00Z", "image": image, "tags": ["nyt"]}]
    });
    let second = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "https://blog.example/?p=1", "content_text": "Første indlæg uden titel", "date_published": "2024-06-01"}]
    });
    write(dir, "feed.json", first.to_string());
    write(dir, "side-2.json", second.to_string());
}

#[test]
fn a_feed_file_is_normalised_into_what_the_server_publishes() {
    let dir = TempDir::new().unwrap();
    plain_feed(dir.path(), "billeder/a.png");
    write(dir.path(), "billeder/a.png", png(640, 360));
    let out = TempDir::new().unwrap();
    let feed = dir.path().join("feed.json");
    let built = build_feed::build(Source::Feed(feed.to_str().unwrap())).unwrap();
    build_feed::write(&built, out.path()).unwrap();

    // What our server publishes when it serves the original directory …
    let original = Content::new(dir.path().to_path_buf()).current().unwrap();
    let mut expected = (*original).clone();
    let image = expected.articles[0].image.as_mut().unwrap();
    (image.src, image.width, image.height) = ("/images/a.png".into(), Some(640), Some(360));
    // … is what it publishes of the output, one page with the picture measured.
    let served = Content::new(out.path().to_path_buf()).current_edition().unwrap();
    assert_eq!(*served.magazine, expected);
    assert_eq!(served.published.json, Published::new(&expected).unwrap().json);
    assert_eq!(expected.articles.len(), 2);
    assert_eq!(expected.articles[1].title, "Første indlæg uden titel");
    assert_eq!(std::fs::read(out.path().join("images/a.png")).unwrap(), png(640, 360));
}

#[test]
fn a_feed_file_whose_picture_is_missing_writes_nothing() {
    let dir = TempDir::new().unwrap();
    plain_feed(dir.path(), "billeder/mangler.png");
    let feed = dir.path().join("feed.json");
    let found = build_feed::build(Source::Feed(feed.to_str().unwrap())).err().unwrap();
    assert_eq!(found.0.len(), 1);
    assert!(found.0[0].to_string().ends_with("feed.json: billedet billeder/mangler.png findes ikke"), "{}", found.0[0]);
}

mod web {
    use axum::Router;
    use axum::http::header;
    use axum::routing::get;

    use super::*;

    /// A blog on 127.0.0.1 serving `plain_feed` (and a page that is not a feed).
    async fn blog() -> (String, tokio::task::JoinHandle<()>) {
        let dir = TempDir::new().unwrap();
        plain_feed(dir.path(), "https://cdn.example/a.jpg");
        let first = std::fs::read_to_string(dir.path().join("feed.json")).unwrap();
        let second = std::fs::read_to_string(dir.path().join("side-2.json")).unwrap();
        let json = |body: String| move || async move { ([(header::CONTENT_TYPE, "application/feed+json")], body) };
        let app = Router::new()
            .route("/blog/feed.json", get(json(first)))
            .route("/blog/side-2.json", get(json(second)))
            .route("/portal", get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<h1>Log ind</h1>") }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, server)
    }

    async fn build(url: String) -> Result<build_feed::Built, build_feed::Problems> {
        tokio::task::spawn_blocking(move || build_feed::build(Source::Feed(&url))).await.unwrap()
    }

    #[tokio::test]
    async fn a_feed_on_the_web_is_fetched_page_by_page_and_normalised() {
        let (url, server) = blog().await;
        let built = build(format!("{url}/blog/feed.json")).await.unwrap();
        let out = TempDir::new().unwrap();
        build_feed::write(&built, out.path()).unwrap();
        let served = Content::new(out.path().to_path_buf()).current().unwrap();
        assert_eq!(*served, built.magazine);
        assert_eq!(served.articles.len(), 2, "both pages");
        assert_eq!(served.articles[0].image.as_ref().unwrap().src, "https://cdn.example/a.jpg");
        assert_eq!(served.articles[0].id.as_str(), "https-blog-example-p-2");
        assert!(!served.articles[0].body.as_ref().unwrap().as_str().contains("script"));
        server.abort();
    }

    #[tokio::test]
    async fn a_missing_feed_or_a_page_that_is_not_one_is_reported() {
        let (url, server) = blog().await;
        let missing = build(format!("{url}/blog/findes-ikke.json")).await.err().unwrap();
        assert!(
            missing.0[0].to_string().ends_with("feedet kan ikke hentes eller læses: HTTP status 404"),
            "{}",
            missing.0[0]
        );
        let portal = build(format!("{url}/portal")).await.err().unwrap();
        assert!(portal.0[0].to_string().contains("not JSON but \"text/html\""), "{}", portal.0[0]);
        server.abort();
    }
}

/// The repository's root (the demo's sources and its content directory).
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beboerblad-server")).args(args).output().unwrap()
}

#[test]
fn the_committed_demo_content_is_what_the_command_builds_from_its_sources() {
    let out = TempDir::new().unwrap();
    let sources = repository().join("content-src");
    let run = cli(&["build-feed", "--from", sources.to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("36 artikler, 4 blade, 6 sektioner og 40 billeder"), "{stdout}");

    let committed = repository().join("content");
    assert!(
        std::fs::read(out.path().join("feed.json")).unwrap() == std::fs::read(committed.join("feed.json")).unwrap(),
        "content/feed.json differs from a fresh build: run `cargo run -p beboerblad-server -- build-feed --from content-src --out content`"
    );
    let names = |dir: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&out.path().join("images")), names(&committed.join("images")));
    for name in names(&committed.join("images")) {
        assert!(
            std::fs::read(out.path().join("images").join(&name)).unwrap()
                == std::fs::read(committed.join("images").join(&name)).unwrap(),
            "{name:?} differs"
        );
    }
    assert_eq!(
        names(&committed),
        ["feed", "feed.json", "images"].map(std::ffi::OsString::from),
        "no leftover feed pages"
    );
    // The page files too (docs/feed.md, "The published feed").
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from("feed")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(committed.join(&dir)).unwrap() {
            let entry = entry.unwrap();
            let name = dir.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() { dirs.push(name) } else { files.push(name) }
        }
    }
    assert!(files.len() > 40, "{files:?}");
    for name in files {
        assert!(
            std::fs::read(out.path().join(&name)).unwrap() == std::fs::read(committed.join(&name)).unwrap(),
            "{} differs from a fresh build",
            name.display()
        );
    }
}

#[test]
fn the_command_lists_every_problem_exits_non_zero_and_writes_nothing() {
    let dir = sources();
    write(dir.path(), "artikler/ny-legeplads.md", LEGEPLADS.replace("alt-tekst = \"Børn på et klatrestativ\"\n", ""));
    write(dir.path(), "artikler/sommerfest.md", SOMMERFEST.replace("sektion = \"nyt\"", "sektion = \"sport\""));
    let out = TempDir::new().unwrap();
    let target = out.path().join("content");
    let run = cli(&["build-feed", "--from", dir.path().to_str().unwrap(), "--out", target.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "artikler/ny-legeplads.md, linje 10: mangler alt-tekst til billedet",
            "artikler/sommerfest.md, linje 5: feltet sektion: sektionen \"sport\" findes ikke i magasin.toml",
            "2 fejl. Ingen filer er skrevet.",
        ]
    );
    assert!(!target.exists(), "nothing written");
}
