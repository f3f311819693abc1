//! Where the database is: `--db` is a SQLite file's path, or a PostgreSQL URL.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use thiserror::Error;

/// A SQLite file, or a PostgreSQL server and database.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// The file (created, with its directory, if missing).
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL, as libpq takes it
    /// (`postgres://user:password@host:port/database?sslmode=…`).
    Postgres(String),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum LocationError {
    #[error("give --db a file path or a postgres:// URL")]
    Empty,
    #[error("{0:?} is not a PostgreSQL URL: expected postgres://user:password@host:port/database")]
    BadUrl(String),
}

impl Location {
    /// The SQLite file, if that is what this is.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::Sqlite(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }
}

impl FromStr for Location {
    type Err = LocationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err(LocationError::Empty);
        }
        let scheme = text.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") => match url::Url::parse(text) {
                Ok(url) if url.has_host() || url.query().is_some_and(|q| q.contains("host=")) => {
                    Ok(Location::Postgres(text.to_string()))
                }
                _ => Err(LocationError::BadUrl(Location::Postgres(text.to_string()).to_string())),
            },
            _ => Ok(Location::Sqlite(PathBuf::from(text))),
        }
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Location::Sqlite(path)
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Self {
        Location::Sqlite(path.to_path_buf())
    }
}

/// The path, or the URL without its password: safe for logs and error messages.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(text) => match url::Url::parse(text) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    let query: Vec<(String, String)> = url
                        .query_pairs()
                        .map(|(k, v)| {
                            let v = if k == "password" { "***".into() } else { v.into_owned() };
                            (k.into_owned(), v)
                        })
                        .collect();
                    if !query.is_empty() {
                        url.query_pairs_mut().clear().extend_pairs(query);
                    }
                    write!(f, "{url}")
                }
                Err(_) => f.write_str("postgres://…"),
            },
        }
    }
}

/// Like [`fmt::Display`]: never the password.
impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Location::Postgres(_) => f.debug_tuple("Postgres").field(&self.to_string()).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_and_file_paths() {
        for url in [
            "postgres://beboer@127.0.0.1:5432/blad",
            "postgresql://beboer:hemmelig@db.example/blad?sslmode=require",
            "POSTGRES://beboer@localhost/blad",
            "postgres:///blad?host=/run/postgresql",
        ] {
            assert_eq!(url.parse(), Ok(Location::Postgres(url.into())), "{url}");
        }
        for path in ["data/beboerblad.db", "/var/lib/blad.db", "postgres.db", "./postgres:/x.db"] {
            assert_eq!(path.parse(), Ok(Location::Sqlite(path.into())), "{path}");
        }
        assert_eq!("".parse::<Location>(), Err(LocationError::Empty));
        assert!(matches!("postgres://".parse::<Location>(), Err(LocationError::BadUrl(_))));
    }

    #[test]
    fn passwords_are_never_shown() {
        let url = "postgres://beboer:hemmelig@db.example:5433/blad?password=hemmelig2";
        let Ok(location) = url.parse::<Location>() else { panic!("{url} not parsed") };
        for shown in [location.to_string(), format!("{location:?}")] {
            assert!(!shown.contains("hemmelig"), "{shown}");
            assert!(shown.contains("beboer") && shown.contains("db.example:5433/blad"), "{shown}");
        }
    }
}
