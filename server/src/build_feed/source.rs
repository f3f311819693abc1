//! An editor's folder read into a magazine: `magasin.toml` (the publication, its sections
//! and issues) and one Markdown file per article with its fields in TOML between `+++`
//! lines. Every problem is collected with its file and line; none stops the reading.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::sanitize::sanitize;
use beboerblad::date::Timestamp;
use beboerblad::model::{
    Article, ArticleId, Image, Issue, IssueId, Language, Magazine, Publication, Section, SectionId, slug,
};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::images::Pictures;
use super::markdown::{self, Shown};
use super::problems::{Kind, Problems};

/// The magazine's own file in the folder.
pub const MAGAZINE_FILE: &str = "magasin.toml";
/// The URL the magazine is read as if from: relative URLs resolve against it, as the
/// server resolves those of `content/feed.json`.
pub const FEED_URL: &str = "/feed.json";

const MAGAZINE_FIELDS: &[&str] =
    &["navn", "beskrivelse", "hjemmeside", "sprog", "kontakt", "kolofon", "ophavsret", "sektion", "blad"];
const SECTION_FIELDS: &[&str] = &["id", "navn"];
const ISSUE_FIELDS: &[&str] = &["id", "titel", "dato", "sider", "forside", "alt-tekst"];
const ARTICLE_FIELDS: &[&str] = &[
    "titel",
    "manchet",
    "forfatter",
    "dato",
    "blad",
    "side",
    "sektion",
    "relaterede",
    "billede",
    "alt-tekst",
    "ophavsret",
    "sprog",
];

/// A magazine read from sources, with the pictures to copy beside its feed.
#[derive(Debug, Default)]
pub struct Built {
    pub magazine: Magazine,
    pub pictures: Pictures,
}

/// Reads the folder `dir`; every problem in it, or the magazine.
pub fn read(dir: &Path) -> Result<Built, Problems> {
    let mut reader = Reader { dir, problems: Problems::default(), pictures: Pictures::default() };
    let (publication, language, sections, mut issues) = reader.magazine_file();
    let files = markdown_files(dir);
    if files.is_empty() {
        reader.problems.add(&display(dir), None, Kind::EmptyFolder);
    }
    // Every file's id, also of files that cannot be read: one mistake is reported once,
    // not again in each article that names that file as related.
    let all_ids: HashSet<ArticleId> =
        files.iter().filter_map(|f| f.file_stem()).map(|s| ArticleId::new(s.to_string_lossy())).collect();
    let mut articles = Vec::new();
    let mut ids: HashMap<ArticleId, String> = HashMap::new();
    let mut related: Vec<(String, Vec<Written>)> = Vec::new();
    let mut references: Vec<(String, Option<Written>, Option<Written>)> = Vec::new();
    for path in files {
        let name = relative_name(dir, &path);
        let Some(read) = reader.article(&path, &name) else { continue };
        if let Some(other) = ids.insert(read.article.id.clone(), name.clone()) {
            reader.problems.add(&name, None, Kind::DuplicateId(other));
        }
        related.push((name.clone(), read.related));
        references.push((name, read.issue, read.section));
        articles.push(read.article);
    }

    // References between files, now that every file is read.
    let issue_ids: HashSet<&str> = issues.iter().map(|i| i.id.as_str()).collect();
    let section_ids: HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    for (article, (name, issue, section)) in articles.iter_mut().zip(&references) {
        if let Some((id, line)) = issue.as_ref().filter(|(id, _)| !issue_ids.contains(id.as_str())) {
            reader.problems.add(name, Some(*line), Kind::UnknownIssue(id.clone()));
        }
        if let Some((id, line)) = section.as_ref().filter(|(id, _)| !section_ids.contains(id.as_str())) {
            reader.problems.add(name, Some(*line), Kind::UnknownSection(id.clone()));
        }
        article.language = article.language.take().or_else(|| language.clone());
    }
    for (article, (name, wanted)) in articles.iter_mut().zip(related) {
        let mut seen = HashSet::new();
        for (id, line) in wanted {
            let id = ArticleId::new(id);
            if !all_ids.contains(&id) {
                reader.problems.add(&name, Some(line), Kind::UnknownRelated(id.to_string()));
            } else if id != article.id && ids.contains_key(&id) && seen.insert(id.clone()) {
                article.related.push(id);
            }
        }
    }
    if !reader.problems.is_empty() {
        return Err(reader.problems.sorted());
    }
    // The order the reader keeps: issues and articles newest first (undated last, in
    // the order of their files).
    issues.sort_by(|a, b| b.date.cmp(&a.date));
    articles.sort_by(|a, b| b.published.cmp(&a.published));
    let magazine =
        Magazine { publication, issues, sections, articles, archive_window: None, lookup: Default::default() };
    Ok(Built { magazine, pictures: reader.pictures })
}

