//! Search over the articles of one edition of the feed: an index in memory, built with
//! each edition (so it is never out of step with the feed), answering `/api/search`
//! and `/soeg`. Why in memory rather than SQLite FTS5: server/README.md, "Search".

mod words;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::sanitize::text_of;
use api_types::{SearchHit, SearchResults};
use beboerblad::model::Magazine;

pub use words::{DanishStemmer, fold, spans};

/// Words of a query beyond these are ignored (the length limit comes first).
pub const QUERY_WORDS_MAX: usize = 8;
/// A query word this long (in characters) or longer also matches words it begins.
const PREFIX_MIN: usize = 2;
/// Words in a snippet, and how many of them come before the first match.
const SNIPPET_WORDS: usize = 30;
const SNIPPET_LEAD_IN: usize = 8;

/// An article as search sees it.
struct Doc {
    id: String,
    title: String,
    summary: Option<String>,
    published: Option<String>,
    section: Option<String>,
    issue: Option<String>,
    issue_title: Option<String>,
    language: Option<String>,
    /// The body's text, whitespace collapsed.
    text: String,
}

/// Where a word occurs in one article: how often in the title, the lead and the text.
#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    title: u16,
    lead: u16,
    body: u16,
}

pub struct Index {
    /// In the feed's order: newest first.
    docs: Vec<Doc>,
    /// Every folded word, sorted (prefixes are ranges), with its number.
    words: BTreeMap<String, u32>,
    /// Word numbers by stem.
    stems: HashMap<String, Vec<u32>>,
    /// By word number.
    postings: Vec<Vec<Posting>>,
    stemmer: DanishStemmer,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Index({} articles, {} words)", self.docs.len(), self.words.len())
    }
}

/// How well an article matched: the sort key of the results.
#[derive(Clone, Copy, Default)]
struct Score {
    /// Query words matched anywhere (an article must match all of them).
    matched: u8,
    /// … in the title, and in the lead.
    title: u8,
    lead: u8,
    /// Occurrences in the text.
    body: u32,
}

