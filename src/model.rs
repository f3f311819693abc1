//! Domain types of a magazine (publication, issues, sections, articles) and the
//! questions pages ask of it.

use std::fmt;

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
/// server publishes (see `feed.rs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "crate::feed::Document", into = "crate::feed::Document")]
pub struct Magazine {
    pub publication: Publication,
    /// Newest first.
    pub issues: Vec<Issue>,
    /// In navigation order.
    pub sections: Vec<Section>,
    /// Newest first.
    pub articles: Vec<Article>,
    /// Set when this is one page of the archive cut out of a larger magazine (a
    /// page's data): `articles` are that page's.
    pub archive_window: Option<ArchiveWindow>,
}

/// Which archive page a magazine slice holds, and how many articles there are in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveWindow {
    pub number: u32,
    pub total: usize,
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

/// Articles a section's page shows, newest first; older ones are in the archive.
pub const SECTION_PAGE_SIZE: usize = 30;

/// Articles on one page of the archive ("Alle artikler").
pub const ARCHIVE_PAGE_SIZE: usize = 20;

/// One page of the archive: every article, newest first, undated ones last.
pub struct ArchivePage<'a> {
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
        self.articles.iter().find(|a| &a.id == id)
    }

    /// The newest issue.
    pub fn current_issue(&self) -> Option<&Issue> {
        self.issues.first()
    }

    pub fn front(&self) -> FrontData<'_> {
        let by_section = self
            .sections
            .iter()
            .map(|s| {
                let of_section = self.articles.iter().filter(|a| a.section.as_ref() == Some(&s.id));
                (s, of_section.take(FRONT_PER_SECTION).collect())
            })
            .filter(|(_, articles): &(_, Vec<_>)| !articles.is_empty())
            .collect();
        let latest = if self.sections.is_empty() { self.articles.iter().take(12).collect() } else { Vec::new() };
        FrontData { current_issue: self.current_issue(), by_section, latest }
    }

    /// An issue's articles by page number (articles without a page last).
    pub fn issue_articles(&self, id: &IssueId) -> Vec<&Article> {
        let mut articles: Vec<&Article> = self.articles.iter().filter(|a| a.issue.as_ref() == Some(id)).collect();
        articles.sort_by_key(|a| a.page.unwrap_or(u32::MAX));
        articles
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
        self.articles.iter().filter(|a| a.section.as_ref() == Some(id)).collect()
    }

    /// What a section's page shows: its [`SECTION_PAGE_SIZE`] newest articles, and
    /// whether it has older ones.
    pub fn section_page(&self, id: &SectionId) -> (Vec<&Article>, bool) {
        let mut articles: Vec<&Article> =
            self.articles.iter().filter(|a| a.section.as_ref() == Some(id)).take(SECTION_PAGE_SIZE + 1).collect();
        let more = articles.len() > SECTION_PAGE_SIZE;
        articles.truncate(SECTION_PAGE_SIZE);
        (articles, more)
    }

    /// Page `number` (1-based) of the archive; empty past the last page.
    pub fn archive(&self, number: u32) -> ArchivePage<'_> {
        let (total, articles) = match self.archive_window {
            Some(window) if window.number == number => (window.total, self.articles.iter().collect()),
            _ => {
                let start = (number.max(1) as usize - 1).saturating_mul(ARCHIVE_PAGE_SIZE);
                (self.articles.len(), self.articles.iter().skip(start).take(ARCHIVE_PAGE_SIZE).collect())
            }
        };
        let pages = u32::try_from(total.div_ceil(ARCHIVE_PAGE_SIZE).max(1)).unwrap_or(u32::MAX);
        ArchivePage { number, pages, total, articles }
    }

    /// The copyright notice of `article`: its own, else the publication's.
    pub fn copyright<'a>(&'a self, article: &'a Article) -> Option<&'a str> {
        article.copyright.as_deref().or(self.publication.copyright.as_deref())
    }

    pub fn related(&self, article: &Article) -> Vec<&Article> {
        article.related.iter().filter_map(|id| self.article(id)).collect()
    }
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
