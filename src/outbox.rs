//! The outbox: the reader's ratings and comments until the server has answered them.
//!
//! Every write is kept in localStorage first, so a reload, a closed tab or a lost
//! connection loses nothing, and then sent by the one sender of the app, oldest first and
//! one request at a time (so no article ever has two ratings under way). Each write goes
//! under its own idempotency key, every time it is sent: when an answer was lost and the
//! write is sent again, the server answers with its first result instead of doing it
//! twice. A write leaves the outbox only on a definitive answer (done, or refused: a
//! refused comment goes back into the draft); without one it waits for the `online`
//! event, the next start of the app, the reader's next write, Background Sync (through the
//! service worker, see `offline.rs`) or a timer.

use std::time::Duration;

use api_types::{Comment, CommentInput, RatingSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;

use crate::api::{self, ApiError};
use crate::browser;
use crate::da;
use crate::json::{Fields, FromJson, Value};
use crate::model::ArticleId;
use crate::storage::{self, LenientList, MyVoice};
use crate::voting::Choice;

/// Versioned key: a future format gets a new key and can migrate from this one.
pub const OUTBOX_KEY: &str = "beboerblad.udbakke.v1";

/// One write not yet answered by the server.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// Its `Idempotency-Key`, the same each time it is sent.
    pub key: String,
    pub article: ArticleId,
    /// When the reader made it, in milliseconds since the epoch.
    pub at: f64,
    pub job: Job,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Job {
    /// Sets (`Some(1..=5)`) or withdraws (`None`) the reader's rating.
    Rating { value: Choice },
    Comment {
        name: String,
        body: String,
        /// The form's honeypot, sent as it was filled in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        website: Option<String>,
    },
}

impl FromJson for Entry {
    fn read(f: &mut Fields, v: &Value) -> Self {
        Entry {
            key: f.string(v, "key"),
            article: ArticleId::new(f.string(v, "article")),
            at: f.opt_number(v, "at").unwrap_or_default(),
            job: f.read(v, "job"),
        }
    }
}

/// As serde writes it: `{"rating": {"value": 4}}` or `{"comment": {"name": …, "body": …}}`.
impl FromJson for Job {
    fn read(f: &mut Fields, v: &Value) -> Self {
        if let Some(rating) = f.opt_object(v, "rating") {
            let value = f.opt_u32(&rating, "value");
            f.expect(value.is_none_or(|r| r <= u32::from(u8::MAX)), "value", "a rating");
            return Job::Rating { value: value.map(|r| r as u8) };
        }
        let comment = f.object(v, "comment");
        Job::Comment {
            name: f.string(&comment, "name"),
            body: f.string(&comment, "body"),
            website: f.opt_string(&comment, "website"),
        }
    }
}

impl Entry {
    fn is_rating_of(&self, article: &ArticleId) -> bool {
        &self.article == article && matches!(self.job, Job::Rating { .. })
    }

    /// What a tampered or half-written entry must not be: sent.
    fn is_sound(&self) -> bool {
        api_types::is_idempotency_key(&self.key)
            && match self.job {
                Job::Rating { value } => {
                    value.is_none_or(|v| (api_types::RATING_MIN..=api_types::RATING_MAX).contains(&v))
                }
                Job::Comment { .. } => true,
            }
    }
}

/// Adds a write at the end. A rating replaces the one still waiting for the same
/// article: only the reader's newest intent is ever sent.
pub fn add(list: &mut Vec<Entry>, entry: Entry) {
    if matches!(entry.job, Job::Rating { .. }) {
        list.retain(|e| !e.is_rating_of(&entry.article));
    }
    list.push(entry);
}

/// Removes the write sent under `key` (and no other: a newer rating for the same article
/// has its own key and stays).
pub fn remove(list: &mut Vec<Entry>, key: &str) {
    list.retain(|e| e.key != key);
}

/// The rating waiting for `article`, if any.
pub fn rating(list: &[Entry], article: &ArticleId) -> Option<Choice> {
    list.iter().find(|e| e.is_rating_of(article)).and_then(|e| match e.job {
        Job::Rating { value } => Some(value),
        Job::Comment { .. } => None,
    })
}

/// The comments waiting for `article`, oldest first.
pub fn comments(list: &[Entry], article: &ArticleId) -> Vec<Entry> {
    list.iter().filter(|e| &e.article == article && matches!(e.job, Job::Comment { .. })).cloned().collect()
}

/// Reads a stored outbox: entries that cannot be read, or must not be sent, are left
/// out; the others are kept. `Err`: not a list at all.
pub fn decode(raw: &str) -> Result<Vec<Entry>, crate::json::JsonError> {
    let list: Vec<Entry> = <LenientList as codee::Decoder<Vec<Entry>>>::decode(raw)?;
    Ok(list.into_iter().filter(Entry::is_sound).collect())
}

fn encode(list: &[Entry]) -> String {
    crate::json::to_string(list).unwrap_or_else(|_| "[]".into())
}

/// A refused comment's text back in the draft, before anything the reader has written
/// since (which is kept too).
pub fn merge_draft(refused: &str, draft: &str) -> String {
    let draft = draft.trim();
    if draft.is_empty() || draft == refused.trim() {
        refused.to_string()
    } else if draft.contains(refused.trim()) {
        draft.to_string()
    } else {
        format!("{refused}\n\n{draft}")
    }
}

/// Why the outbox is waiting instead of sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// The browser has no network.
    Offline,
    /// The browser has one, but no answer came from our server.
    Unreachable,
    /// The server could not take it now (408, 429 for ratings, 5xx).
    Busy,
    /// An answer that is not the API's (e.g. a Wi-Fi login page): the write may or may
    /// not have been done, and sending it again under its key is safe either way.
    Unexpected,
}

