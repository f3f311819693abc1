//! Readers: the server issues their ids, signed, so an id a client makes up is refused;
//! and each network may bring only so many new voters to an article per day.
//!
//! An id is 24 hex digits of randomness, `_`, and the first 16 bytes of its HMAC-SHA256
//! under the database's reader key. Nothing is stored per id: the signature is the proof.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use api_types::{ErrorBody, ErrorCode, READER_HEADER, READER_RANDOM_LEN, READER_SIGNATURE_LEN, ReaderCreated};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::auth::hex;
use super::error::ApiError;
use super::extract::ClientAddr;
use crate::AppState;
use crate::db::{self, Network, NewVoters};

/// How long a new voter counts against their networks' caps.
pub const NEW_VOTER_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// Gives the asking client a new reader id.
#[utoipa::path(post, path = "/api/readers", operation_id = "create_reader", tag = "readers",
    responses(
        (status = 201, description = "A new reader id, to keep and send with ratings and comments", body = ReaderCreated),
        (status = 429, description = "Too many new reader ids from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
) -> Result<(StatusCode, Json<ReaderCreated>), ApiError> {
    // Limited per address only: the address's name stands in for the (absent) reader.
    let key = format!("new reader from {}", network_name(addr));
    state.limiters.readers.check(&key, addr).map_err(ApiError::rate_limited)?;
    let mut random = [0u8; READER_RANDOM_LEN / 2];
    getrandom::fill(&mut random).map_err(|e| {
        tracing::error!("no randomness for a reader id: {e}");
        ApiError::internal()
    })?;
    let random = hex(&random);
    let signature = mac(&state, &random).await?.finalize().into_bytes();
    let reader = format!("{random}_{}", hex(&signature[..READER_SIGNATURE_LEN / 2]));
    Ok((StatusCode::CREATED, Json(ReaderCreated { reader })))
}

async fn mac(state: &AppState, random: &str) -> Result<Hmac<Sha256>, ApiError> {
    let key = state.db.reader_key().await?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| ApiError::internal())?;
    mac.update(random.as_bytes());
    Ok(mac)
}

/// `id` if this server issued it, else a 400 `invalid_reader`. Compares in constant time.
pub async fn verified<'a>(state: &AppState, id: &'a str) -> Result<&'a str, ApiError> {
    let invalid = || {
        ApiError::bad_request(
            ErrorCode::InvalidReader,
            "this reader id was not issued by this server; get one with POST /api/readers",
        )
    };
    let (random, signature) = id.split_once('_').filter(|_| api_types::is_reader_id(id)).ok_or_else(invalid)?;
    let signature = unhex(signature).ok_or_else(invalid)?;
    let mac = mac(state, random).await?;
    mac.verify_truncated_left(&signature).map_err(|_| invalid())?;
    Ok(id)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    text.as_bytes().chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(*pair.get(1)?)?)).collect()
}

/// The `Beboerblad-Reader` header, unchecked (see [`verified`]).
pub struct ReaderHeader(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ReaderHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let mut values = parts.headers.get_all(READER_HEADER).iter();
        let (first, second) = (values.next(), values.next());
        match (first, second) {
            (None, _) => Ok(Self(None)),
            (Some(value), None) => match value.to_str() {
                Ok(text) => Ok(Self(Some(text.trim().to_string()))),
                Err(_) => Err(ApiError::bad_request(ErrorCode::InvalidReader, "the reader id is not plain text")),
            },
            (Some(_), Some(_)) => Err(ApiError::bad_request(ErrorCode::InvalidReader, "give one reader id")),
        }
    }
}

/// The name of the smallest network `addr` is limited by: the IPv4 address or the IPv6
/// /64 (`unknown` without an address).
pub fn network_name(addr: Option<IpAddr>) -> String {
    addr.and_then(|a| networks(a).into_iter().next()).map_or_else(|| "unknown".into(), |(name, _)| name)
}