impl Index {
    pub fn new(magazine: &Magazine) -> Self {
        let stemmer = DanishStemmer::new();
        let mut words: BTreeMap<String, u32> = BTreeMap::new();
        let mut postings: Vec<Vec<Posting>> = Vec::new();
        let mut docs = Vec::with_capacity(magazine.articles.len());
        let issue_titles: HashMap<&str, &str> =
            magazine.issues.iter().map(|i| (i.id.as_str(), i.title.as_str())).collect();
        for (n, article) in magazine.articles.iter().enumerate() {
            let doc = Doc {
                id: article.id.to_string(),
                title: article.title.clone(),
                summary: article.summary.clone(),
                published: article.published.as_ref().map(|t| t.as_str().to_string()),
                section: article.section.as_ref().map(ToString::to_string),
                issue: article.issue.as_ref().map(ToString::to_string),
                issue_title: article.issue.as_ref().and_then(|i| issue_titles.get(i.as_str())).map(|t| t.to_string()),
                language: article.language.as_ref().map(|l| l.as_str().to_string()),
                text: article.body.as_ref().map(|b| collapse(&text_of(b))).unwrap_or_default(),
            };
            let mut counts: HashMap<String, (u16, u16, u16)> = HashMap::new();
            let fields = [(0, doc.title.as_str()), (1, doc.summary.as_deref().unwrap_or_default()), (2, &doc.text)];
            for (field, text) in fields {
                for (a, b) in spans(text) {
                    let entry = counts.entry(fold(&text[a..b])).or_default();
                    let count = match field {
                        0 => &mut entry.0,
                        1 => &mut entry.1,
                        _ => &mut entry.2,
                    };
                    *count = count.saturating_add(1);
                }
            }
            let doc_number = u32::try_from(n).unwrap_or(u32::MAX);
            for (word, (title, lead, body)) in counts {
                let next = u32::try_from(postings.len()).unwrap_or(u32::MAX);
                let number = *words.entry(word).or_insert(next);
                if number == next {
                    postings.push(Vec::new());
                }
                postings[number as usize].push(Posting { doc: doc_number, title, lead, body });
            }
            docs.push(doc);
        }
        let mut stems: HashMap<String, Vec<u32>> = HashMap::new();
        for (word, &number) in &words {
            stems.entry(stemmer.stem(word)).or_default().push(number);
        }
        Self { docs, words, stems, postings, stemmer }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The articles matching every word of `query`, best first, at most `limit` of them.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let query = query.trim();
        let mut terms: Vec<String> = Vec::new();
        for (a, b) in spans(query) {
            let term = fold(&query[a..b]);
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        terms.truncate(QUERY_WORDS_MAX);
        let mut results = SearchResults { query: query.to_string(), ..SearchResults::default() };
        if terms.is_empty() {
            return results;
        }
        let mut scores = vec![Score::default(); self.docs.len()];
        let mut matching: HashSet<u32> = HashSet::new();
        for term in &terms {
            let words = self.words_for(term);
            // An article counts once per query word, with its best field counts summed.
            let mut seen: HashMap<u32, (bool, bool, u32)> = HashMap::new();
            for &word in &words {
                for p in &self.postings[word as usize] {
                    let e = seen.entry(p.doc).or_default();
                    e.0 |= p.title > 0;
                    e.1 |= p.lead > 0;
                    e.2 += u32::from(p.body);
                }
            }
            for (doc, (title, lead, body)) in seen {
                let score = &mut scores[doc as usize];
                score.matched += 1;
                score.title += u8::from(title);
                score.lead += u8::from(lead);
                score.body += body;
            }
            matching.extend(words);
        }
        let wanted = u8::try_from(terms.len()).unwrap_or(u8::MAX);
        let mut found: Vec<(usize, Score)> =
            scores.into_iter().enumerate().filter(|(_, s)| s.matched == wanted).collect();
        results.total = found.len();
        // Title matches first, then the lead's, then the more frequent; ties: newest first.
        found.sort_by(|(da, a), (db, b)| (b.title, b.lead, b.body).cmp(&(a.title, a.lead, a.body)).then(da.cmp(db)));
        let matched: HashSet<&str> =
            self.words.iter().filter(|(_, n)| matching.contains(n)).map(|(w, _)| w.as_str()).collect();
        results.hits = found.into_iter().take(limit).map(|(doc, _)| self.hit(&self.docs[doc], &matched)).collect();
        results
    }

    /// The word numbers a query word matches: same stem, or (long enough) a prefix.
    fn words_for(&self, term: &str) -> Vec<u32> {
        let mut found: Vec<u32> = self.stems.get(&self.stemmer.stem(term)).cloned().unwrap_or_default();
        if let Some(&n) = self.words.get(term) {
            found.push(n);
        }
        if term.chars().count() >= PREFIX_MIN {
            found.extend(
                self.words
                    .range::<str, _>((std::ops::Bound::Included(term), std::ops::Bound::Unbounded))
                    .take_while(|(w, _)| w.starts_with(term))
                    .map(|(_, &n)| n),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    fn hit(&self, doc: &Doc, matched: &HashSet<&str>) -> SearchHit {
        SearchHit {
            id: doc.id.clone(),
            title: doc.title.clone(),
            summary: doc.summary.clone(),
            published: doc.published.clone(),
            section: doc.section.clone(),
            issue: doc.issue.clone(),
            issue_title: doc.issue_title.clone(),
            language: doc.language.clone(),
            snippet: snippet(&doc.text, |w| matched.contains(fold(w).as_str())),
        }
    }
}

/// A passage of `text` around its first word that `is_match`, in pieces: plain text and
/// matches taking turns, plain first (see [`SearchHit::snippet`]); the beginning of the
/// text when nothing matches there (the title or lead did).
pub fn snippet(text: &str, is_match: impl Fn(&str) -> bool) -> Vec<String> {
    let spans: Vec<(usize, usize)> = spans(text).collect();
    if spans.is_empty() {
        return Vec::new();
    }
    let marked: Vec<bool> = spans.iter().map(|&(a, b)| is_match(&text[a..b])).collect();
    let first = marked.iter().position(|&m| m).unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_LEAD_IN);
    let to = (from + SNIPPET_WORDS).min(spans.len());
    let end = if to == spans.len() { text.len() } else { spans[to - 1].1 };
    let mut parts: Vec<String> = Vec::new();
    let mut plain = String::new();
    let mut at = if from == 0 { 0 } else { spans[from].0 };
    if from > 0 {
        plain.push_str("… ");
    }
    for (&(a, b), _) in spans[from..to].iter().zip(&marked[from..to]).filter(|(_, m)| **m) {
        plain.push_str(&text[at..a]);
        parts.push(std::mem::take(&mut plain));
        parts.push(text[a..b].to_string());
        at = b;
    }
    plain.push_str(&text[at..end]);
    if to < spans.len() {
        plain.push_str(" …");
    }
    if !plain.is_empty() {
        parts.push(plain);
    }
    parts
}

/// Whitespace runs as one space, none at the ends.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