impl Waiting {
    /// The reason, in Danish.
    pub fn reason(self) -> &'static str {
        match self {
            Waiting::Offline => da::WAIT_OFFLINE,
            Waiting::Unreachable => da::WAIT_UNREACHABLE,
            Waiting::Busy => da::WAIT_BUSY,
            Waiting::Unexpected => da::WAIT_UNEXPECTED,
        }
    }

    /// Waiting for a connection (rather than for the server).
    pub fn is_connection(self) -> bool {
        matches!(self, Waiting::Offline | Waiting::Unreachable)
    }
}

/// Whether a failed write waits to be sent again (and for how long the server asked),
/// or was refused for good (`None`). A comment the server refuses for coming too often
/// goes back to the reader with the wait, rather than appearing by itself hours later.
/// A browser that says it is offline is believed, whatever answered (e.g. a service
/// worker standing in for the server).
pub fn waits(error: &ApiError, comment: bool, online: bool) -> Option<(Waiting, Option<u32>)> {
    let wait = |why, retry_after| Some((if online { why } else { Waiting::Offline }, retry_after));
    match *error {
        ApiError::Network(_) => wait(Waiting::Unreachable, None),
        ApiError::Decode(_) => wait(Waiting::Unexpected, None),
        ApiError::Request(_) => None,
        ApiError::Server { status: 429, .. } if comment => None,
        ApiError::Server { status: 408 | 429 | 500.., retry_after, .. } => wait(Waiting::Busy, retry_after),
        ApiError::Server { status: 400..=499, .. } => None,
        // Not an answer of the API (it never sends 1xx or 3xx).
        ApiError::Server { .. } => wait(Waiting::Unexpected, None),
    }
}

/// How long to wait before sending again after `failures` failed rounds in a row: as long
/// as the server asked, or 2, 4, 8 … seconds up to a minute (the `online` event, a new
/// write or a new start of the app send at once anyway).
pub fn retry_delay(failures: u32, retry_after: Option<u32>) -> Duration {
    let secs = match retry_after {
        Some(s) => u64::from(s.clamp(1, 3600)),
        None => 2u64.saturating_pow(failures.clamp(1, 6)).min(60),
    };
    Duration::from_secs(secs)
}

/// What became of a write, for the article's widgets.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The server stored `choice` and answered with the summary.
    Rated { choice: Choice, summary: RatingSummary },
    /// Refused: the reason in Danish.
    RatingRefused(String),
    /// Published (its secret is remembered).
    Commented(Comment),
    /// Refused: the reason in Danish; the text is back in the draft.
    CommentRefused(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub article: ArticleId,
    pub outcome: Outcome,
}

