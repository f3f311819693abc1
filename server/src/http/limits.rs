//! Abuse limits: at most so many actions per time window, per reader, per client address
//! and per network; and at most so many new comments a day, in all and per article.
//!
//! Kept in memory: one server process, and a restart merely forgets recent activity.
//! Each key (reader id, address, network) has a sliding log of its recent actions, at
//! most as many as it is allowed. The keys live in a linked hash map in order of last
//! use: a lookup is O(1), and when the table is full the least recently used key is
//! forgotten. A flood of made-up clients therefore costs the flooder's oldest keys their
//! memory (they may act again a little early), never a new client its service.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::RandomState;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hashlink::LinkedHashMap;

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

/// The per-client abuse limits of the API (part of [`crate::Config`]).
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

/// New comments allowed in any 24 hours, whoever writes them: what keeps many clients
/// together (a botnet) from filling the disk (part of [`crate::Config`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DailyCaps {
    /// On the whole site.
    pub comments: u32,
    /// On one article.
    pub comments_per_article: u32,
}

impl DailyCaps {
    pub const WINDOW: Duration = Duration::from_secs(24 * 60 * 60);
}

impl Default for DailyCaps {
    fn default() -> Self {
        Self { comments: 2000, comments_per_article: 200 }
    }
}

/// Most keys one limiter remembers. With the key's log, an entry takes about 150 bytes
/// plus 16 per remembered action.
const MAX_KEYS: usize = 100_000;
/// Most action times one limiter remembers over all its keys (16 bytes each): with a
/// generous rate, fewer keys fit.
const MAX_TIMES: usize = 1_000_000;
/// An IPv6 /48 (one site or organisation: many /64s) may do this many times what one
/// address or /64 may; more than one, or a household's neighbours would share its limit.
const NETWORK_FACTOR: u32 = 4;

/// Whose actions are counted together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Reader(Box<str>),
    /// One IPv4 address, or one IPv6 /64 (what a single customer usually gets, and can
    /// pick addresses from at will).
    Addr(IpAddr),
    /// The IPv6 /48 around a /64.
    Network(Ipv6Addr),
    /// No address known (no connect info): all such requests share this key.
    Unknown,
}

/// Counts one kind of action.
#[derive(Debug)]
pub struct Limiter {
    rate: Rate,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Least recently used first. `RandomState` (SipHash): the keys are the clients'.
    logs: LinkedHashMap<Key, VecDeque<Instant>, RandomState>,
    /// The number of instants in all logs.
    times: usize,
}

impl State {
    /// Forgets the least recently used key.
    fn forget_oldest(&mut self) {
        match self.logs.pop_front() {
            Some((_, log)) => self.times = self.times.saturating_sub(log.len()),
            None => self.times = 0,
        }
    }

    fn over_capacity(&self) -> bool {
        !self.logs.is_empty() && (self.logs.len() > MAX_KEYS || self.times > MAX_TIMES)
    }
}

impl Limiter {
    pub fn new(rate: Rate) -> Self {
        let logs = LinkedHashMap::with_hasher(RandomState::new());
        Self { rate, state: Mutex::new(State { logs, times: 0 }) }
    }

    /// Counts one action by `reader` from `addr`, or says how long to wait when any of
    /// them (the reader, the address, its network) has used up its allowance (then
    /// nothing is counted).
    pub fn check(&self, reader: &str, addr: Option<IpAddr>) -> Result<(), Duration> {
        self.check_at(reader, addr, Instant::now())
    }

