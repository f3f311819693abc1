//! Idempotency keys: a write sent again with the same `Idempotency-Key` gets the first
//! answer back, and is stored once (`POST …/comments`, `PUT …/rating`).
//!
//! A key belongs to a reader: (verified reader id, key) is unique in the database. With
//! it are kept the request's method, path and a SHA-256 fingerprint of its body as parsed
//! (so spacing and the order of fields do not matter), and the answer's status and body.
//! A handler looks for the key before anything else that could refuse a new request
//! (validation, rate limits, caps), so a repeat is answered even then and counts against
//! nothing; only successful answers are kept, in the transaction of the write itself.
//!
//! Two copies of a request at once: in this process they take turns ([`Turns`]), so the
//! second finds the first's answer. Across processes the unique constraint decides: the
//! loser's transaction (its write included) is rolled back and it answers with the
//! winner's result.
//!
//! The kept answer can hold a comment's secret, which is otherwise stored only hashed.
//! So only the key's SHA-256 is stored, and the answer is sealed (ChaCha20-Poly1305) under
//! a key derived from the idempotency key and the reader: the database alone opens none.
//! Answers are kept [`KEPT_FOR`] (then deleted by a later keyed write, see `db.rs`).

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use api_types::{ErrorCode, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, is_idempotency_key};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::{Mutex, MutexGuard};

use super::auth::hex;
use super::error::ApiError;
use crate::AppState;
use crate::db::{self, KeptAnswer};

/// How long an answer is kept: longer than any reader stays offline with a queued write.
pub const KEPT_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// The `Idempotency-Key` header, as the OpenAPI description of both writes explains it.
pub const IDEMPOTENCY_KEY_DOC: &str = "Makes the write safe to send again (from an offline queue, or a retry): \
    16–64 characters of `A-Z a-z 0-9 - _` (a UUID fits), new for each write. The same reader sending the same \
    key with the same method, path and body again gets the first answer back, byte for byte, with \
    `Idempotent-Replayed: true`, and nothing is stored twice; such a repeat is answered even when a new request \
    would be refused by the rate limits, and does not count against them. The same key with another request is \
    `422 idempotency_key_reused`. Only successful answers are kept (an error stores nothing, so a retry may \
    succeed), for 30 days.";

/// Locks that keyed requests of one (reader, key) take in turn. Striped: a fixed number
/// of locks, each shared by the keys that hash to it, so memory never grows; unrelated
/// keys sharing a lock merely wait for a write SQLite would serialise anyway.
pub struct Turns {
    locks: Box<[Mutex<()>]>,
    /// Keyed per process (SipHash): a client cannot aim at one lock.
    hasher: RandomState,
}

const TURN_LOCKS: usize = 256;

impl Turns {
    pub fn new() -> Self {
        Self { locks: (0..TURN_LOCKS).map(|_| Mutex::new(())).collect(), hasher: RandomState::new() }
    }

    async fn take(&self, reader: &str, key: &str) -> MutexGuard<'_, ()> {
        let slot = usize::try_from(self.hasher.hash_one((reader, key)) % TURN_LOCKS as u64).unwrap_or(0);
        self.locks[slot].lock().await
    }
}

impl Default for Turns {
    fn default() -> Self {
        Self::new()
    }
}

/// The `Idempotency-Key` header: absent, or a valid key (else a 400).
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let invalid = |message: &'static str| ApiError::bad_request(ErrorCode::InvalidIdempotencyKey, message);
        let mut values = parts.headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
        match (values.next(), values.next()) {
            (None, _) => Ok(Self(None)),
            (Some(value), None) => match value.to_str() {
                Ok(key) if is_idempotency_key(key) => Ok(Self(Some(key.to_string()))),
                _ => {
                    Err(invalid("Idempotency-Key must be 16 to 64 characters of A-Z, a-z, 0-9, - and _ (a UUID fits)"))
                }
            },
            (Some(_), Some(_)) => Err(invalid("give one Idempotency-Key")),
        }
    }
}

/// A request with a key: whose, which, and what it asks.
struct Keyed {
    reader: String,
    key: String,
    method: &'static str,
    path: String,
    fingerprint: [u8; 32],
}

impl Keyed {
    fn key_hash(&self) -> String {
        hex(&Sha256::digest(self.key.as_bytes()))
    }