struct Reader<'d> {
    dir: &'d Path,
    problems: Problems,
    pictures: Pictures,
}

/// A value as the editor wrote it, and its line.
type Written = (String, usize);

/// An article as its file gives it, with the references checked once all are read.
struct ReadArticle {
    article: Article,
    issue: Option<Written>,
    section: Option<Written>,
    related: Vec<Written>,
}

impl Reader<'_> {
    fn magazine_file(&mut self) -> (Publication, Option<Language>, Vec<Section>, Vec<Issue>) {
        let path = self.dir.join(MAGAZINE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                match e.kind() {
                    std::io::ErrorKind::NotFound => self.problems.add(&display(self.dir), None, Kind::NoMagazineFile),
                    _ => self.problems.add(MAGAZINE_FILE, None, Kind::Unreadable(e.to_string())),
                }
                return Default::default();
            }
        };
        let Some(table) = self.parse(MAGAZINE_FILE, &text, 1) else { return Default::default() };
        let mut f = Fields { file: MAGAZINE_FILE, text: &text, first_line: 1, problems: &mut self.problems };
        f.unknown(&table, MAGAZINE_FIELDS);
        let publication = Publication {
            name: f.required_text(&table, "navn").map(|(t, _)| t).unwrap_or_default(),
            description: f.text(&table, "beskrivelse").map(|(t, _)| t),
            contact: f.text(&table, "kontakt").map(|(t, _)| t),
            colophon: f.text(&table, "kolofon").map(|(t, _)| t),
            copyright: f.text(&table, "ophavsret").map(|(t, _)| t),
            home_page_url: f.web_url(&table, "hjemmeside"),
        };
        let language = f.language(&table);
        let mut sections = Vec::new();
        for t in f.tables(&table, "sektion") {
            f.unknown(t, SECTION_FIELDS);
            let id = f.id(t, "id");
            let name = f.required_text(t, "navn");
            if let (Some((id, line)), Some((name, _))) = (id, name) {
                if sections.iter().any(|s: &Section| s.id.as_str() == id) {
                    f.problems.add(f.file, Some(line), Kind::DuplicateEntry(id));
                } else {
                    sections.push(Section { id: SectionId::new(id), name });
                }
            }
        }
        let mut issues = Vec::new();
        let dir = self.dir;
        for t in f.tables(&table, "blad") {
            f.unknown(t, ISSUE_FIELDS);
            let id = f.id(t, "id");
            let title = f.required_text(t, "titel");
            let date = f.date(t, "dato");
            let pages = f.number(t, "sider");
            let cover = picture_field(&mut f, t, "forside", (dir, dir), &mut self.pictures);
            if let (Some((id, line)), Some((title, _))) = (id, title) {
                if issues.iter().any(|i: &Issue| i.id.as_str() == id) {
                    f.problems.add(f.file, Some(line), Kind::DuplicateEntry(id));
                } else {
                    issues.push(Issue { id: IssueId::new(id), title, date, cover, pages });
                }
            }
        }
        (publication, language, sections, issues)
    }

    fn article(&mut self, path: &Path, name: &str) -> Option<ReadArticle> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                self.problems.add(name, None, Kind::Unreadable(e.to_string()));
                return None;
            }
        };
        let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        if stem.is_empty() || slug(&stem) != stem {
            self.problems.add(name, None, Kind::BadFileName);
        }
        let (fields, body, body_line) = match split_front_matter(&text) {
            Ok(parts) => parts,
            Err(kind) => {
                self.problems.add(name, Some(1), kind);
                return None;
            }
        };
        let table = self.parse(name, fields, 2)?;
        let mut f = Fields { file: name, text: fields, first_line: 2, problems: &mut self.problems };
        f.unknown(&table, ARTICLE_FIELDS);
        let title = f.required_text(&table, "titel").map(|(t, _)| t);
        let summary = f.text(&table, "manchet").map(|(t, _)| t);
        let authors = f.texts(&table, "forfatter").into_iter().map(|(t, _)| t).collect();
        let published = f.date(&table, "dato");
        let issue = f.text(&table, "blad");
        let page = f.number(&table, "side");
        if page.is_some() && issue.is_none() {
            let line = f.line_of_key(&table, "side");
            f.problems.add(name, line, Kind::PageWithoutIssue);
        }
        let section = f.text(&table, "sektion");
        let related = f.texts(&table, "relaterede");
        let copyright = f.text(&table, "ophavsret").map(|(t, _)| t);
        let language = f.language(&table);
        let file_dir = path.parent().unwrap_or(self.dir).to_path_buf();
        let image = picture_field(&mut f, &table, "billede", (self.dir, &file_dir), &mut self.pictures);

        let (dir, pictures, problems) = (self.dir, &mut self.pictures, &mut self.problems);
        let html = markdown::to_html(
            body,
            body_line,
            |written, _line| {
                if crate::url::is_web_url(written) {
                    return Ok(Shown { src: written.to_string(), size: None });
                }
                let path = local(dir, &file_dir, written)?;
                let picture = pictures.add(&path, written)?;
                Ok(Shown { src: picture.url, size: Some((picture.width, picture.height)) })
            },
            |line, kind| problems.add(name, Some(line), kind),
        );
        // Trimmed as the reader trims `content_html`.
        let body = sanitize(html.trim(), FEED_URL);
        let body = (!body.as_str().trim().is_empty()).then_some(body);
        Some(ReadArticle {
            article: Article {
                id: ArticleId::new(stem),
                title: title.unwrap_or_default(),
                summary,
                body,
                image,
                published,
                authors,
                issue: issue.as_ref().map(|(i, _)| IssueId::new(i.clone())),
                page,
                section: section.as_ref().map(|(s, _)| SectionId::new(s.clone())),
                related: Vec::new(),
                copyright,
                language,
            },
            issue,
            section,
            related,
        })
    }

    /// A TOML table, or its syntax problems reported (`first_line`: where `text` starts).
    fn parse<'t>(&mut self, file: &str, text: &'t str, first_line: usize) -> Option<DeTable<'t>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        for e in &errors {
            let line = e.span().map(|s| line_at(text, s.start, first_line));
            self.problems.add(file, line, Kind::Syntax(e.message().trim().to_string()));
        }
        errors.is_empty().then(|| table.into_inner())
    }
}

