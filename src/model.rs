//! Domain types of a magazine (publication, issues, sections, articles) and the
//! questions pages ask of it.

use std::collections::HashMap;
use std::fmt;
#[cfg(any(feature = "ssr", test))]
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::date::Timestamp;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id that is already URL-safe (see [`slug`]).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// An article's id: a URL-safe slug, used in `/artikel/:id`.
    ArticleId
);
id_type!(
    /// An issue's id, e.g. `2024-05`.
    IssueId
);
id_type!(
    /// A section's id, e.g. `nyt`.
    SectionId
);

/// HTML that went through the server's sanitiser (ammonia, with the allowlist in
/// `sanitize.rs`), safe to insert as markup. Only the server's sanitiser makes it, and the
/// app reads it back from the server's own feed (see `feed.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// For markup that went through the sanitiser (or came back from our server).
    pub fn from_sanitized(html: String) -> Self {
        Self(html)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A language tag as JSON Feed's `language` gives it (BCP 47, e.g. `ar`, `so`, `fa-IR`),
/// checked to be one: ASCII letters, digits and hyphens, starting with 2–3 letters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Language(String);

/// Languages written right to left (primary subtags): Arabic, Persian, Urdu, Hebrew,
/// Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, Central Kurdish, Syriac, N'Ko, Aramaic.
const RIGHT_TO_LEFT: [&str; 14] =
    ["ar", "fa", "ur", "he", "iw", "yi", "ps", "sd", "ug", "dv", "ckb", "syr", "nqo", "arc"];

impl Language {
    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let well_formed = tag.len() <= 35
            && (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_alphabetic())
            && tag.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
        well_formed.then(|| Self(tag.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn primary(&self) -> String {
        self.0.split('-').next().unwrap_or_default().to_ascii_lowercase()
    }

    /// Whether this is Danish, the reader's own language (no marking needed).
    pub fn is_danish(&self) -> bool {
        self.primary() == "da"
    }

    /// Whether the language is written right to left; a script subtag decides when
    /// there is one (`az-Arab` is, `ku-Latn` is not).
    pub fn is_right_to_left(&self) -> bool {
        let script = self.0.split('-').skip(1).find(|s| s.len() == 4).map(str::to_ascii_lowercase);
        match script.as_deref() {
            Some("arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg") => true,
            Some(_) => false,
            None => RIGHT_TO_LEFT.contains(&self.primary().as_str()),
        }
    }

    /// `dir` for the text: `rtl` or `ltr` (explicit, so a right-to-left page around it
    /// does not turn a left-to-right article).
    pub fn direction(&self) -> &'static str {
        if self.is_right_to_left() { "rtl" } else { "ltr" }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Publication {
    pub name: String,
    pub description: Option<String>,
    pub contact: Option<String>,
    pub colophon: Option<String>,
    /// The copyright notice shown under every article (an article may have its own).
    pub copyright: Option<String>,
    pub home_page_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub src: String,
    pub alt: String,
    /// The picture's size in pixels, when the feed gives it (both or neither): lets a
    /// page keep its room before the picture arrives.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub id: IssueId,
    pub title: String,
    pub date: Option<Timestamp>,
    pub cover: Option<Image>,
    pub pages: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: SectionId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub summary: Option<String>,
    /// The sanitised body; `None` when only a summary travelled (lists).
    pub body: Option<SafeHtml>,
    pub image: Option<Image>,
    pub published: Option<Timestamp>,
    pub authors: Vec<String>,
    pub issue: Option<IssueId>,
    pub page: Option<u32>,
    pub section: Option<SectionId>,
    pub related: Vec<ArticleId>,
    /// This article's own copyright notice (e.g. a photographer's), instead of the
    /// publication's.
    pub copyright: Option<String>,
    /// The language of the article's text (the item's `language`, else the feed's);
    /// `None` when neither says.
    pub language: Option<Language>,
}

impl Article {
    /// The article's language when it is not the reader's Danish: its text is marked
    /// with it (`lang`, and `dir`), the Danish interface around it is not.
    pub fn foreign_language(&self) -> Option<&Language> {
        self.language.as_ref().filter(|l| !l.is_danish())
    }
}

/// Everything the reader shows, read from one feed. Its serde form is the feed our
/// server publishes (see `feed.rs`), read back field by field (`FromJson`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(into = "crate::feed::Document")]
pub struct Magazine {
    pub publication: Publication,
    /// Newest first.
    pub issues: Vec<Issue>,
    /// In navigation order.
    pub sections: Vec<Section>,
    /// Newest first.
    pub articles: Vec<Article>,
    /// Set when this is one page of the archive (or of a section's archive) cut out of a
    /// larger magazine (a page's data): `articles` are that page's.
    pub archive_window: Option<ArchiveWindow>,
    /// Where the lookups by id find things in a large magazine; not part of its data.
    pub lookup: Lookup,
}

/// Which page of the archive a magazine slice holds, or with `section` of that section's
/// archive, and how many articles that archive has in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveWindow {
    pub number: u32,
    pub total: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionId>,
}

/// An index of a magazine's articles (by id, by issue, by section), built at its first
/// lookup and kept with it: the server's magazine is read once per feed edition, so each
/// edition builds it once, and a page's lookups no longer walk ten thousand articles. A
/// small magazine (a page's slice) is searched as it is. Two magazines with the same data
/// are equal whatever their indexes; a copy starts without one.
#[derive(Default)]
pub struct Lookup(IndexCell);

/// Where the index is kept: on the server, which holds the whole magazine. The app holds
/// pages' slices only (a few dozen articles): its build keeps no index, and leaves the
/// index's code out (issue 11's size budget).
#[cfg(any(feature = "ssr", test))]
type IndexCell = OnceLock<Index>;
#[cfg(not(any(feature = "ssr", test)))]
type IndexCell = ();

impl Clone for Lookup {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for Lookup {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[cfg(any(feature = "ssr", test))]
        let built = self.0.get().is_some();
        #[cfg(not(any(feature = "ssr", test)))]
        let built = false;
        f.write_str(if built { "Lookup(built)" } else { "Lookup" })
    }
}

/// Positions in `Magazine::articles`, newest first.
#[cfg_attr(not(any(feature = "ssr", test)), allow(dead_code))]
struct Index {
    /// The articles the index was built from (their number and where they lie): a
    /// magazine that gained or lost articles since is searched as it is (articles
    /// changed in place after a lookup are not seen: the server's magazine never is).
    built_from: (usize, usize),
    by_id: HashMap<ArticleId, usize>,
    by_issue: HashMap<IssueId, Vec<usize>>,
    by_section: HashMap<SectionId, Vec<usize>>,
}

/// Below this many articles a walk is cheaper than building an index.
#[cfg(any(feature = "ssr", test))]
const INDEXED_FROM: usize = 64;

#[cfg_attr(not(any(feature = "ssr", test)), allow(dead_code))]
impl Index {
    fn new(articles: &[Article]) -> Self {
        let mut index = Self {
            built_from: (articles.len(), articles.as_ptr() as usize),
            by_id: HashMap::with_capacity(articles.len()),
            by_issue: HashMap::new(),
            by_section: HashMap::new(),
        };
        for (at, article) in articles.iter().enumerate() {
            index.by_id.entry(article.id.clone()).or_insert(at);
            if let Some(issue) = &article.issue {
                index.by_issue.entry(issue.clone()).or_default().push(at);
            }
            if let Some(section) = &article.section {
                index.by_section.entry(section.clone()).or_default().push(at);
            }
        }
        index
    }
}

/// Front page: the current issue and the newest articles of each section.
pub struct FrontData<'a> {
    pub current_issue: Option<&'a Issue>,
    pub by_section: Vec<(&'a Section, Vec<&'a Article>)>,
    /// Newest articles when the feed has no sections.
    pub latest: Vec<&'a Article>,
}

/// How many articles the front page shows per section.
pub const FRONT_PER_SECTION: usize = 3;

/// Articles on one page of a section, newest first (`/sektion/nyt`, `/sektion/nyt/2`, …):
/// as many as the demo's fullest section has, so its sections fit on one page and a
/// section of a large archive is a page of the same size (docs/measurements.md).
pub const SECTION_PAGE_SIZE: usize = 8;

/// Articles on one page of the archive ("Alle artikler").
pub const ARCHIVE_PAGE_SIZE: usize = 20;

/// One page of a paged list (the archive, a section): newest first, undated ones last.
pub struct ListPage<'a> {
    /// 1-based.
    pub number: u32,
    /// How many pages the archive has (at least 1).
    pub pages: u32,
    /// How many articles the archive has in all.
    pub total: usize,
    pub articles: Vec<&'a Article>,
}

/// A group of an issue's table of contents.
pub struct TocGroup<'a> {
    pub section: Option<&'a Section>,
    pub articles: Vec<&'a Article>,
}

