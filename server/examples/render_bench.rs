//! Prints how long the server takes to render each kind of page (release build), with
//! the page's data island (its slice of the magazine) included, against issue 12's budget
//! of 1 ms a page, as Markdown table rows:
//! `cargo run --profile server -p beboerblad-server --example render_bench -- content dist`
//! (`-- /tmp/beboerblad-archive dist` for the archive of `make archive`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use beboerblad::route::Page;
use beboerblad_server::content::Content;
use beboerblad_server::render::{Pages, Shell};

fn main() {
    let mut args = std::env::args().skip(1);
    let content = PathBuf::from(args.next().unwrap_or_else(|| "content".into()));
    let dist = PathBuf::from(args.next().unwrap_or_else(|| "dist".into()));
    let shell =
        Shell::parse(&std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html")).expect("shell");
    let pages = Pages::new(shell, None, Vec::new());
    let content = Content::new(content);
    let magazine = content.current().expect("feed");
    // From the middle of the archive: lookups that walk the articles walk half of them.
    let article = magazine.articles.get(magazine.articles.len() / 2).expect("an article").id.clone();
    let issue = magazine.issues.get(magazine.issues.len() / 2).expect("an issue").id.clone();
    let section = magazine.sections.first().expect("a section").id.clone();
    let routes = [
        ("front page", Page::Front.href()),
        ("an issue", Page::Issue(issue).href()),
        ("a section", Page::Section(section.clone(), 1).href()),
        ("a section, page 2", Page::Section(section, 2).href()),
        ("/arkiv", Page::Archive(1).href()),
        ("/arkiv/2", Page::Archive(2).href()),
        ("an article", Page::Article(article).href()),
    ];
    const N: u32 = 2000;
    println!("{} articles, {} issues; {N} renders each:\n", magazine.articles.len(), magazine.issues.len());
    println!("| page | render time | HTML | budget |");
    println!("| --- | ---: | ---: | --- |");
    for (name, path) in routes {
        for _ in 0..50 {
            std::hint::black_box(pages.render(&path, None, Ok(&content.current().expect("feed")), None, None));
        }
        let start = Instant::now();
        let mut bytes = 0;
        for _ in 0..N {
            let m = content.current().expect("feed");
            bytes += std::hint::black_box(pages.render(&path, None, Ok(&m), None, None)).page.fill("nonce").len();
        }
        let ms = (start.elapsed() / N).as_secs_f64() * 1000.0;
        let verdict = if ms <= 1.0 { "met" } else { "**over** (≤ 1 ms)" };
        println!("| {name} | {ms:.3} ms | {} bytes | {verdict} |", bytes / N as usize);
    }
}