#[derive(Default)]
struct Sender {
    running: bool,
    /// Asked to send while running: look at the outbox once more before stopping.
    again: bool,
    /// Rounds in a row that ended waiting.
    failures: u32,
    timer: Option<TimeoutHandle>,
}

#[derive(Default)]
struct State {
    /// What localStorage holds (empty until [`Outbox::start`]: the server's page has
    /// none, and the first render in the browser must equal it).
    entries: Vec<Entry>,
    /// Why writes wait, when the last attempt could not deliver.
    waiting: Option<Waiting>,
    /// What became of each write sent from this tab, in order.
    reports: Vec<Report>,
}

/// The outbox of this browser, shared by the app's widgets (provided as context).
#[derive(Clone, Copy)]
pub struct Outbox {
    /// One signal for all of it: the app is smaller with fewer signal types.
    state: RwSignal<State>,
    sender: StoredValue<Sender>,
    voice: MyVoice,
    notice: RwSignal<Option<&'static str>>,
}

impl Outbox {
    pub fn new(voice: MyVoice, notice: RwSignal<Option<&'static str>>) -> Self {
        Self { state: RwSignal::new(State::default()), sender: StoredValue::new(Sender::default()), voice, notice }
    }

    /// In the browser, once the app has taken over the page: shows what is waiting and
    /// sends it, and again whenever the connection comes back.
    pub fn start(self) {
        self.show(self.load());
        storage::on_change_elsewhere(OUTBOX_KEY, move || self.show(self.load()));
        #[cfg(target_arch = "wasm32")]
        {
            _ = window_event_listener(leptos::ev::online, move |_| {
                self.sender.update_value(|s| s.failures = 0);
                self.send();
            });
        }
        self.send();
    }

    /// The reader chose a rating (`None`: withdrew it); it replaces one still waiting.
    pub fn rate(self, article: &ArticleId, value: Choice) {
        self.queue(article, Job::Rating { value });
    }

    /// The reader sent a comment.
    pub fn comment(self, article: &ArticleId, name: String, body: String, website: Option<String>) {
        self.queue(article, Job::Comment { name, body, website });
    }

    fn queue(self, article: &ArticleId, job: Job) {
        let entry = Entry { key: browser::random_key(), article: article.clone(), at: browser::now_ms(), job };
        self.change(|list| add(list, entry));
        self.send();
    }

    /// The rating waiting for `article` (tracked).
    pub fn rating(&self, article: &ArticleId) -> Option<Choice> {
        self.state.with(|s| rating(&s.entries, article))
    }

    /// The comments waiting for `article` (tracked).
    pub fn comments(&self, article: &ArticleId) -> Vec<Entry> {
        self.state.with(|s| comments(&s.entries, article))
    }

    /// Why writes are waiting, when the last attempt could not deliver (tracked).
    pub fn waiting(&self) -> Option<Waiting> {
        self.state.with(|s| s.waiting)
    }

    /// How many reports there are (untracked): pass to [`Outbox::reports_since`] to hear
    /// only of what happens from now on.
    pub fn report_count(&self) -> usize {
        self.state.with_untracked(|s| s.reports.len())
    }

    /// The outcomes for `article` after the first `seen` reports, and the new count (tracked).
    pub fn reports_since(&self, seen: usize, article: &ArticleId) -> (Vec<Outcome>, usize) {
        self.state.with(|s| {
            let r = &s.reports;
            let new = r.get(seen..).unwrap_or_default();
            (new.iter().filter(|x| &x.article == article).map(|x| x.outcome.clone()).collect(), r.len())
        })
    }

    /// The stored outbox, read fresh (another tab may have changed it).
    fn load(&self) -> Vec<Entry> {
        match storage::read_now(OUTBOX_KEY) {
            Ok(None) => Vec::new(),
            Ok(Some(raw)) => decode(&raw).unwrap_or_else(|_| {
                storage::keep_unreadable(OUTBOX_KEY);
                self.notice.set(Some(da::STORAGE_CORRUPT));
                Vec::new()
            }),
            // No storage: the outbox lives as long as the page.
            Err(problem) => {
                self.notice.set(Some(problem));
                self.state.with_untracked(|s| s.entries.clone())
            }
        }
    }

