//! The reader's rating while requests are under way. One request at a time: a choice
//! made while one is out waits and is sent when the answer comes (only the newest such
//! choice), so the newest intent always wins and nothing is sent twice. A fetch started
//! before a choice cannot overwrite it, and after a failure the summary falls back to
//! what the server last confirmed.

use api_types::{RATING_MAX, RatingSummary};

/// A rating to send: `Some(1..=5)` sets it, `None` withdraws it.
pub type Choice = Option<u8>;

/// How a round of requests ended, for the reader's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// The server stored the reader's newest choice.
    Saved(Choice),
    /// The newest choice was refused or lost; the confirmed state shows again.
    Failed,
}

/// What to do after an answer: send the next choice, and/or tell the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub send: Option<Choice>,
    pub settled: Option<Settled>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Voting {
    /// The server's last answer.
    confirmed: Option<RatingSummary>,
    /// The choice the request under way carries.
    sending: Option<Choice>,
    /// The reader's newest choice not yet confirmed.
    wanted: Option<Choice>,
    /// Counts choices: a fetch started before the newest choice is stale.
    generation: u64,
}

impl Voting {
    pub fn new(confirmed: Option<RatingSummary>) -> Self {
        Self { confirmed, ..Self::default() }
    }

    /// The summary to show: the confirmed one with the newest choice applied.
    pub fn shown(&self) -> Option<RatingSummary> {
        match self.wanted {
            Some(choice) => Some(self.confirmed.clone().unwrap_or_else(empty).with_mine(choice)),
            None => self.confirmed.clone(),
        }
    }

    pub fn busy(&self) -> bool {
        self.sending.is_some()
    }

    /// The reader chose: returns the request to send now, or `None` when one is under
    /// way (this choice then goes when it is answered).
    pub fn choose(&mut self, choice: Choice) -> Option<Choice> {
        self.generation += 1;
        self.wanted = Some(choice);
        if self.sending.is_some() {
            return None;
        }
        self.sending = Some(choice);
        Some(choice)
    }

    /// The request under way was answered (`None`: it failed).
    pub fn answered(&mut self, answer: Option<RatingSummary>) -> Step {
        let sent = self.sending.take();
        let succeeded = answer.is_some();
        if let Some(summary) = answer {
            self.confirmed = Some(summary);
        }
        if self.wanted != sent {
            // A newer choice waits: send it; its answer settles the round.
            self.sending = self.wanted;
            return Step { send: self.wanted, settled: None };
        }
        self.wanted = None;
        let settled = match sent {
            Some(choice) if succeeded => Settled::Saved(choice),
            _ => Settled::Failed,
        };
        Step { send: None, settled: Some(settled) }
    }

    /// Call when a fetch of the summary starts; give the token to [`Voting::fetched`].
    pub fn fetch_started(&self) -> u64 {
        self.generation
    }

    /// A fetched summary replaces the confirmed one only if no choice was made since
    /// the fetch started and none is under way.
    pub fn fetched(&mut self, token: u64, summary: RatingSummary) -> bool {
        let current = token == self.generation && self.sending.is_none() && self.wanted.is_none();
        if current {
            self.confirmed = Some(summary);
        }
        current
    }
}