impl Magazine {
    pub fn issue(&self, id: &IssueId) -> Option<&Issue> {
        self.issues.iter().find(|i| &i.id == id)
    }

    pub fn section(&self, id: &SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| &s.id == id)
    }

    pub fn article(&self, id: &ArticleId) -> Option<&Article> {
        #[cfg(any(feature = "ssr", test))]
        if let Some(index) = self.index() {
            return index.by_id.get(id).and_then(|at| self.articles.get(*at));
        }
        self.articles.iter().find(|a| &a.id == id)
    }

    /// Builds the lookups' index now (a large magazine's), not at the first lookup: the
    /// server does it as it reads a feed edition, before any request needs it.
    #[cfg(any(feature = "ssr", test))]
    pub fn build_index(&self) {
        let _ = self.index();
    }

    /// The index of a large magazine, built at the first lookup; `None` for a small one
    /// (or one that gained or lost articles since it was built).
    #[cfg(any(feature = "ssr", test))]
    fn index(&self) -> Option<&Index> {
        if self.articles.len() < INDEXED_FROM {
            return None;
        }
        let index = self.lookup.0.get_or_init(|| Index::new(&self.articles));
        (index.built_from == (self.articles.len(), self.articles.as_ptr() as usize)).then_some(index)
    }

    /// The articles at `positions` (an index's).
    #[cfg(any(feature = "ssr", test))]
    fn at<'a>(&'a self, positions: &'a [usize]) -> impl Iterator<Item = &'a Article> + 'a {
        positions.iter().filter_map(|at| self.articles.get(*at))
    }

    /// How many articles section `id` has, and `take` of them after the `skip` newest.
    fn of_section(&self, id: &SectionId, skip: usize, take: usize) -> (usize, Vec<&Article>) {
        #[cfg(any(feature = "ssr", test))]
        if let Some(index) = self.index() {
            let all = index.by_section.get(id).map_or(&[][..], Vec::as_slice);
            return (all.len(), self.at(all).skip(skip).take(take).collect());
        }
        let mut total = 0;
        let mut articles = Vec::new();
        for article in self.articles.iter().filter(|a| a.section.as_ref() == Some(id)) {
            if total >= skip && articles.len() < take {
                articles.push(article);
            }
            total += 1;
        }
        (total, articles)
    }

    /// The newest issue.
    pub fn current_issue(&self) -> Option<&Issue> {
        self.issues.first()
    }

    pub fn front(&self) -> FrontData<'_> {
        let by_section = self
            .sections
            .iter()
            .map(|s| (s, self.of_section(&s.id, 0, FRONT_PER_SECTION).1))
            .filter(|(_, articles): &(_, Vec<_>)| !articles.is_empty())
            .collect();
        let latest = if self.sections.is_empty() { self.articles.iter().take(12).collect() } else { Vec::new() };
        FrontData { current_issue: self.current_issue(), by_section, latest }
    }

    /// An issue's articles by page number (articles without a page last).
    pub fn issue_articles(&self, id: &IssueId) -> Vec<&Article> {
        let walk = || self.articles.iter().filter(|a| a.issue.as_ref() == Some(id)).collect();
        #[cfg(any(feature = "ssr", test))]
        let articles: Vec<&Article> = match self.index() {
            Some(index) => self.at(index.by_issue.get(id).map_or(&[][..], Vec::as_slice)).collect(),
            None => walk(),
        };
        #[cfg(not(any(feature = "ssr", test)))]
        let articles: Vec<&Article> = walk();
        by_page(articles)
    }

    /// The table of contents: grouped by section, groups in order of their first page.
    pub fn toc(&self, id: &IssueId) -> Vec<TocGroup<'_>> {
        let mut groups: Vec<TocGroup<'_>> = Vec::new();
        for article in self.issue_articles(id) {
            let section = article.section.as_ref().and_then(|s| self.section(s));
            match groups.iter_mut().find(|g| g.section.map(|s| &s.id) == section.map(|s| &s.id)) {
                Some(group) => group.articles.push(article),
                None => groups.push(TocGroup { section, articles: vec![article] }),
            }
        }
        groups
    }

    /// A section's articles, newest first.
    pub fn section_articles(&self, id: &SectionId) -> Vec<&Article> {
        self.of_section(id, 0, usize::MAX).1
    }

    /// Page `number` (1-based) of section `id`: [`SECTION_PAGE_SIZE`] articles, newest
    /// first; empty past the last page.
    pub fn section_page(&self, id: &SectionId, number: u32) -> ListPage<'_> {
        match &self.archive_window {
            Some(w) if w.number == number && w.section.as_ref() == Some(id) => {
                list_page(number, w.total, SECTION_PAGE_SIZE, self.articles.iter().collect())
            }
            _ => {
                let start = (number.max(1) as usize - 1).saturating_mul(SECTION_PAGE_SIZE);
                let (total, articles) = self.of_section(id, start, SECTION_PAGE_SIZE);
                list_page(number, total, SECTION_PAGE_SIZE, articles)
            }
        }
    }

    /// Page `number` (1-based) of the archive; empty past the last page.
    pub fn archive(&self, number: u32) -> ListPage<'_> {
        match &self.archive_window {
            Some(w) if w.number == number && w.section.is_none() => {
                list_page(number, w.total, ARCHIVE_PAGE_SIZE, self.articles.iter().collect())
            }
            _ => {
                let start = (number.max(1) as usize - 1).saturating_mul(ARCHIVE_PAGE_SIZE);
                let articles = self.articles.iter().skip(start).take(ARCHIVE_PAGE_SIZE).collect();
                list_page(number, self.articles.len(), ARCHIVE_PAGE_SIZE, articles)
            }
        }
    }

    /// The copyright notice of `article`: its own, else the publication's.
    pub fn copyright<'a>(&'a self, article: &'a Article) -> Option<&'a str> {
        article.copyright.as_deref().or(self.publication.copyright.as_deref())
    }

    pub fn related(&self, article: &Article) -> Vec<&Article> {
        article.related.iter().filter_map(|id| self.article(id)).collect()
    }
}