    /// Changes the stored outbox in one go: read, changed, written.
    fn change(&self, f: impl FnOnce(&mut Vec<Entry>)) {
        let mut list = self.load();
        f(&mut list);
        if let Err(problem) = storage::write_now(OUTBOX_KEY, &encode(&list)) {
            self.notice.set(Some(problem));
        }
        self.show(list);
    }

    fn wait(&self, waiting: Option<Waiting>) {
        if self.state.with_untracked(|s| s.waiting != waiting) {
            self.state.update(|s| s.waiting = waiting);
        }
    }

    fn show(&self, list: Vec<Entry>) {
        if self.state.with_untracked(|s| s.entries != list) {
            self.state.update(|s| s.entries = list);
        }
    }

    /// Sends what is waiting, unless that is under way already (then it is looked at once
    /// more when the current round ends): the one sender, so writes go one at a time.
    pub fn send(self) {
        let under_way = self
            .sender
            .try_update_value(|s| {
                if let Some(timer) = s.timer.take() {
                    timer.clear();
                }
                s.again = s.running;
                std::mem::replace(&mut s.running, true)
            })
            .unwrap_or(true);
        if under_way {
            return;
        }
        spawn_local(async move {
            loop {
                let stalled = self.round().await;
                if self.sender.is_disposed() {
                    return;
                }
                let again = self.sender.try_update_value(|s| std::mem::take(&mut s.again)).unwrap_or(false);
                if again {
                    continue;
                }
                self.sender.update_value(|s| {
                    s.running = false;
                    s.failures = if stalled.is_some() { s.failures + 1 } else { 0 };
                    if let Some(retry_after) = stalled {
                        let delay = retry_delay(s.failures, retry_after);
                        s.timer = later(move || self.send(), delay);
                    }
                });
                return;
            }
        });
    }

    /// Sends the waiting writes, oldest first, until none is left (`None`) or one has to
    /// wait (`Some`, with the wait the server asked for).
    async fn round(self) -> Option<Option<u32>> {
        let mut tried: Vec<String> = Vec::new();
        loop {
            // Unmounted meanwhile (the app never is; a component test is).
            if self.state.is_disposed() {
                return None;
            }
            let list = self.load();
            let next = list.iter().find(|e| !tried.contains(&e.key)).cloned();
            self.show(list);
            let Some(entry) = next else {
                self.wait(None);
                return None;
            };
            tried.push(entry.key.clone());
            let waits = self.deliver(&entry).await;
            if self.state.is_disposed() {
                return None;
            }
            match waits {
                // The connection works: the next wait starts short again.
                None => {
                    self.wait(None);
                    self.sender.update_value(|s| s.failures = 0);
                }
                // Still waiting (not replaced by a newer rating meanwhile): so is the rest.
                Some((waiting, retry_after))
                    if self.state.with_untracked(|s| s.entries.iter().any(|e| e.key == entry.key)) =>
                {
                    self.wait(Some(waiting));
                    if waiting.is_connection() {
                        // Where the browser has Background Sync, the service worker wakes
                        // the pages when the connection is back, even if `online` is missed.
                        crate::offline::request_sync();
                    }
                    return Some(retry_after);
                }
                Some(_) => {}
            }
        }
    }

