//! Secrets and tokens: a comment's one-time secret (handed out once, stored hashed), the
//! moderator's token, and the limit on guessing either.

use std::collections::HashMap;
use std::fmt::{self, Write};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use api_types::ErrorCode;
use axum::http::StatusCode;
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::limits::{Limiter, Rate};
use super::readers::network_name;

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

/// Shortest moderator's token the server starts with, in characters.
pub const ADMIN_TOKEN_MIN: usize = 32;

/// A moderator's token short enough to be guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the admin token is {0} characters long; it must be at least 32 characters (e.g. the output of `openssl rand -hex 32`)"
)]
pub struct AdminTokenTooShort(usize);

/// The moderator's bearer token, kept only as its hash.
#[derive(Clone)]
pub struct AdminToken([u8; 32]);

impl AdminToken {
    /// `Ok(None)` for an empty token: moderation is then switched off, not open to all.
    /// Fewer than [`ADMIN_TOKEN_MIN`] characters (spaces around it not counted) is refused.
    pub fn new(token: &str) -> Result<Option<Self>, AdminTokenTooShort> {
        let token = token.trim();
        match token.chars().count() {
            0 => Ok(None),
            n if n < ADMIN_TOKEN_MIN => Err(AdminTokenTooShort(n)),
            _ => Ok(Some(Self(Sha256::digest(token.as_bytes()).into()))),
        }
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

/// Only the moderator may: 401 without a token, 429 while `addr` is refused (see
/// [`BearerGuard`]), 403 with another token.
pub fn require_admin(
    admin: Option<&AdminToken>,
    guard: &BearerGuard,
    token: Option<&str>,
    addr: Option<IpAddr>,
) -> Result<(), ApiError> {
    let token = token.ok_or_else(missing_token)?;
    guard.admit(addr)?;
    if admin.is_some_and(|admin| admin.matches(token)) {
        Ok(())
    } else {
        let refusal = ApiError::new(StatusCode::FORBIDDEN, ErrorCode::WrongToken, "only a moderator may do this");
        Err(guard.failed(addr, refusal))
    }
}

/// Wrong bearer tokens allowed per client address (IPv6 per /64).
pub const BEARER_FAILURES: Rate = Rate::new(10, Duration::from_secs(60));

/// Most addresses refused at once; past that, the limiter alone answers their failures.
const MAX_REFUSED: usize = 100_000;

/// Keeps tokens from being guessed: an address that has sent [`BEARER_FAILURES`] wrong
/// tokens (neither the moderator's nor the comment's secret) is refused every bearer
/// request, the right token too, until its oldest failure is out of the window. The
/// right token and requests without one are never counted.
#[derive(Debug)]
pub struct BearerGuard {
    failures: Limiter,
    /// Refused addresses (by [`network_name`]) and until when.
    refused: Mutex<HashMap<String, Instant>>,
}

impl BearerGuard {
    pub fn new(rate: Rate) -> Self {
        Self { failures: Limiter::new(rate), refused: Mutex::new(HashMap::new()) }
    }

    /// Before the token is looked at: a 429 while `addr` is refused.
    pub fn admit(&self, addr: Option<IpAddr>) -> Result<(), ApiError> {
        let name = network_name(addr);
        let now = Instant::now();
        let mut refused = self.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match refused.get(&name) {
            Some(&until) if until > now => Err(ApiError::rate_limited(until - now)),
            Some(_) => {
                refused.remove(&name);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// A wrong token from `addr`: counted, and answered with `refusal`, or with a 429
    /// once `addr` has sent too many.
    pub fn failed(&self, addr: Option<IpAddr>, refusal: ApiError) -> ApiError {
        let name = network_name(addr);
        let Err(wait) = self.failures.check(&format!("bearer from {name}"), addr) else {
            return refusal;
        };
        tracing::warn!("too many wrong tokens from {name}: refusing its tokens for {} s", wait.as_secs());
        let now = Instant::now();
        let mut refused = self.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        refused.retain(|_, until| *until > now);
        if refused.len() < MAX_REFUSED {
            refused.insert(name, now + wait);
        }
        ApiError::rate_limited(wait)
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
        let token = "s3cret-moderator-token-0123456789";
        assert!(matches!(AdminToken::new("  "), Ok(None)));
        assert_eq!(AdminToken::new("s3cret").err(), Some(AdminTokenTooShort(6)));
        let admin = AdminToken::new(token).ok().flatten();
        assert!(admin.as_ref().is_some_and(|a| a.matches(token) && !a.matches("guess")));
        let guard = BearerGuard::new(BEARER_FAILURES);
        assert!(require_admin(None, &guard, Some("anything"), None).is_err());
        let status = require_admin(admin.as_ref(), &guard, None, None).map_err(|e| e.status());
        assert_eq!(status, Err(StatusCode::UNAUTHORIZED));
        assert!(require_admin(admin.as_ref(), &guard, Some(token), None).is_ok());
    }

    #[test]
    fn the_guard_refuses_an_address_after_its_failures_until_they_expire() {
        let guard = BearerGuard::new(Rate::new(2, Duration::from_secs(3600)));
        let addr = "192.0.2.1".parse().ok();
        let refusal = || ApiError::new(StatusCode::FORBIDDEN, ErrorCode::WrongToken, "no");
        for _ in 0..2 {
            assert!(guard.admit(addr).is_ok());
            assert_eq!(guard.failed(addr, refusal()).status(), StatusCode::FORBIDDEN);
        }
        assert_eq!(guard.failed(addr, refusal()).status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(guard.admit(addr).map_err(|e| e.status()), Err(StatusCode::TOO_MANY_REQUESTS));
        assert!(guard.admit("192.0.2.2".parse().ok()).is_ok(), "only that address");
        // Once the wait is over, the address is admitted again.
        guard.refused.lock().unwrap_or_else(|p| p.into_inner()).values_mut().for_each(|t| *t = Instant::now());
        assert!(guard.admit(addr).is_ok());
    }
}
