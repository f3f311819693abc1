//! Editor accounts: names, passwords hashed with Argon2id, and what the CLI's
//! `add-editor`, `remove-editor` and `list-editors` do.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use thiserror::Error;

use crate::db::{Db, DbError, desk};

/// Shortest password an editor may have, in characters.
pub const PASSWORD_MIN: usize = 10;
/// Longest name, in characters.
pub const NAME_MAX: usize = 60;

#[derive(Debug, Error)]
pub enum EditorError {
    #[error("the name must be 1 to {NAME_MAX} characters: letters, digits, spaces, '.', '-' or '_'")]
    BadName,
    #[error("the password must be at least {PASSWORD_MIN} characters long")]
    ShortPassword,
    #[error("there is already an editor called {0:?}")]
    Exists(String),
    #[error("there is no editor called {0:?}")]
    Unknown(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("{0}")]
    Db(#[from] DbError),
}

/// A name as stored: trimmed, and only characters that show as themselves.
pub fn checked_name(name: &str) -> Result<&str, EditorError> {
    let name = name.trim();
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_');
    match name.chars().count() {
        1..=NAME_MAX if name.chars().all(allowed) => Ok(name),
        _ => Err(EditorError::BadName),
    }
}

/// Argon2id with the crate's default parameters (OWASP's minimum: 19 MiB, 2 passes) and
/// a random salt, as a PHC string. Slow on purpose: call it off the async threads.
pub fn hash_password(password: &str) -> Result<String, EditorError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| EditorError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| EditorError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| EditorError::Hash(e.to_string()))
}

/// Whether `password` is the one `hash` was made from. Slow on purpose, like hashing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash no password matches in practice, checked when the name is unknown so that a
/// wrong name takes as long as a wrong password (the time says nothing about who exists).
pub fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("no editor has this password, it only costs time").unwrap_or_default())
}

/// `add-editor NAME`.
pub async fn add(db: &Db, name: &str, password: &str) -> Result<String, EditorError> {
    let name = checked_name(name)?;
    if password.chars().count() < PASSWORD_MIN {
        return Err(EditorError::ShortPassword);
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| EditorError::Hash(e.to_string()))??;
    match desk::add_editor(db, name, &hash).await? {
        true => Ok(name.to_string()),
        false => Err(EditorError::Exists(name.to_string())),
    }
}

/// `remove-editor NAME`: also ends their sessions.
pub async fn remove(db: &Db, name: &str) -> Result<(), EditorError> {
    match desk::remove_editor(db, name.trim()).await? {
        true => Ok(()),
        false => Err(EditorError::Unknown(name.trim().to_string())),
    }
}

/// `list-editors`.
pub async fn list(db: &Db) -> Result<Vec<desk::Editor>, EditorError> {
    Ok(desk::editors(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_plain() {
        assert_eq!(checked_name("  Hanne Ø. Berg ").ok(), Some("Hanne Ø. Berg"));
        for bad in ["", "   ", "a<b", "tab\tname", "\u{202E}x", &"a".repeat(NAME_MAX + 1)] {
            assert!(checked_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("korrekt hest batteri").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("korrekt hest batteri", &hash));
        assert!(!verify_password("korrekt hest batterj", &hash));
        assert!(!verify_password("korrekt hest batteri", "not a hash"));
        assert!(!verify_password("", decoy_hash()));
    }
}
