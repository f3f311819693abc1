//! Abuse limits: at most so many actions per time window, per reader and per client address.
//!
//! Kept in memory: one server process, and a restart merely forgets recent activity.
//! A sliding log per key (reader id, or address with IPv6 taken per /64 network); keys
//! whose window has passed are pruned, and the number of keys is capped so a flood of
//! made-up reader ids cannot grow memory without bound.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` actions per `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub max: u32,
    pub per: Duration,
}

impl Rate {
    pub const fn new(max: u32, per: Duration) -> Self {
        Self { max, per }
    }
}

/// A [`Rate`] written as `MAX/SECONDS` (e.g. `5/600`) that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected MAX/SECONDS, e.g. 5/600 (at most 5 per 10 minutes), but got {0:?}")]
pub struct RateError(String);

/// `MAX/SECONDS`, as in the `--comment-rate` and `--rating-rate` flags. `MAX` may be 0
/// (nothing allowed); the window is at least one second.
impl FromStr for Rate {
    type Err = RateError;

    fn from_str(text: &str) -> Result<Self, RateError> {
        let error = || RateError(text.to_string());
        let (max, secs) = text.trim().split_once('/').ok_or_else(error)?;
        // `u32::from_str` would accept a leading `+`; only plain digits are a count.
        let number = |s: &str| s.chars().all(|c| c.is_ascii_digit()).then(|| s.parse::<u64>().ok()).flatten();
        let max = number(max).and_then(|n| u32::try_from(n).ok()).ok_or_else(error)?;
        let secs = number(secs).filter(|&s| s > 0).ok_or_else(error)?;
        Ok(Self::new(max, Duration::from_secs(secs)))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.max, self.per.as_secs())
    }
}

/// The abuse limits of the API (part of [`crate::Config`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// New comments (including ones a honeypot discards).
    pub comments: Rate,
    /// Rating changes: set and withdraw.
    pub ratings: Rate,
    /// New reader ids (`POST /api/readers`), per address only.
    pub readers: Rate,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            comments: Rate::new(5, Duration::from_secs(10 * 60)),
            ratings: Rate::new(60, Duration::from_secs(60)),
            readers: Rate::new(20, Duration::from_secs(60 * 60)),
        }
    }
}

/// Most keys one limiter tracks; past that (after pruning), new clients are refused
/// until old entries expire. At the default limits that is a few MiB.
const MAX_KEYS: usize = 100_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Reader(String),
    /// `None`: the address is not known (no connect info); all such requests share it.
    Addr(Option<IpAddr>),
}

/// Counts one kind of action.
#[derive(Debug)]
pub struct Limiter {
    rate: Rate,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    hits: HashMap<Key, VecDeque<Instant>>,
    pruned: Instant,
}

impl Limiter {
    pub fn new(rate: Rate) -> Self {
        Self { rate, state: Mutex::new(State { hits: HashMap::new(), pruned: Instant::now() }) }
    }

    /// Counts one action by `reader` from `addr`, or says how long to wait when either
    /// has used up its allowance (then nothing is counted).
    pub fn check(&self, reader: &str, addr: Option<IpAddr>) -> Result<(), Duration> {
        self.check_at(reader, addr, Instant::now())
    }

    fn check_at(&self, reader: &str, addr: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        let Rate { max, per } = self.rate;
        // A panic elsewhere while holding the lock leaves consistent data: keep using it.
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if now.saturating_duration_since(state.pruned) >= per || state.hits.len() >= MAX_KEYS {
            state.hits.retain(|_, times| times.back().is_some_and(|&t| now.saturating_duration_since(t) < per));
            state.pruned = now;
        }
        let keys = [Key::Reader(reader.to_string()), Key::Addr(addr.map(network))];
        let full = state.hits.len() >= MAX_KEYS;
        let mut wait = Duration::ZERO;
        for key in &keys {
            match state.hits.get_mut(key) {
                Some(times) => {
                    while times.front().is_some_and(|&t| now.saturating_duration_since(t) >= per) {
                        times.pop_front();
                    }
                    if times.len() >= max as usize {
                        let oldest = times.front().copied().unwrap_or(now);
                        wait = wait.max((oldest + per).saturating_duration_since(now));
                    }
                }
                None if max == 0 => wait = per,
                None if full => {
                    tracing::warn!("abuse limiter full ({MAX_KEYS} clients); refusing new ones for now");
                    wait = wait.max(per);
                }
                None => {}
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for key in keys {
            state.hits.entry(key).or_default().push_back(now);
        }
        Ok(())
    }

    #[cfg(test)]
    fn keys(&self) -> usize {
        self.state.lock().map(|s| s.hits.len()).unwrap_or(0)
    }
}

/// The unit an address is limited by: one IPv4 address, or one IPv6 /64 network (what a
/// single customer usually gets, and can pick addresses from at will).
fn network(addr: IpAddr) -> IpAddr {
    match addr.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !(u64::MAX as u128)).into()),
        v4 => v4,
    }
}

