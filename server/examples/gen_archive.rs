//! Writes a large made-up magazine archive as a paged feed the server reads: by default
//! 10,000 articles in 400 issues (issue 12's scale), for tests and benchmarks. The text
//! is filler put together from word lists written for this project; nothing is committed.
//!
//! ```text
//! cargo run --profile server -p beboerblad-server --example gen_archive -- \
//!     [--articles 10000] [--issues 400] [--seed 1] --out /tmp/archive
//! ./target/server/beboerblad-server --content /tmp/archive --dist dist
//! ```
//! `--out` gets `feed.json` and its `next_url` pages (`feed-2.json`, …; at most 20, as
//! the reader follows at most 20). No images: every article reads without them. The same
//! seed writes the same archive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser)]
struct Options {
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    #[arg(long, default_value_t = 400)]
    issues: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
}

/// The reader follows at most this many feed pages.
const PAGES_MAX: usize = 20;
const PER_PAGE_MIN: usize = 500;

const SECTIONS: [(&str, &str); 6] = [
    ("nyt", "Nyt"),
    ("beboerliv", "Beboerliv"),
    ("kultur", "Kultur"),
    ("boern-og-unge", "Børn og unge"),
    ("groent-og-miljoe", "Grønt og miljø"),
    ("debat", "Debat"),
];
const MONTHS: [(u32, &str); 8] = [
    (1, "januar"),
    (2, "februar"),
    (4, "april"),
    (5, "maj"),
    (6, "juni"),
    (8, "august"),
    (10, "oktober"),
    (11, "november"),
];
const NOUNS: &[&str] = &[
    "gården",
    "fælleshuset",
    "vaskeriet",
    "legepladsen",
    "afdelingen",
    "bestyrelsen",
    "beboermødet",
    "haven",
    "cykelkælderen",
    "opgangen",
    "trappen",
    "altanen",
    "køkkenhaven",
    "festudvalget",
    "lektiecaféen",
    "fodboldbanen",
    "biblioteket",
    "varmecentralen",
    "affaldsøen",
    "grillpladsen",
    "skolen",
    "børnehaven",
    "ungdomsklubben",
    "værkstedet",
    "syklubben",
    "strikkeholdet",
    "madklubben",
    "boligkontoret",
    "ejendomsfunktionæren",
    "viceværten",
    "naboerne",
    "frivillige",
    "seniorerne",
    "pensionisterne",
    "familierne",
    "tvillingerne",
    "hundeejerne",
    "genbrugsrummet",
    "dørtelefonen",
    "elevatoren",
    "taget",
    "facaden",
    "vinduerne",
    "stierne",
    "bænkene",
    "træerne",
    "blomsterbedene",
    "fuglekasserne",
    "regnvandet",
    "solcellerne",
];
const VERBS: &[&str] = &[
    "åbner",
    "samler",
    "maler",
    "planter",
    "reparerer",
    "inviterer",
    "diskuterer",
    "fejrer",
    "bygger",
    "renser",
    "flytter",
    "udvider",
    "holder",
    "hjælper",
    "besøger",
    "måler",
    "tegner",
    "synger",
    "spiser",
    "læser",
];
const ADJECTIVES: &[&str] = &[
    "ny", "grøn", "stor", "lille", "gammel", "hyggelig", "travl", "stille", "farverig", "fælles", "åben", "våd",
    "solrig", "kold", "lun", "frisk", "blød", "høj", "smal", "bred",
];
const PLACES: &[&str] = &[
    "i gården",
    "bag blok 4",
    "ved søen",
    "på græsplænen",
    "i kælderen",
    "under halvtaget",
    "ved indgangen",
    "langs stien",
    "på taget",
    "i fælleshuset",
    "ved busstoppestedet",
    "i Aarhus",
    "i Brabrand",
    "på torvet",
];
const TIMES: &[&str] = &[
    "hver torsdag",
    "i weekenden",
    "om morgenen",
    "efter skoletid",
    "i sommerferien",
    "til efteråret",
    "hele vinteren",
    "næste måned",
    "i påsken",
    "ved juletid",
    "om aftenen",
    "første søndag i måneden",
];
const LINKS: &[&str] =
    &["Derfor", "Samtidig", "Bagefter", "Til gengæld", "Desuden", "Heldigvis", "Alligevel", "Ifølge formanden"];

/// SplitMix64: small, seedable, good enough for filler.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn sentence(rng: &mut Rng) -> String {
    let s = match rng.below(4) {
        0 => format!("{} {} {} {}", rng.pick(NOUNS), rng.pick(VERBS), rng.pick(NOUNS), rng.pick(PLACES)),
        1 => format!("{} {} {} {}", rng.pick(LINKS), rng.pick(VERBS), rng.pick(NOUNS), rng.pick(TIMES)),
        2 => format!(
            "{} er {} {}, og {} {} {}",
            rng.pick(NOUNS),
            rng.pick(ADJECTIVES),
            rng.pick(TIMES),
            rng.pick(NOUNS),
            rng.pick(VERBS),
            rng.pick(PLACES)
        ),
        _ => format!(
            "{} {} den {} {} {}",
            rng.pick(NOUNS),
            rng.pick(VERBS),
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS).trim_end_matches("en").trim_end_matches("et"),
            rng.pick(PLACES)
        ),
    };
    format!("{}.", capitalized(&s))
}