    fn check_at(&self, reader: &str, addr: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        let Rate { max, per } = self.rate;
        let keys = keys(reader, addr, max);
        // A panic elsewhere while holding the lock leaves consistent data: keep using it.
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // The least recently used key is the likeliest to have expired: dropping it now
        // keeps a quiet server's memory small without ever scanning the table.
        let expired = |log: &VecDeque<Instant>| log.back().is_none_or(|&t| now.saturating_duration_since(t) >= per);
        if state.logs.front().is_some_and(|(_, log)| expired(log)) {
            state.forget_oldest();
        }
        let mut wait = Duration::ZERO;
        for (key, allowed) in &keys {
            let State { logs, times } = &mut *state;
            let Some(log) = logs.to_back(key) else {
                if *allowed == 0 {
                    wait = wait.max(per);
                }
                continue;
            };
            while log.front().is_some_and(|&t| now.saturating_duration_since(t) >= per) {
                log.pop_front();
                *times = times.saturating_sub(1);
            }
            if log.len() >= *allowed as usize {
                let oldest = log.front().copied().unwrap_or(now);
                wait = wait.max((oldest + per).saturating_duration_since(now));
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for (key, _) in keys {
            state.logs.entry(key).or_insert_with(VecDeque::new).push_back(now);
            state.times += 1;
        }
        // The keys just used are the most recent, so the last to go (only with a rate so
        // generous that one client's log could pass `MAX_TIMES`).
        while state.over_capacity() {
            state.forget_oldest();
        }
        Ok(())
    }

    #[cfg(test)]
    fn keys(&self) -> usize {
        self.state.lock().map(|s| s.logs.len()).unwrap_or(0)
    }

    /// The action times remembered, counted one by one (not the running total).
    #[cfg(test)]
    fn times(&self) -> usize {
        self.state.lock().map(|s| s.logs.values().map(VecDeque::len).sum()).unwrap_or(0)
    }
}

/// The keys one action counts against, each with its allowance.
fn keys(reader: &str, addr: Option<IpAddr>, max: u32) -> Vec<(Key, u32)> {
    let mut keys = vec![(Key::Reader(reader.into()), max)];
    match addr.map(|addr| addr.to_canonical()) {
        None => keys.push((Key::Unknown, max)),
        Some(IpAddr::V4(v4)) => keys.push((Key::Addr(v4.into()), max)),
        Some(IpAddr::V6(v6)) => {
            let bits = u128::from(v6);
            keys.push((Key::Addr(IpAddr::V6((bits & !(u128::from(u64::MAX))).into())), max));
            keys.push((Key::Network((bits & !((1u128 << 80) - 1)).into()), max.saturating_mul(NETWORK_FACTOR)));
        }
    }
    keys
}

/// The [`DailyCaps`]: a log of the last day's new comments, each with its article.
#[derive(Debug)]
struct Totals {
    caps: DailyCaps,
    /// Oldest first; at most `caps.comments` long.
    all: VecDeque<(Instant, Arc<str>)>,
    /// The same comments by article; an article without any in the window has no entry,
    /// so this is never larger than `all`.
    by_article: HashMap<Arc<str>, VecDeque<Instant>>,
}

impl Totals {
    fn new(caps: DailyCaps) -> Self {
        Self { caps, all: VecDeque::new(), by_article: HashMap::new() }
    }

    /// How long until a comment on `article` fits under both caps (zero: now).
    fn wait(&mut self, article: &str, now: Instant) -> Duration {
        let window = DailyCaps::WINDOW;
        while let Some((t, _)) = self.all.front()
            && now.saturating_duration_since(*t) >= window
        {
            let Some((_, expired)) = self.all.pop_front() else { break };
            // Both logs are in time order: the article's oldest is this very comment.
            if let Some(log) = self.by_article.get_mut(&expired) {
                log.pop_front();
                if log.is_empty() {
                    self.by_article.remove(&expired);
                }
            }
        }
        let until_oldest_expires = |oldest: Option<Instant>| {
            oldest.map_or(window, |t| (t + window).saturating_duration_since(now)).max(Duration::from_secs(1))
        };
        let on_article = self.by_article.get(article).map_or(0, VecDeque::len);
        let mut wait = Duration::ZERO;
        if self.all.len() >= self.caps.comments as usize {
            wait = until_oldest_expires(self.all.front().map(|(t, _)| *t));
        }
        if on_article >= self.caps.comments_per_article as usize {
            let oldest = self.by_article.get(article).and_then(|log| log.front().copied());
            wait = wait.max(until_oldest_expires(oldest));
        }
        wait
    }

    fn count(&mut self, article: &str, now: Instant) {
        let article: Arc<str> = match self.by_article.get_key_value(article) {
            Some((known, _)) => known.clone(),
            None => article.into(),
        };
        self.all.push_back((now, article.clone()));
        let log = self.by_article.entry(article.clone()).or_default();
        log.push_back(now);
        if log.len() == self.caps.comments_per_article as usize {
            tracing::warn!("{article} has had {} new comments in 24 hours; refusing more", log.len());
        }
        if self.all.len() == self.caps.comments as usize {
            tracing::warn!("{} new comments in 24 hours; refusing more", self.all.len());
        }
    }
}

/// One limiter per kind of action, and the daily caps of new comments.
#[derive(Debug)]
pub struct Limiters {
    pub comments: Limiter,
    pub ratings: Limiter,
    pub readers: Limiter,
    totals: Mutex<Totals>,
}

impl Limiters {
    pub fn new(limits: Limits, caps: DailyCaps) -> Self {
        Self {
            comments: Limiter::new(limits.comments),
            ratings: Limiter::new(limits.ratings),
            readers: Limiter::new(limits.readers),
            totals: Mutex::new(Totals::new(caps)),
        }
    }

    /// Counts a new comment on `article` by `reader` from `addr`, or says how long to
    /// wait: the client's limits and the daily caps must all allow it.
    pub fn comment(&self, reader: &str, addr: Option<IpAddr>, article: &str) -> Result<(), Duration> {
        self.comment_at(reader, addr, article, Instant::now())
    }

    fn comment_at(&self, reader: &str, addr: Option<IpAddr>, article: &str, now: Instant) -> Result<(), Duration> {
        // Held across the client's check, so a refusal by the caps counts nothing and
        // concurrent comments cannot overshoot them. Always taken first: no deadlock.
        let mut totals = self.totals.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let wait = totals.wait(article, now);
        if !wait.is_zero() {
            return Err(wait);
        }
        self.comments.check_at(reader, addr, now)?;
        totals.count(article, now);
        Ok(())
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
        assert!(limiter.check_at("reader-b", ip("2001:db8:1:2::ffff"), t).is_err(), "same /64");
        assert!(limiter.check_at("reader-c", ip("2001:db8:1:3::1"), t).is_ok(), "another /64");
        // IPv4 written as IPv6 is the IPv4 address.
        assert!(limiter.check_at("reader-d", ip("10.1.2.3"), t).is_ok());
        assert!(limiter.check_at("reader-e", ip("::ffff:10.1.2.3"), t).is_err());
    }

    #[test]
    fn a_48_network_allows_more_than_one_64_but_not_everything() {
        let limiter = Limiter::new(Rate::new(2, MIN));
        let t = Instant::now();
        // 2 × 4 actions from eight /64s of one /48, each a new reader.
        for net in 0..8 {
            let addr = ip(&format!("2001:db8:7:{net}::1"));
            assert_eq!(limiter.check_at(&format!("reader-{net}"), addr, t), Ok(()), "/64 number {net}");
        }
        assert_eq!(limiter.check_at("reader-x", ip("2001:db8:7:99::1"), t), Err(MIN), "the /48 is spent");
        assert_eq!(limiter.check_at("reader-y", ip("2001:db8:8::1"), t), Ok(()), "the next /48 is not");
        assert_eq!(limiter.check_at("reader-z", ip("2001:db8:7:99::1"), t + MIN), Ok(()), "after the window");
    }

    #[test]
    fn expired_keys_are_forgotten_first_and_one_at_a_time() {
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
        // Later, every check (allowed or not) forgets one expired key: no scan of the table.
        for n in 0..10 {
            let _ = limiter.check_at("late-reader", ip("10.0.0.9"), t + 3 * MIN);
            assert_eq!(limiter.keys(), 201 - n + 1, "after check {n}");
        }
        for _ in 0..300 {
            let _ = limiter.check_at("late-reader", ip("10.0.0.9"), t + 3 * MIN);
        }
        assert_eq!(limiter.keys(), 2, "only the late reader and its address remain");
    }

    #[test]
    fn generous_rates_are_bounded_by_the_number_of_times_too() {
        let limiter = Limiter::new(Rate::new(1_000_000, MIN));
        let t = Instant::now();
        // 600 readers act 1,000 times each from one address each: 1.2 million times, but
        // at most `MAX_TIMES` are kept, the most recent clients' ones.
        for reader in 0..600u32 {
            let addr = Some(IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + reader)));
            for n in 0..1_000 {
                assert_eq!(limiter.check_at(&format!("reader-{reader}"), addr, t), Ok(()), "{reader}: {n}");
            }
        }
        let times = limiter.times();
        assert!(times <= MAX_TIMES, "{times} times kept, more than {MAX_TIMES}");
        assert!(times > MAX_TIMES - 2_000, "{times}: forgetting goes no further than it must");
    }