/// `articles` by page number, those without one last, ties in the order given. The app sorts
/// an issue it has (a few dozen articles) by stable insertion: the standard library's stable
/// sort would add about 3.5 KB to it. The server, which may hold a hostile feed's
/// thousands in one issue, sorts with the standard library.
fn by_page(mut articles: Vec<&Article>) -> Vec<&Article> {
    let page = |a: &Article| a.page.unwrap_or(u32::MAX);
    if cfg!(feature = "ssr") {
        articles.sort_by_key(|a| page(a));
        return articles;
    }
    let mut sorted: Vec<&Article> = Vec::with_capacity(articles.len());
    for article in articles {
        let at = sorted.partition_point(|b| page(b) <= page(article));
        sorted.insert(at, article);
    }
    sorted
}

fn list_page(number: u32, total: usize, size: usize, articles: Vec<&Article>) -> ListPage<'_> {
    let pages = u32::try_from(total.div_ceil(size).max(1)).unwrap_or(u32::MAX);
    ListPage { number, pages, total, articles }
}

/// Makes a URL-safe id from any text: lowercase ASCII letters, digits and dashes,
/// with Danish letters spelled out (æ → ae, ø → oe, å → aa).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(SLUG_MAX));
    let mut buf = [0u8; 4];
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let spelled: &str = match c {
            'a'..='z' | '0'..='9' => c.encode_utf8(&mut buf),
            'æ' | 'ä' => "ae",
            'ø' | 'ö' => "oe",
            'å' => "aa",
            'é' | 'è' | 'ê' => "e",
            'ü' => "u",
            _ if out.is_empty() || out.ends_with('-') => continue,
            _ => "-",
        };
        // Stop before the limit, never across it: a slug read again stays the same.
        if out.len() + spelled.len() > SLUG_MAX {
            break;
        }
        out.push_str(spelled);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The longest slug, in bytes (all ASCII).