fn paragraph(rng: &mut Rng) -> String {
    (0..3 + rng.below(4)).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn title(rng: &mut Rng) -> String {
    let t = match rng.below(3) {
        0 => format!("{} {} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS), rng.pick(PLACES)),
        1 => format!("{} {} {}", rng.pick(NOUNS), rng.pick(VERBS), rng.pick(TIMES)),
        _ => format!("Sådan {} {} {}", rng.pick(VERBS), rng.pick(NOUNS), rng.pick(PLACES)),
    };
    capitalized(&t)
}

fn main() {
    let options = Options::parse();
    let mut rng = Rng(options.seed);
    let issue_count = options.issues.max(1);
    // Newest first: issue 0 is the latest, eight a year back from 2026.
    let issues: Vec<(String, String, String)> = (0..issue_count)
        .map(|i| {
            let year = 2026 - (i / MONTHS.len()) as i64;
            let (month, name) = MONTHS[MONTHS.len() - 1 - i % MONTHS.len()];
            let number = MONTHS.len() - i % MONTHS.len();
            (format!("{year}-{number:02}"), format!("{year}-{number:02} {name}"), format!("{year}-{month:02}-01"))
        })
        .collect();
    let per_issue = options.articles.div_ceil(issue_count).max(1);
    let items: Vec<Value> = (0..options.articles)
        .map(|n| {
            let (issue, _, date) = &issues[(n / per_issue).min(issue_count - 1)];
            let page = 2 + n % per_issue;
            let title = title(&mut rng);
            let id = format!("{}-{n}", beboerblad::model::slug(&title));
            let body: String = (0..4 + rng.below(5))
                .map(|i| {
                    let p = format!("<p>{}</p>", paragraph(&mut rng));
                    if i == 2 { format!("<h2>{}</h2>{p}", capitalized(rng.pick(NOUNS))) } else { p }
                })
                .collect();
            let day = 1 + (n % per_issue) % 28;
            let related: Vec<String> = (0..2)
                .map(|_| {
                    let other = (n / per_issue) * per_issue + rng.below(per_issue);
                    other.min(options.articles - 1)
                })
                .filter(|&o| o != n)
                .map(|o| format!("{{{o}}}"))
                .collect();
            json!({
                "id": id,
                "title": title,
                "summary": sentence(&mut rng),
                "content_html": body,
                "date_published": format!("{}-{day:02}", &date[..7]),
                "authors": [{"name": capitalized(rng.pick(NOUNS))}],
                "_beboerblad": {"issue": issue, "page": page, "section": SECTIONS[rng.below(SECTIONS.len())].0,
                    "related": related}
            })
        })
        .collect();
    // Related ids are known only once every id is made: `{n}` stands for article n.
    let ids: Vec<String> = items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    let items: Vec<Value> = items
        .into_iter()
        .map(|mut item| {
            let related = item["_beboerblad"]["related"].as_array().unwrap().iter().map(|r| {
                let n: usize = r.as_str().unwrap().trim_matches(['{', '}']).parse().unwrap();
                Value::from(ids[n].clone())
            });
            item["_beboerblad"]["related"] = Value::Array(related.collect());
            item
        })
        .collect();
    let per_page = items.len().div_ceil(PAGES_MAX).max(PER_PAGE_MIN);
    let chunks: Vec<&[Value]> = items.chunks(per_page).collect();
    std::fs::create_dir_all(&options.out).expect("cannot make --out");
    let name = |i: usize| if i == 0 { "feed.json".to_string() } else { format!("feed-{}.json", i + 1) };
    for (i, chunk) in chunks.iter().enumerate() {
        let mut feed = json!({"version": "https://jsonfeed.org/version/1.1", "items": chunk});
        if i == 0 {
            feed["title"] = "Arkivbladet".into();
            feed["language"] = "da".into();
            feed["_beboerblad"] = json!({
                "version": 1,
                "publication": {"name": "Arkivbladet",
                    "description": "Et opdigtet beboerblad med et stort arkiv, lavet til test og målinger."},
                "issues": issues.iter().map(|(id, title, date)| json!({"id": id, "title": title, "date": date, "pages": per_issue + 2})).collect::<Vec<_>>(),
                "sections": SECTIONS.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
            });
        }
        if i + 1 < chunks.len() {
            feed["next_url"] = name(i + 1).into();
        }
        std::fs::write(options.out.join(name(i)), serde_json::to_string(&feed).unwrap())
            .expect("cannot write the feed");
    }
    println!(
        "wrote {} articles in {} issues to {} ({} feed files)",
        options.articles,
        issue_count,
        options.out.display(),
        chunks.len()
    );
}