fn empty() -> RatingSummary {
    RatingSummary::from_counts([0; RATING_MAX as usize], None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(counts: [u32; 5], mine: Choice) -> RatingSummary {
        RatingSummary::from_counts(counts, mine)
    }

    fn mine(v: &Voting) -> Choice {
        v.shown().and_then(|s| s.mine)
    }

    #[test]
    fn a_choice_shows_at_once_and_settles_on_the_answer() {
        let mut v = Voting::new(Some(stored([0, 0, 1, 0, 0], None)));
        assert_eq!(v.choose(Some(5)), Some(Some(5)));
        assert_eq!(v.shown().map(|s| (s.counts, s.mine)), Some(([0, 0, 1, 0, 1], Some(5))));
        assert!(v.busy());
        let step = v.answered(Some(stored([0, 0, 1, 0, 1], Some(5))));
        assert_eq!(step, Step { send: None, settled: Some(Settled::Saved(Some(5))) });
        assert!(!v.busy());
    }

    #[test]
    fn a_second_choice_waits_and_the_newest_wins() {
        let mut v = Voting::new(Some(stored([0; 5], None)));
        assert_eq!(v.choose(Some(1)), Some(Some(1)));
        assert_eq!(v.choose(Some(2)), None, "not sent while one is under way");
        assert_eq!(v.choose(Some(4)), None);
        assert_eq!(mine(&v), Some(4));
        let step = v.answered(Some(stored([1, 0, 0, 0, 0], Some(1))));
        assert_eq!(step, Step { send: Some(Some(4)), settled: None }, "only the newest waiting choice goes");
        assert_eq!(mine(&v), Some(4), "the stale answer does not show");
        let step = v.answered(Some(stored([0, 0, 0, 1, 0], Some(4))));
        assert_eq!(step.settled, Some(Settled::Saved(Some(4))));
        assert_eq!(mine(&v), Some(4));
    }

    #[test]
    fn first_fails_second_succeeds() {
        let mut v = Voting::new(Some(stored([0; 5], Some(3))));
        v.choose(Some(1));
        v.choose(Some(2));
        let step = v.answered(None);
        assert_eq!(step, Step { send: Some(Some(2)), settled: None }, "the newer choice is still sent");
        assert_eq!(mine(&v), Some(2));
        assert_eq!(v.answered(Some(stored([0, 1, 0, 0, 0], Some(2)))).settled, Some(Settled::Saved(Some(2))));
        assert_eq!(mine(&v), Some(2));
    }

    #[test]
    fn first_succeeds_second_fails_rolls_back_to_the_first() {
        let mut v = Voting::new(Some(stored([0; 5], None)));
        v.choose(Some(1));
        v.choose(Some(2));
        assert_eq!(v.answered(Some(stored([1, 0, 0, 0, 0], Some(1)))).send, Some(Some(2)));
        assert_eq!(v.answered(None).settled, Some(Settled::Failed));
        assert_eq!(mine(&v), Some(1), "what the server confirmed, not the other choice's unconfirmed state");
    }

    #[test]
    fn a_lone_failure_rolls_back() {
        let mut v = Voting::new(Some(stored([0, 0, 0, 0, 1], Some(5))));
        v.choose(None);
        assert_eq!(mine(&v), None);
        assert_eq!(v.answered(None).settled, Some(Settled::Failed));
        assert_eq!(mine(&v), Some(5));
    }

    #[test]
    fn choosing_back_and_forth_settles_on_the_value_sent() {
        let mut v = Voting::new(None);
        v.choose(Some(4));
        v.choose(Some(2));
        v.choose(Some(4));
        assert_eq!(
            v.answered(Some(stored([0, 0, 0, 1, 0], Some(4)))),
            Step { send: None, settled: Some(Settled::Saved(Some(4))) }
        );
    }

    #[test]
    fn a_fetch_started_before_a_choice_cannot_overwrite_it() {
        let mut v = Voting::new(None);
        let token = v.fetch_started();
        v.choose(Some(3));
        v.answered(Some(stored([0, 0, 1, 0, 0], Some(3))));
        assert!(!v.fetched(token, stored([0; 5], None)), "stale fetch ignored");
        assert_eq!(mine(&v), Some(3));
        let token = v.fetch_started();
        assert!(v.fetched(token, stored([0, 0, 2, 0, 0], Some(3))), "a fresh fetch applies");
        assert_eq!(v.shown().map(|s| s.total), Some(2));
        let token = v.fetch_started();
        v.choose(Some(1));
        assert!(!v.fetched(token, stored([0; 5], None)), "not while a choice is under way");
    }
}