    /// Sends one write. On a definitive answer, settles it and returns `None`.
    async fn deliver(self, entry: &Entry) -> Option<(Waiting, Option<u32>)> {
        let (article, key) = (&entry.article, entry.key.as_str());
        let online = browser::is_online;
        let outcome = match &entry.job {
            &Job::Rating { value } => {
                let result = self
                    .voice
                    .as_reader(|reader| async move {
                        match value {
                            Some(v) => api::rate(article, &reader, v, key).await,
                            // Withdrawing twice leaves the same state: no key needed.
                            None => api::unrate(article, &reader).await,
                        }
                    })
                    .await;
                match result {
                    Ok(summary) => Outcome::Rated { choice: value, summary },
                    Err(e) => match waits(&e, false, online()) {
                        Some(wait) => return Some(wait),
                        None => Outcome::RatingRefused(e.reader_message()),
                    },
                }
            }
            Job::Comment { name, body, website } => {
                let result = self
                    .voice
                    .as_reader(|reader| async move {
                        let input =
                            CommentInput { reader, name: name.clone(), body: body.clone(), website: website.clone() };
                        api::post_comment(article, &input, key).await
                    })
                    .await;
                let outcome = match result {
                    Ok(created) => {
                        self.voice.remember_secret(created.comment.id, created.secret);
                        Outcome::Commented(created.comment)
                    }
                    Err(e) => match waits(&e, true, online()) {
                        Some(wait) => return Some(wait),
                        None => {
                            self.voice.set_draft(article, merge_draft(body, &self.voice.draft(article)));
                            if untrack(|| self.voice.name()).trim().is_empty() {
                                self.voice.set_name(name.clone());
                            }
                            Outcome::CommentRefused(e.reader_message())
                        }
                    },
                };
                // The secret or the draft is written to storage by an effect: let it run
                // before the entry goes, so a tab closed now loses neither.
                leptos::task::tick().await;
                outcome
            }
        };
        if !self.state.is_disposed() {
            self.change(|list| remove(list, key));
            self.state.update(|s| s.reports.push(Report { article: article.clone(), outcome }));
        }
        None
    }
}