/// One limiter per kind of action.
#[derive(Debug)]
pub struct Limiters {
    pub comments: Limiter,
    pub ratings: Limiter,
    pub readers: Limiter,
}

impl Limiters {
    pub fn new(limits: Limits) -> Self {
        Self {
            comments: Limiter::new(limits.comments),
            ratings: Limiter::new(limits.ratings),
            readers: Limiter::new(limits.readers),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn per_reader_and_per_address() {
        let limiter = Limiter::new(Rate::new(2, MIN));
        let t = Instant::now();
        assert!(limiter.check_at("reader-a", ip("10.0.0.1"), t).is_ok());
        assert!(limiter.check_at("reader-a", ip("10.0.0.2"), t).is_ok());
        // Same reader, third address: the reader is spent.
        assert_eq!(limiter.check_at("reader-a", ip("10.0.0.3"), t), Err(MIN));
        assert!(limiter.check_at("reader-c", ip("10.0.0.1"), t).is_ok());
        // Other reader, first address: that address is spent.
        assert_eq!(limiter.check_at("reader-b", ip("10.0.0.1"), t + MIN / 2), Err(MIN / 2));
        // A refused attempt is not counted; after the window all is allowed again.
        assert!(limiter.check_at("reader-a", ip("10.0.0.1"), t + MIN).is_ok());
    }

    #[test]
    fn ipv6_counts_per_network() {
        let limiter = Limiter::new(Rate::new(1, MIN));
        let t = Instant::now();
        assert!(limiter.check_at("reader-a", ip("2001:db8:1:2::1"), t).is_ok());
        assert!(limiter.check_at("reader-b", ip("2001:db8:1:2::ffff"), t).is_err());
        assert!(limiter.check_at("reader-c", ip("2001:db8:1:3::1"), t).is_ok());
        assert_eq!(network("::ffff:10.1.2.3".parse().unwrap_or(IpAddr::from([0; 4]))), IpAddr::from([10, 1, 2, 3]));
    }

    #[test]
    fn old_keys_are_pruned() {
        let limiter = Limiter::new(Rate::new(5, MIN));
        let t = Instant::now();
        for i in 0..100u8 {
            let addr = Some(IpAddr::from([10, 0, 1, i]));
            let at = t + Duration::from_millis(u64::from(i));
            assert_eq!(limiter.check_at(&format!("reader-{i}"), addr, at), Ok(()), "reader {i}");
        }
        assert_eq!(limiter.keys(), 200, "one key per reader and one per address");
        // Within the window nothing is forgotten: reader-0's sixth action is refused.
        for n in 2..=5 {
            assert_eq!(limiter.check_at("reader-0", ip("10.0.2.1"), t + MIN / 2), Ok(()), "action {n}");
        }
        assert_eq!(limiter.check_at("reader-0", ip("10.0.2.1"), t + MIN / 2), Err(MIN / 2));
        assert_eq!(limiter.keys(), 201);
        assert_eq!(limiter.check_at("late-reader", ip("10.0.0.9"), t + 3 * MIN), Ok(()));
        assert_eq!(limiter.keys(), 2, "only the newest reader and address remain");
    }

    #[test]
    fn rates_read_as_max_per_seconds() {
        assert_eq!("5/600".parse(), Ok(Rate::new(5, Duration::from_secs(600))));
        assert_eq!(" 1000/60 ".parse(), Ok(Rate::new(1000, MIN)));
        assert_eq!("0/1".parse(), Ok(Rate::new(0, Duration::from_secs(1))));
        assert_eq!(Rate::new(60, MIN).to_string(), "60/60");
        let default = Limits::default();
        for rate in [default.comments, default.ratings, default.readers] {
            assert_eq!(rate.to_string().parse(), Ok(rate), "Display and FromStr agree");
        }
    }

    #[test]
    fn bad_rates_are_refused_with_the_expected_form() {
        for bad in [
            "",
            "5",
            "5/",
            "/600",
            "5/0",
            "5/600/1",
            "-1/60",
            "+5/60",
            "5/+60",
            "5 / 600",
            "five/600",
            "5/1.5",
            "99999999999/60",
        ] {
            let error = bad.parse::<Rate>().map(|r| r.to_string());
            assert_eq!(error, Err(RateError(bad.to_string())), "{bad:?}");
        }
        let message = "x".parse::<Rate>().map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("expected MAX/SECONDS, e.g. 5/600 (at most 5 per 10 minutes), but got \"x\"".to_string())
        );
    }

    #[test]
    fn zero_allows_nothing() {
        let limiter = Limiter::new(Rate::new(0, MIN));
        assert_eq!(limiter.check("reader-a", None), Err(MIN));
    }
}
