use super::*;

const FEED: &str = r#"{"items": [
  {"id": "fest", "title": "Sommerfest i gården", "summary": "Kom og vær med.",
   "content_html": "<p>Der er <b>musik</b> og kage for alle beboere i afdelingen.</p>", "date_published": "2024-06-05"},
  {"id": "vaskeri", "title": "Nyt vaskeri", "summary": "Maskinerne er skiftet.",
   "content_html": "<p>Vaskeriet ligger bag gården ved blok 3. Gården er lukket for biler.</p>", "date_published": "2024-06-04"},
  {"id": "legeplads", "title": "Legepladserne får nyt sand", "summary": "Børnene glæder sig.",
   "content_html": "<p>Alle legepladser i Aarhus-afdelingerne får nyt sand i maj.</p>", "date_published": "2024-06-03"},
  {"id": "gammel", "title": "Gammel nyhed om gården", "content_html": "<p>Fra arkivet.</p>", "date_published": "2020-01-01"}
]}"#;

fn index() -> Index {
    Index::new(&crate::feed_reader::parse(FEED, "/feed.json").unwrap_or_else(|e| panic!("{e}")))
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn title_matches_come_first_then_newest() {
    let found = index().search("gården", 10);
    assert_eq!(ids(&found), ["fest", "gammel", "vaskeri"], "titles first (newest of them first), then the text");
    assert_eq!(found.total, 3);
}

#[test]
fn old_spellings_and_case_find_the_danish_letters() {
    let index = index();
    assert_eq!(ids(&index.search("GAARDEN", 10)), ids(&index.search("gården", 10)));
    assert_eq!(ids(&index.search("aarhus", 10)), ["legeplads"], "Aarhus in the text");
    assert_eq!(ids(&index.search("århus", 10)), ["legeplads"]);
}

#[test]
fn stems_and_prefixes_match() {
    let index = index();
    assert_eq!(ids(&index.search("legepladsen", 10)), ["legeplads"], "same stem as legepladserne");
    assert_eq!(ids(&index.search("vask", 10)), ["vaskeri"], "a prefix");
    assert_eq!(ids(&index.search("sommerfesten", 10)), ["fest"]);
}

#[test]
fn every_word_must_match() {
    let index = index();
    assert_eq!(ids(&index.search("gården biler", 10)), ["vaskeri"]);
    assert_eq!(index.search("gården zebra", 10).total, 0);
    assert_eq!(index.search("  ", 10).hits, Vec::new());
    assert_eq!(index.search("!!!", 10).total, 0, "no words, no results");
}

#[test]
fn limit_cuts_the_hits_not_the_total() {
    let found = index().search("gården", 1);
    assert_eq!((found.hits.len(), found.total), (1, 3));
}

#[test]
fn snippets_mark_the_matched_words() {
    let found = index().search("gaarden", 10);
    let vaskeri = found.hits.iter().find(|h| h.id == "vaskeri").unwrap_or_else(|| panic!("{found:?}"));
    let marked: Vec<&str> = vaskeri.snippet.iter().skip(1).step_by(2).map(String::as_str).collect();
    assert_eq!(marked, ["gården", "Gården"], "the text's own spelling, each occurrence");
    let text: String = vaskeri.snippet.concat();
    assert_eq!(text, "Vaskeriet ligger bag gården ved blok 3. Gården er lukket for biler.");
}

#[test]
fn long_texts_are_cut_around_the_first_match() {
    let text = format!("{} nål {}", "hø ".repeat(40).trim(), "hø ".repeat(40).trim());
    let parts = snippet(&text, |w| w == "nål");
    let joined: String = parts.concat();
    assert!(joined.starts_with("… hø"), "{joined}");
    assert!(joined.ends_with(" …"), "{joined}");
    assert_eq!(joined.split_whitespace().filter(|w| *w == "hø").count(), SNIPPET_WORDS - 1);
    assert_eq!(parts.len(), 3, "plain, the match, plain: {parts:?}");
    assert_eq!(parts[1], "nål");
    let before = joined.find("nål").unwrap_or(0);
    assert_eq!(joined[..before].split_whitespace().filter(|w| *w == "hø").count(), SNIPPET_LEAD_IN);
}

#[test]
fn a_passage_that_starts_with_a_match_starts_with_empty_plain_text() {
    assert_eq!(snippet("Gården er lukket", |w| w == "Gården"), ["", "Gården", " er lukket"]);
    assert_eq!(snippet("lukket gården", |w| w == "gården"), ["lukket ", "gården"]);
}

#[test]
fn a_match_only_in_the_title_shows_the_start_of_the_text() {
    let found = index().search("sommerfest", 10);
    let parts = &found.hits[0].snippet;
    assert_eq!(parts.len(), 1, "nothing marked: {parts:?}");
    assert!(parts[0].starts_with("Der er musik"), "{parts:?}");
}
