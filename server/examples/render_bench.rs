//! Prints how long the server takes to render each kind of page (release build):
//! `cargo run --profile server -p beboerblad-server --example render_bench -- content dist`
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
    let article = magazine.articles.first().expect("an article").id.clone();
    let issue = magazine.issues.first().expect("an issue").id.clone();
    let section = magazine.sections.first().expect("a section").id.clone();
    let routes = [
        ("article", Page::Article(article).href()),
        ("front", Page::Front.href()),
        ("issue", Page::Issue(issue).href()),
        ("section", Page::Section(section).href()),
    ];
    const N: u32 = 2000;
    println!("render time per page ({N} renders each, feed check included):");
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
        let per = start.elapsed() / N;
        println!("  {name:<8} {:>8.3} ms  ({} bytes)", per.as_secs_f64() * 1000.0, bytes / N as usize);
    }
}