/// A picture field with its `alt-tekst`: checked, measured and named.
fn picture_field(
    f: &mut Fields<'_>,
    table: &DeTable<'_>,
    key: &'static str,
    (root, dir): (&Path, &Path),
    pictures: &mut Pictures,
) -> Option<Image> {
    let (written, line) = f.text(table, key)?;
    let alt = f.text(table, "alt-tekst").map(|(t, _)| t);
    if alt.is_none() {
        f.problems.add(f.file, Some(line), Kind::MissingAlt);
    }
    let picture = local(root, dir, &written).and_then(|path| pictures.add(&path, &written));
    match picture {
        Ok(p) => Some(Image { src: p.url, alt: alt.unwrap_or_default(), width: Some(p.width), height: Some(p.height) }),
        Err(kind) => {
            f.problems.add(f.file, Some(line), kind);
            None
        }
    }
}

/// A picture's path as written in a file in `file_dir`, which must stay inside `root`.
fn local(root: &Path, file_dir: &Path, written: &str) -> Result<PathBuf, Kind> {
    let path = file_dir.join(written);
    let inside = match (path.canonicalize(), root.canonicalize()) {
        (Ok(path), Ok(root)) => path.starts_with(root),
        // Not there: say so (measuring it reports it).
        _ => true,
    };
    if inside { Ok(path) } else { Err(Kind::ImageOutsideFolder(written.into())) }
}