/// The networks of `addr` that a new voter counts against, named, each with its tier.
fn networks(addr: IpAddr) -> Vec<(String, Tier)> {
    match addr.to_canonical() {
        IpAddr::V4(v4) => vec![(v4.to_string(), Tier::Ipv4)],
        IpAddr::V6(v6) => {
            let prefix = |bits: u32| std::net::Ipv6Addr::from(u128::from(v6) & !(u128::MAX >> bits));
            vec![(format!("{}/64", prefix(64)), Tier::Ipv6Net64), (format!("{}/48", prefix(48)), Tier::Ipv6Net48)]
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tier {
    Ipv4,
    Ipv6Net64,
    Ipv6Net48,
}

/// How many readers who had not rated an article may rate it in a day from one network:
/// one IPv4 address (a household, or many behind a carrier's NAT), one IPv6 /64 (one
/// customer, who can pick any address in it) and one IPv6 /48 (one site). Changing or
/// withdrawing a rating is not limited by these, only by `--rating-rate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoterCaps {
    pub ipv4: u32,
    pub ipv6_64: u32,
    pub ipv6_48: u32,
}

impl Default for VoterCaps {
    fn default() -> Self {
        Self { ipv4: 3, ipv6_64: 3, ipv6_48: 10 }
    }
}

impl VoterCaps {
    /// The networks a new voter from `addr` counts against, with their caps. Without a
    /// known address (no connect info) all such clients are one IPv4-sized network.
    pub fn networks(&self, addr: Option<IpAddr>) -> Vec<Network> {
        let Some(addr) = addr else {
            return vec![Network { name: "unknown".into(), cap: self.ipv4 }];
        };
        let cap = |tier| match tier {
            Tier::Ipv4 => self.ipv4,
            Tier::Ipv6Net64 => self.ipv6_64,
            Tier::Ipv6Net48 => self.ipv6_48,
        };
        networks(addr).into_iter().map(|(name, tier)| Network { name, cap: cap(tier) }).collect()
    }
}

/// [`VoterCaps`] written as `IPV4,IPV6_64,IPV6_48` that are not three whole numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected IPV4,IPV6_64,IPV6_48, e.g. 3,3,10 (new voters per article and day), but got {0:?}")]
pub struct VoterCapsError(String);

/// `IPV4,IPV6_64,IPV6_48`, as in the `--new-voters` flag; `0` lets nobody new vote.
impl FromStr for VoterCaps {
    type Err = VoterCapsError;

    fn from_str(text: &str) -> Result<Self, VoterCapsError> {
        let number = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse::<u32>().ok()).flatten();
        let caps: Option<Vec<u32>> = text.trim().split(',').map(number).collect();
        match caps.as_deref() {
            Some(&[ipv4, ipv6_64, ipv6_48]) => Ok(Self { ipv4, ipv6_64, ipv6_48 }),
            _ => Err(VoterCapsError(text.to_string())),
        }
    }
}

impl fmt::Display for VoterCaps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{},{}", self.ipv4, self.ipv6_64, self.ipv6_48)
    }
}

/// Stores a rating in `write` under the cap on new voters: a 429 with the wait when it
/// is reached (then drop `write`).
pub async fn rate(
    state: &AppState,
    write: &mut db::Write<'_>,
    addr: Option<IpAddr>,
    article: &beboerblad::model::ArticleId,
    reader: &str,
    value: u8,
) -> Result<(), ApiError> {
    let networks = state.voters.networks(addr);
    let new = NewVoters { networks: &networks, window: NEW_VOTER_WINDOW };
    match write.set_rating(article, reader, value, new).await? {
        db::Rated::Stored => Ok(()),
        db::Rated::Capped { retry_after } => {
            let from = networks.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join(" in ");
            tracing::info!("new voter on {article} refused: {from} has brought as many as it may today");
            Err(ApiError::rate_limited(retry_after))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(addr: &str) -> Vec<String> {
        let caps = VoterCaps { ipv4: 1, ipv6_64: 2, ipv6_48: 3 };
        let addr = addr.parse().ok();
        caps.networks(addr).into_iter().map(|n| format!("{} {}", n.name, n.cap)).collect()
    }

    #[test]
    fn networks_by_tier() {
        assert_eq!(names("203.0.113.7"), ["203.0.113.7 1"]);
        assert_eq!(names("::ffff:203.0.113.7"), ["203.0.113.7 1"]);
        assert_eq!(names("2001:db8:aa:bb:cc::1"), ["2001:db8:aa:bb::/64 2", "2001:db8:aa::/48 3"]);
        assert_eq!(names("not an address"), ["unknown 1"]);
    }

    #[test]
    fn caps_read_as_three_numbers() {
        assert_eq!("3,3,10".parse(), Ok(VoterCaps::default()));
        assert_eq!(" 0,1,2 ".parse(), Ok(VoterCaps { ipv4: 0, ipv6_64: 1, ipv6_48: 2 }));
        assert_eq!(VoterCaps::default().to_string().parse(), Ok(VoterCaps::default()));
        for bad in ["", "3", "3,3", "3,3,10,1", "3,,10", "-1,3,10", "+3,3,10", "3, 3,10", "a,b,c", "99999999999,3,10"] {
            assert_eq!(bad.parse::<VoterCaps>(), Err(VoterCapsError(bad.to_string())), "{bad:?}");
        }
    }

    #[test]
    fn hex_reads_back() {
        assert_eq!(unhex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(unhex(&hex(&[1, 2, 254])), Some(vec![1, 2, 254]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