/// Calls `f` after `delay` (in the browser).
fn later(f: impl FnOnce() + 'static, delay: Duration) -> Option<TimeoutHandle> {
    #[cfg(target_arch = "wasm32")]
    {
        set_timeout(f, delay).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (f, delay);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, article: &str, job: Job) -> Entry {
        Entry { key: format!("{key:0>16}"), article: ArticleId::new(article), at: 0.0, job }
    }

    fn rated(key: &str, article: &str, value: Choice) -> Entry {
        entry(key, article, Job::Rating { value })
    }

    fn commented(key: &str, article: &str, body: &str) -> Entry {
        entry(key, article, Job::Comment { name: "Ann".into(), body: body.into(), website: None })
    }

    fn keys(list: &[Entry]) -> Vec<String> {
        list.iter().map(|e| e.key.trim_start_matches('0').to_string()).collect()
    }

    #[test]
    fn a_newer_rating_replaces_the_waiting_one_for_its_article_only() {
        let mut list = Vec::new();
        add(&mut list, rated("1", "a", Some(3)));
        add(&mut list, commented("2", "a", "Hej"));
        add(&mut list, rated("3", "b", Some(1)));
        add(&mut list, rated("4", "a", Some(5)));
        assert_eq!(keys(&list), ["2", "3", "4"], "the older rating of a is gone, the rest keep their order");
        assert_eq!(rating(&list, &ArticleId::new("a")), Some(Some(5)));
        add(&mut list, rated("5", "a", None));
        assert_eq!(rating(&list, &ArticleId::new("a")), Some(None), "a withdrawal is an intent too");
        assert_eq!(rating(&list, &ArticleId::new("b")), Some(Some(1)));
        assert_eq!(rating(&list, &ArticleId::new("c")), None);
        assert_eq!(keys(&list), ["2", "3", "5"]);
    }

    #[test]
    fn comments_are_all_kept_in_the_order_written() {
        let mut list = Vec::new();
        for (key, body) in [("1", "Først"), ("2", "Så"), ("3", "Til sidst")] {
            add(&mut list, commented(key, "a", body));
        }
        add(&mut list, commented("4", "b", "Andetsteds"));
        let bodies: Vec<String> = comments(&list, &ArticleId::new("a"))
            .into_iter()
            .map(|e| match e.job {
                Job::Comment { body, .. } => body,
                Job::Rating { .. } => String::new(),
            })
            .collect();
        assert_eq!(bodies, ["Først", "Så", "Til sidst"]);
    }

    #[test]
    fn removal_is_by_key_only() {
        let mut list = vec![rated("1", "a", Some(2)), commented("2", "a", "Hej"), commented("3", "a", "Hej")];
        // The answer to a rating that was replaced meanwhile removes nothing else.
        remove(&mut list, &format!("{:0>16}", "9"));
        assert_eq!(keys(&list), ["1", "2", "3"]);
        remove(&mut list, &format!("{:0>16}", "2"));
        assert_eq!(keys(&list), ["1", "3"], "the same text under another key stays");
    }

    #[test]
    fn a_corrupt_outbox_keeps_every_readable_entry() {
        let good = encode(&[rated("1", "a", Some(4)), commented("2", "b", "Hej")]);
        let good = good.trim_start_matches('[').trim_end_matches(']');
        let raw = format!(
            r#"[{good}, 42, {{"key":"kort","article":"a","job":{{"rating":{{"value":2}}}}}},
            {{"key":"000000000000000x","article":"a","job":{{"rating":{{"value":9}}}}}},
            {{"key":"000000000000000y","article":"c","job":{{"fax":{{}}}}}},
            {{"key":"000000000000000z","article":"c","at":1.5,"job":{{"comment":{{"name":"Bo","body":"Ok"}}}}}}]"#
        );
        let list = decode(&raw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            keys(&list),
            ["1", "2", "z"],
            "too short a key, an impossible rating and an unknown kind are left out"
        );
        assert_eq!(list[2].job, Job::Comment { name: "Bo".into(), body: "Ok".into(), website: None });
        assert!(decode("{not a list").is_err(), "not a list at all: the caller keeps a copy");
        assert_eq!(decode(&encode(&list)).ok(), Some(list), "what is written reads back the same");
    }

    #[test]
    fn only_a_definitive_answer_ends_a_write() {
        let server = |status, retry_after| ApiError::Server { status, code: None, retry_after };
        let network = ApiError::Network("Failed to fetch".into());
        assert_eq!(waits(&network, false, false), Some((Waiting::Offline, None)));
        assert_eq!(waits(&network, true, true), Some((Waiting::Unreachable, None)));
        assert_eq!(waits(&ApiError::Decode("html".into()), true, true), Some((Waiting::Unexpected, None)));
        assert_eq!(waits(&server(503, Some(5)), true, false), Some((Waiting::Offline, Some(5))), "offline is offline");
        assert_eq!(waits(&server(422, None), true, false), None, "a refusal is a refusal");
        for status in [408, 500, 502, 503, 504] {
            assert_eq!(waits(&server(status, Some(1)), true, true), Some((Waiting::Busy, Some(1))), "{status}");
        }
        assert_eq!(waits(&server(429, Some(30)), false, true), Some((Waiting::Busy, Some(30))), "a rating waits");
        assert_eq!(waits(&server(429, Some(30)), true, true), None, "a comment goes back to the reader");
        for status in [400, 401, 403, 404, 409, 413, 422] {
            assert_eq!(waits(&server(status, None), false, true), None, "{status}");
            assert_eq!(waits(&server(status, None), true, true), None, "{status}");
        }
        assert_eq!(waits(&ApiError::Request("encode".into()), true, true), None, "it could never be sent");
    }

    #[test]
    fn retries_back_off_to_a_minute_or_wait_as_asked() {
        let secs = |failures, after| retry_delay(failures, after).as_secs();
        assert_eq!([1, 2, 3, 4, 5, 6, 7, 50].map(|f| secs(f, None)), [2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(secs(1, Some(120)), 120);
        assert_eq!(secs(1, Some(0)), 1);
        assert_eq!(secs(1, Some(86_400)), 3600);
    }

    #[test]
    fn a_refused_comment_goes_back_before_what_was_written_since() {
        assert_eq!(merge_draft("Hej", ""), "Hej");
        assert_eq!(merge_draft("Hej", "  "), "Hej");
        assert_eq!(merge_draft("Hej", "Hej"), "Hej", "not twice");
        assert_eq!(merge_draft("Hej", "Ny tekst"), "Hej\n\nNy tekst");
        assert_eq!(merge_draft("Hej", "Hej\n\nNy tekst"), "Hej\n\nNy tekst", "already back");
    }
}
