//! What can be wrong with an editor's sources, said in Danish with the file, the line and
//! the field — every message the volunteer editors see lives here.

use std::fmt;

/// One thing to fix: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file as the editor knows it (relative to the folder the command was given).
    pub file: String,
    /// 1-based; `None` for a problem of the whole file.
    pub line: Option<usize>,
    pub kind: Kind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, linje {line}: {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

/// The kinds of problems. Fields are named as the editor writes them (`titel`, `blad`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The file could not be read at all.
    Unreadable(String),
    NoFrontMatter,
    UnclosedFrontMatter,
    /// TOML that cannot be read (a missing quote, a missing `=`).
    Syntax(String),
    Missing(&'static str),
    MissingAlt,
    UnknownField(String),
    /// `field` must be `expected` (a Danish description: "tekst", "et helt tal over 0").
    WrongType {
        field: String,
        expected: &'static str,
    },
    BadDate(String),
    BadLanguage(String),
    BadId {
        field: &'static str,
        value: String,
    },
    BadFileName,
    DuplicateId(String),
    /// Two `[[blad]]` or two `[[sektion]]` with one `id`.
    DuplicateEntry(String),
    UnknownIssue(String),
    UnknownSection(String),
    UnknownRelated(String),
    PageWithoutIssue,
    ImageMissing(String),
    ImageUnreadable(String),
    ImageFormat(String),
    ImageNameTaken(String),
    ImageOutsideFolder(String),
    EmptyFolder,
    NoMagazineFile,
    /// `--from-feed`: the feed could not be fetched or read.
    Feed(String),
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Unreadable(e) => write!(f, "filen kan ikke læses ({e})"),
            Kind::NoFrontMatter => {
                f.write_str("filen skal begynde med en linje med +++, så felterne (titel, manchet …) og en linje med +++")
            }
            Kind::UnclosedFrontMatter => f.write_str("felterne øverst slutter ikke: mangler en linje med +++ efter dem"),
            Kind::Syntax(e) => write!(f, "kan ikke læses ({e}); husk anførselstegn om tekst, fx titel = \"Ny legeplads\""),
            Kind::Missing(field) => write!(f, "mangler feltet {field}"),
            Kind::MissingAlt => f.write_str("mangler alt-tekst til billedet"),
            Kind::UnknownField(field) => write!(f, "ukendt felt {field} (stavefejl?)"),
            Kind::WrongType { field, expected } => write!(f, "feltet {field} skal være {expected}"),
            Kind::BadDate(field) => {
                write!(f, "feltet {field} skal være en dato som 2024-06-05 eller et tidspunkt som 2024-06-05T08:00:00+02:00")
            }
            Kind::BadLanguage(value) => write!(f, "feltet sprog: \"{value}\" er ikke en sprogkode som da, ar eller so"),
            Kind::BadId { field, value } => write!(
                f,
                "feltet {field}: \"{value}\" kan ikke bruges i en adresse; brug små bogstaver, tal og bindestreger"
            ),
            Kind::BadFileName => f.write_str(
                "filnavnet bliver artiklens adresse og må kun have små bogstaver a-z, tal og bindestreger (fx ny-legeplads.md)",
            ),
            Kind::DuplicateId(other) => write!(f, "en anden artikel har samme filnavn: {other}"),
            Kind::DuplicateEntry(id) => write!(f, "feltet id: \"{id}\" er brugt før i filen"),
            Kind::UnknownIssue(id) => write!(f, "feltet blad: bladet \"{id}\" findes ikke i magasin.toml"),
            Kind::UnknownSection(id) => write!(f, "feltet sektion: sektionen \"{id}\" findes ikke i magasin.toml"),
            Kind::UnknownRelated(id) => {
                write!(f, "feltet relaterede: der er ingen artikel \"{id}\" (skriv filnavnet uden .md)")
            }
            Kind::PageWithoutIssue => f.write_str("feltet side kræver feltet blad (siden i hvilket blad?)"),
            Kind::ImageMissing(path) => write!(f, "billedet {path} findes ikke"),
            Kind::ImageUnreadable(path) => write!(f, "billedet {path} kan ikke læses"),
            Kind::ImageFormat(path) => {
                write!(f, "billedet {path} er ikke i et kendt format (brug JPEG, PNG, WebP, GIF eller AVIF)")
            }
            Kind::ImageNameTaken(other) => {
                write!(f, "et andet billede med samme filnavn bruges allerede ({other}); omdøb det ene")
            }
            Kind::ImageOutsideFolder(path) => write!(f, "billedet {path} ligger uden for mappen"),
            Kind::EmptyFolder => f.write_str("mappen har ingen artikler (.md-filer)"),
            Kind::NoMagazineFile => {
                f.write_str("mappen mangler filen magasin.toml (bladets navn, sektioner og numre; se docs/editors.md)")
            }
            Kind::Feed(e) => write!(f, "feedet kan ikke hentes eller læses: {e}"),
        }
    }
}

/// Every problem found, in order of file and line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, file: &str, line: Option<usize>, kind: Kind) {
        self.0.push(Problem { file: file.to_string(), line, kind });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        match self.0.len() {
            1 => write!(f, "1 fejl. Ingen filer er skrevet."),
            n => write!(f, "{n} fejl. Ingen filer er skrevet."),
        }
    }
}