const SLUG_MAX: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` articles, newest first: `a0`, `a1`, …; every third in section `s`, every
    /// tenth in issue `i`.
    fn magazine(n: usize) -> Magazine {
        let article = |i: usize| Article {
            id: ArticleId::new(format!("a{i}")),
            title: format!("A{i}"),
            summary: None,
            body: None,
            image: None,
            published: None,
            authors: Vec::new(),
            issue: i.is_multiple_of(10).then(|| IssueId::new("i")),
            page: Some(u32::try_from(n - i).unwrap_or(0)),
            section: i.is_multiple_of(3).then(|| SectionId::new("s")),
            related: Vec::new(),
            copyright: None,
            language: None,
        };
        Magazine {
            sections: vec![Section { id: SectionId::new("s"), name: "S".into() }],
            articles: (0..n).map(article).collect(),
            ..Magazine::default()
        }
    }

    fn ids<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Vec<String> {
        articles.into_iter().map(|a| a.id.to_string()).collect()
    }

    #[test]
    fn a_section_pages_like_the_archive() {
        let m = magazine(30);
        let s = SectionId::new("s");
        let first = m.section_page(&s, 1);
        assert_eq!((first.number, first.pages, first.total), (1, 2, 10));
        assert_eq!(ids(first.articles), ["a0", "a3", "a6", "a9", "a12", "a15", "a18", "a21"]);
        let second = m.section_page(&s, 2);
        assert_eq!(ids(second.articles), ["a24", "a27"], "the oldest on the last page");
        assert!(m.section_page(&s, 3).articles.is_empty());
        let nothing = m.section_page(&SectionId::new("none"), 1);
        assert_eq!((nothing.pages, nothing.total, nothing.articles.len()), (1, 0, 0));
    }

    #[test]
    fn a_large_magazine_answers_from_its_index_as_a_walk_would() {
        let m = magazine(1000);
        let s = SectionId::new("s");
        assert_eq!(format!("{:?}", m.lookup), "Lookup", "not before it is needed");
        assert_eq!(m.article(&ArticleId::new("a777")).map(|a| a.title.as_str()), Some("A777"));
        assert!(m.article(&ArticleId::new("a1000")).is_none());
        assert_eq!(format!("{:?}", m.lookup), "Lookup(built)", "the lookup built the index");
        let walked: Vec<&Article> = m.articles.iter().filter(|a| a.section.as_ref() == Some(&s)).collect();
        assert_eq!(ids(m.section_articles(&s)), ids(walked.iter().copied()));
        let page = m.section_page(&s, 3);
        assert_eq!((page.pages, page.total), (42, 334));
        assert_eq!(ids(page.articles), ids(walked[16..24].iter().copied()));
        let issue = m.issue_articles(&IssueId::new("i"));
        assert_eq!(issue.len(), 100);
        assert_eq!(issue.first().map(|a| a.id.as_str()), Some("a990"), "by page number");
        assert_eq!(ids(m.front().by_section.remove(0).1), ["a0", "a3", "a6"]);
        let copy = m.clone();
        assert_eq!(copy, m, "equal whatever their indexes");
        assert_eq!(format!("{:?}", copy.lookup), "Lookup", "a copy builds its own");
    }

    #[test]
    fn an_issue_is_in_page_order_ties_in_feed_order_and_unpaged_last() {
        let mut m = magazine(10);
        let pages = [Some(5), None, Some(2), Some(5), Some(1), None, Some(2), Some(9), Some(5), Some(1)];
        for (article, page) in m.articles.iter_mut().zip(pages) {
            article.issue = Some(IssueId::new("i"));
            article.page = page;
        }
        let order = ["a4", "a9", "a2", "a6", "a0", "a3", "a8", "a7", "a1", "a5"];
        assert_eq!(ids(m.issue_articles(&IssueId::new("i"))), order);
        let big = magazine(1000);
        let _ = big.article(&ArticleId::new("a1"));
        let mut by_index = big.clone();
        by_index.articles.iter_mut().for_each(|a| a.page = a.page.map(|p| p % 7));
        let walked: Vec<&Article> = {
            let mut all: Vec<&Article> = by_index.articles.iter().filter(|a| a.issue.is_some()).collect();
            all.sort_by_key(|a| a.page.unwrap_or(u32::MAX));
            all
        };
        assert_eq!(ids(by_index.issue_articles(&IssueId::new("i"))), ids(walked), "the same as a stable sort");
    }

    #[test]
    fn a_magazine_changed_after_a_lookup_is_not_answered_from_a_stale_index() {
        let mut m = magazine(100);
        assert!(m.article(&ArticleId::new("a5")).is_some());
        m.articles.truncate(50);
        m.articles.extend(magazine(200).articles.into_iter().skip(140));
        assert_eq!(m.article(&ArticleId::new("a160")).map(|a| a.title.as_str()), Some("A160"));
        assert!(m.article(&ArticleId::new("a60")).is_none());
    }

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slug("Ny legeplads i afdeling 4"), "ny-legeplads-i-afdeling-4");
        assert_eq!(slug("Grønt & miljø"), "groent-miljoe");
        assert_eq!(slug("https://blog.example/?p=12"), "https-blog-example-p-12");
        assert_eq!(slug("  --  "), "");
    }

    #[test]
    fn slugs_are_stable_when_read_again() {
        let long_danish = "æ".repeat(41);
        for text in [long_danish.as_str(), &"a".repeat(79), &format!("{}æ", "a".repeat(79)), "Grønt & miljø", "x-y--z-"]
        {
            let once = slug(text);
            assert!(once.len() <= SLUG_MAX, "{once}");
            assert_eq!(slug(&once), once, "{text}");
        }
        assert_eq!(slug(&format!("{}æ", "a".repeat(79))), "a".repeat(79), "a two-letter spelling is not cut in half");
    }
}