/// Reads fields of one file's TOML, reporting each problem with its line.
struct Fields<'a> {
    file: &'a str,
    text: &'a str,
    first_line: usize,
    problems: &'a mut Problems,
}

type Entry<'a, 't> = (&'a Spanned<std::borrow::Cow<'t, str>>, &'a Spanned<DeValue<'t>>);

impl Fields<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_at(self.text, span.start, self.first_line)
    }

    fn entry<'a, 't>(table: &'a DeTable<'t>, key: &str) -> Option<Entry<'a, 't>> {
        table.get_key_value(key)
    }

    fn line_of_key(&self, table: &DeTable<'_>, key: &str) -> Option<usize> {
        Self::entry(table, key).map(|(k, _)| self.line(k.span()))
    }

    /// The line of a table's first key: where a field missing from it would go.
    fn table_line(&self, table: &DeTable<'_>) -> usize {
        table.keys().map(|k| self.line(k.span())).min().unwrap_or(self.first_line)
    }

    fn wrong(&mut self, line: usize, field: &str, expected: &'static str) {
        self.problems.add(self.file, Some(line), Kind::WrongType { field: field.into(), expected });
    }

    fn unknown(&mut self, table: &DeTable<'_>, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.get_ref().as_ref()) {
                let line = self.line(key.span());
                self.problems.add(self.file, Some(line), Kind::UnknownField(key.get_ref().to_string()));
            }
        }
    }

    /// A non-empty text field (trimmed), with its line.
    fn text(&mut self, table: &DeTable<'_>, key: &str) -> Option<Written> {
        let (_, value) = Self::entry(table, key)?;
        let line = self.line(value.span());
        match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some((s.trim().to_string(), line)),
            DeValue::String(_) => None,
            _ => {
                self.wrong(line, key, "tekst i anførselstegn");
                None
            }
        }
    }

    fn required_text(&mut self, table: &DeTable<'_>, key: &'static str) -> Option<Written> {
        let found = self.text(table, key);
        if found.is_none() && Self::entry(table, key).is_none_or(|(_, v)| v.get_ref().is_str()) {
            let line = self.table_line(table);
            self.problems.add(self.file, Some(line), Kind::Missing(key));
        }
        found
    }

    /// A text or a list of texts.
    fn texts(&mut self, table: &DeTable<'_>, key: &str) -> Vec<Written> {
        let Some((_, value)) = Self::entry(table, key) else { return Vec::new() };
        let line = self.line(value.span());
        match value.get_ref() {
            DeValue::String(s) => {
                vec![(s.trim().to_string(), line)].into_iter().filter(|(s, _)| !s.is_empty()).collect()
            }
            DeValue::Array(items) if items.iter().all(|i| i.get_ref().is_str()) => items
                .iter()
                .filter_map(|i| i.get_ref().as_str().map(|s| (s.trim().to_string(), self.line(i.span()))))
                .filter(|(s, _)| !s.is_empty())
                .collect(),
            _ => {
                self.wrong(line, key, "tekst eller en liste af tekster, fx [\"a\", \"b\"]");
                Vec::new()
            }
        }
    }

    /// A whole number above 0.
    fn number(&mut self, table: &DeTable<'_>, key: &str) -> Option<u32> {
        let (_, value) = Self::entry(table, key)?;
        let line = self.line(value.span());
        let n = value.get_ref().as_integer().and_then(|i| u32::from_str_radix(i.as_str(), i.radix()).ok());
        match n.filter(|&n| n > 0) {
            Some(n) => Some(n),
            None => {
                self.wrong(line, key, "et helt tal over 0 (uden anførselstegn)");
                None
            }
        }
    }

    /// A date (`2024-06-05`) or a time (`2024-06-05T08:00:00+02:00`), bare or quoted.
    fn date(&mut self, table: &DeTable<'_>, key: &str) -> Option<Timestamp> {
        let (_, value) = Self::entry(table, key)?;
        let line = self.line(value.span());
        let text = match value.get_ref() {
            DeValue::Datetime(d) if d.date.is_some() => Some(d.to_string()),
            DeValue::String(s) => Some(s.trim().to_string()),
            _ => None,
        };
        let stamp = text.and_then(|t| Timestamp::parse(&t));
        if stamp.is_none() {
            self.problems.add(self.file, Some(line), Kind::BadDate(key.into()));
        }
        stamp
    }

    /// An id that can be part of an address, as the reader makes them, with its line.
    fn id(&mut self, table: &DeTable<'_>, key: &'static str) -> Option<Written> {
        let (id, line) = self.required_text(table, key)?;
        if slug(&id) == id {
            Some((id, line))
        } else {
            self.problems.add(self.file, Some(line), Kind::BadId { field: key, value: id });
            None
        }
    }

    fn language(&mut self, table: &DeTable<'_>) -> Option<Language> {
        let (tag, line) = self.text(table, "sprog")?;
        let language = Language::parse(&tag);
        if language.is_none() {
            self.problems.add(self.file, Some(line), Kind::BadLanguage(tag));
        }
        language
    }

    fn web_url(&mut self, table: &DeTable<'_>, key: &str) -> Option<String> {
        let (url, line) = self.text(table, key)?;
        if crate::url::is_web_url(&url) {
            Some(url)
        } else {
            self.wrong(line, key, "en webadresse, der begynder med https://");
            None
        }
    }

    /// The tables of an array of tables (`[[blad]]`).
    fn tables<'a, 't>(&mut self, table: &'a DeTable<'t>, key: &str) -> Vec<&'a DeTable<'t>> {
        let Some((_, value)) = Self::entry(table, key) else { return Vec::new() };
        match value.get_ref() {
            DeValue::Array(items) if items.iter().all(|i| i.get_ref().as_table().is_some()) => {
                items.iter().filter_map(|i| i.get_ref().as_table()).collect()
            }
            _ => {
                let line = self.line(value.span());
                self.wrong(line, key, "en række afsnit, der hver begynder med [[sektion]] eller [[blad]]");
                Vec::new()
            }
        }
    }
}

/// The fields between the opening and closing `+++` lines, the text after them and the
/// line that text starts on.
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), Kind> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim() != "+++" {
        return Err(Kind::NoFrontMatter);
    }
    let start = first.len();
    let mut offset = start;
    for (n, line) in lines.enumerate() {
        if line.trim() == "+++" {
            return Ok((&text[start..offset], &text[offset + line.len()..], n + 3));
        }
        offset += line.len();
    }
    Err(Kind::UnclosedFrontMatter)
}

fn line_at(text: &str, offset: usize, first_line: usize) -> usize {
    first_line + text[..offset.min(text.len())].matches('\n').count()
}

/// Every `.md` file below `dir`, in the order of their paths.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A path inside `dir` as the editor sees it (`artikler/ny-legeplads.md`).
fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
