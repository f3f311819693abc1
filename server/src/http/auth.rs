//! Secrets and tokens: a comment's one-time secret (handed out once, stored hashed) and
//! the moderator's token.

use std::fmt::{self, Write};

use api_types::ErrorCode;
use axum::http::StatusCode;
use sha2::{Digest, Sha256};

use super::error::ApiError;

/// A fresh secret: 256 random bits as 64 hex digits.
pub fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!("no randomness for a comment secret: {e}");
        ApiError::internal()
    })?;
    Ok(hex(&bytes))
}

/// What is stored of a secret. A plain SHA-256 suffices: the secrets are random and
/// long, so there is nothing to guess from the hash, and no need for a slow or salted one.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The moderator's bearer token, kept only as its hash.
#[derive(Clone)]
pub struct AdminToken([u8; 32]);

impl AdminToken {
    /// `None` for an empty token: moderation is then switched off, not open to all.
    pub fn new(token: &str) -> Option<Self> {
        let token = token.trim();
        (!token.is_empty()).then(|| Self(Sha256::digest(token.as_bytes()).into()))
    }

    /// Compares hashes, so the time taken says nothing about the token itself.
    pub fn matches(&self, given: &str) -> bool {
        let given: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        given == self.0
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(…)")
    }
}

/// Only the moderator may: 401 without a token, 403 with another one.
pub fn require_admin(admin: Option<&AdminToken>, token: Option<&str>) -> Result<(), ApiError> {
    let token = token.ok_or_else(missing_token)?;
    if admin.is_some_and(|admin| admin.matches(token)) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::WrongToken, "only a moderator may do this"))
    }
}

pub fn missing_token() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::MissingToken, "send `Authorization: Bearer <token>`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_hex_and_hash_stably() {
        let (a, b) = (new_secret().unwrap_or_default(), new_secret().unwrap_or_default());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn admin_token() {
        assert!(AdminToken::new("  ").is_none());
        let admin = AdminToken::new("s3cret-moderator");
        assert!(admin.as_ref().is_some_and(|a| a.matches("s3cret-moderator") && !a.matches("guess")));
        assert!(require_admin(None, Some("anything")).is_err());
        assert_eq!(require_admin(admin.as_ref(), None).map_err(|e| e.status()), Err(StatusCode::UNAUTHORIZED));
    }
}