    #[test]
    fn a_full_table_forgets_the_oldest_clients_and_still_serves_new_ones() {
        let limiter = Limiter::new(Rate::new(2, MIN));
        let t = Instant::now();
        let client = |i: u32| (format!("reader-{i:06}"), Some(IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + i))));
        // 200,000 clients (a reader id and an address each) within one window.
        for i in 0..200_000 {
            let (reader, addr) = client(i);
            assert_eq!(limiter.check_at(&reader, addr, t), Ok(()), "client {i} is new and must be served");
        }
        assert!(limiter.keys() <= MAX_KEYS, "{} keys, more than the cap of {MAX_KEYS}", limiter.keys());
        assert_eq!(limiter.check_at("reader-brand-new", ip("192.0.2.1"), t), Ok(()), "a new client after the flood");
        // The most recent clients are remembered: their second action is their last.
        for i in 199_990..200_000 {
            let (reader, addr) = client(i);
            assert_eq!(limiter.check_at(&reader, addr, t), Ok(()), "client {i}, second action");
            assert_eq!(limiter.check_at(&reader, addr, t), Err(MIN), "client {i}, third action");
            assert_eq!(limiter.check_at("reader-other", addr, t), Err(MIN), "client {i}'s address is spent");
        }
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
        assert_eq!(limiter.check("reader-a", ip("2001:db8::1")), Err(MIN));
        let none = Limiters::new(Limits::default(), DailyCaps { comments: 0, comments_per_article: 200 });
        assert_eq!(none.comment("reader-a", None, "a"), Err(DAY));
    }

    const DAY: Duration = DailyCaps::WINDOW;

    /// A comment by a new client each time, so only the daily caps can refuse.
    fn comment_by_someone(limiters: &Limiters, n: u32, article: &str, at: Instant) -> Result<(), Duration> {
        let addr = Some(IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + n)));
        limiters.comment_at(&format!("reader-{n:04}"), addr, article, at)
    }

    #[test]
    fn new_comments_are_capped_per_article_and_in_all_per_day() {
        let limiters = Limiters::new(Limits::default(), DailyCaps { comments: 10, comments_per_article: 4 });
        let t = Instant::now();
        let hour = Duration::from_secs(3600);
        for n in 0..4 {
            assert_eq!(comment_by_someone(&limiters, n, "a", t + hour * n), Ok(()), "comment {n} on a");
        }
        // The fifth on `a` waits until the first has been there a day.
        assert_eq!(comment_by_someone(&limiters, 4, "a", t + hour * 5), Err(DAY - hour * 5));
        for n in 5..11 {
            assert_eq!(comment_by_someone(&limiters, n, &format!("b{n}"), t + hour * 6), Ok(()), "comment {n}");
        }
        // Ten in all: nothing more anywhere, until the oldest is a day old.
        assert_eq!(comment_by_someone(&limiters, 11, "c", t + hour * 7), Err(DAY - hour * 7));
        assert_eq!(comment_by_someone(&limiters, 12, "c", t + DAY), Ok(()), "the first has expired");
        assert_eq!(comment_by_someone(&limiters, 13, "a", t + DAY + hour), Ok(()), "so has a's second");
        assert_eq!(comment_by_someone(&limiters, 14, "d", t + DAY + hour), Err(hour), "ten in the last day again");
    }

    #[test]
    fn a_comment_refused_by_a_cap_does_not_use_up_the_clients_allowance() {
        let limits = Limits { comments: Rate::new(1, MIN), ..Limits::default() };
        let limiters = Limiters::new(limits, DailyCaps { comments: 100, comments_per_article: 1 });
        let t = Instant::now();
        assert_eq!(limiters.comment_at("reader-a", ip("10.0.0.1"), "a", t), Ok(()));
        assert!(limiters.comment_at("reader-b", ip("10.0.0.2"), "a", t).is_err(), "a is full");
        assert_eq!(limiters.comment_at("reader-b", ip("10.0.0.2"), "b", t), Ok(()), "b's allowance is intact");
        assert_eq!(limiters.comment_at("reader-a", ip("10.0.0.1"), "c", t), Err(MIN), "a's is not");
    }

    #[test]
    fn the_daily_log_forgets_expired_comments_of_every_article() {
        let limiters = Limiters::new(Limits::default(), DailyCaps { comments: 1000, comments_per_article: 1000 });
        let t = Instant::now();
        for n in 0..500 {
            assert_eq!(comment_by_someone(&limiters, n, &format!("article-{n}"), t), Ok(()));
        }
        assert_eq!(comment_by_someone(&limiters, 500, "article-x", t + DAY), Ok(()));
        let totals = limiters.totals.lock().map(|t| (t.all.len(), t.by_article.len())).ok();
        assert_eq!(totals, Some((1, 1)), "only the newest comment is remembered");
    }
}