    /// The cipher that seals this request's answer: its key is derived from the
    /// idempotency key (never stored) and the reader.
    fn cipher(&self) -> Result<ChaCha20Poly1305, ApiError> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.key.as_bytes()).map_err(|_| ApiError::internal())?;
        mac.update(b"beboerblad kept answer\0");
        mac.update(self.reader.as_bytes());
        ChaCha20Poly1305::new_from_slice(&mac.finalize().into_bytes()).map_err(|_| ApiError::internal())
    }

    /// `body` sealed: a random nonce, then the ciphertext with its tag.
    fn seal(&self, body: &[u8]) -> Result<Vec<u8>, ApiError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| {
            tracing::error!("no randomness for sealing an answer: {e}");
            ApiError::internal()
        })?;
        let sealed = self.cipher()?.encrypt(Nonce::from_slice(&nonce), body).map_err(|_| ApiError::internal())?;
        Ok([&nonce[..], &sealed].concat())
    }

    fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, ApiError> {
        let (nonce, sealed) = sealed.split_at_checked(12).ok_or_else(ApiError::internal)?;
        self.cipher()?.decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| {
            tracing::error!("a kept answer does not open with its key");
            ApiError::internal()
        })
    }

    /// The kept answer again, when `kept` was for this same request; else a 422.
    fn replay(&self, kept: &KeptAnswer) -> Result<Response, ApiError> {
        if kept.method != self.method || kept.path != self.path || kept.fingerprint != self.fingerprint {
            return Err(ApiError::invalid(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another request (method, path or body); use a new key for a new \
                 request",
            ));
        }
        let status = StatusCode::from_u16(kept.status).map_err(|_| ApiError::internal())?;
        Ok(json_response(status, self.open(&kept.sealed)?, true))
    }
}

/// A write in the making: with a key, its turn is held until the answer is given.
pub struct Once<'a> {
    state: &'a AppState,
    keyed: Option<(Keyed, MutexGuard<'a, ()>)>,
}

/// What [`Once::begin`] found.
pub enum Begun<'a> {
    /// The key's answer, given before: send it.
    Replay(Response),
    /// A new request: go on, and finish with [`Once::answer`].
    New(Once<'a>),
}

impl<'a> Once<'a> {
    /// Looks for the answer to `key` of `reader` (already verified), for `method path`
    /// with `body`. Without a key every request is new.
    pub async fn begin(
        state: &'a AppState,
        key: IdempotencyKey,
        reader: &str,
        method: &'static str,
        path: String,
        body: &impl Serialize,
    ) -> Result<Begun<'a>, ApiError> {
        let IdempotencyKey(Some(key)) = key else {
            return Ok(Begun::New(Self { state, keyed: None }));
        };
        // The body as parsed, written out again: the same request however it was spelt.
        let canonical = serde_json::to_vec(body).map_err(|_| ApiError::internal())?;
        let fingerprint = Sha256::digest(&canonical).into();
        let keyed = Keyed { reader: reader.to_string(), key, method, path, fingerprint };
        let turn = state.turns.take(&keyed.reader, &keyed.key).await;
        if let Some(kept) = db::kept_answer(&state.db, &keyed.reader, &keyed.key_hash()).await? {
            return keyed.replay(&kept).map(Begun::Replay);
        }
        Ok(Begun::New(Self { state, keyed: Some((keyed, turn)) }))
    }

    /// Answers `status` with `value` as JSON: keeps the answer under the key in `write`,
    /// then commits it. When another process stored the key meanwhile, `write` is rolled
    /// back and that answer given instead.
    pub async fn answer(
        self,
        mut write: db::Write<'_>,
        status: StatusCode,
        value: &impl Serialize,
    ) -> Result<Response, ApiError> {
        let body = serde_json::to_vec(value).map_err(|_| ApiError::internal())?;
        if let Some((keyed, _turn)) = &self.keyed {
            let answer = KeptAnswer {
                reader: keyed.reader.clone(),
                key_hash: keyed.key_hash(),
                method: keyed.method.to_string(),
                path: keyed.path.clone(),
                fingerprint: keyed.fingerprint.to_vec(),
                status: status.as_u16(),
                sealed: keyed.seal(&body)?,
            };
            if !write.keep_answer(&answer, KEPT_FOR).await? {
                write.rollback().await?;
                let kept = db::kept_answer(&self.state.db, &keyed.reader, &answer.key_hash).await?;
                // Only a purge between the two statements could remove it: try again.
                return keyed.replay(&kept.ok_or(db::DbError::Busy)?);
            }
        }
        write.commit().await?;
        Ok(json_response(status, body, false))
    }
}

fn json_response(status: StatusCode, body: Vec<u8>, replayed: bool) -> Response {
    let mut response =
        (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
    if replayed {
        response.headers_mut().insert(IDEMPOTENT_REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed(key: &str, reader: &str) -> Keyed {
        Keyed { reader: reader.into(), key: key.into(), method: "POST", path: "/p".into(), fingerprint: [0; 32] }
    }

    #[test]
    fn an_answer_opens_only_with_its_key_and_reader() {
        let a = keyed("0b5c3f7e-9d2a-4c61-8f0e-2a7b9c4d1e63", "reader-a");
        let sealed = a.seal(b"{\"secret\":\"s3cret\"}").unwrap_or_default();
        assert!(!sealed.windows(6).any(|w| w == b"s3cret"));
        assert_eq!(a.open(&sealed).ok(), Some(b"{\"secret\":\"s3cret\"}".to_vec()));
        assert!(keyed("0b5c3f7e-9d2a-4c61-8f0e-2a7b9c4d1e64", "reader-a").open(&sealed).is_err(), "other key");
        assert!(keyed("0b5c3f7e-9d2a-4c61-8f0e-2a7b9c4d1e63", "reader-b").open(&sealed).is_err(), "other reader");
        assert!(a.open(&sealed[..10]).is_err(), "cut short");
    }
}
