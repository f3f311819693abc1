//! The reader's rating as the widget shows it while writes are under way. The outbox
//! (`outbox.rs`) keeps the reader's newest choice until the server has answered it and
//! sends one request at a time; here that choice is shown on top of what the server last
//! confirmed, so the newest intent shows at once and a stale answer never does, a fetch
//! started before a choice cannot overwrite it, and after a refusal the summary falls
//! back to what the server confirmed.

use api_types::{RATING_MAX, RatingSummary};

/// A rating to send: `Some(1..=5)` sets it, `None` withdraws it.
pub type Choice = Option<u8>;

/// How the reader's writes ended, for the reader's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// The server stored the reader's newest choice.
    Saved(Choice),
    /// The newest choice was refused; the confirmed state shows again.
    Failed,
}

/// The server's answer to one rating write.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Stored(Choice, RatingSummary),
    Refused,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Voting {
    /// The server's last answer.
    confirmed: Option<RatingSummary>,
    /// Counts choices: a fetch started before the newest choice is stale.
    generation: u64,
}

impl Voting {
    pub fn new(confirmed: Option<RatingSummary>) -> Self {
        Self { confirmed, ..Self::default() }
    }

    /// The summary to show: the confirmed one with the choice still waiting (if any) applied.
    pub fn shown(&self, waiting: Option<Choice>) -> Option<RatingSummary> {
        match waiting {
            Some(choice) => Some(self.confirmed.clone().unwrap_or_else(empty).with_mine(choice)),
            None => self.confirmed.clone(),
        }
    }

    /// The reader chose (the choice itself waits in the outbox).
    pub fn chose(&mut self) {
        self.generation += 1;
    }

    /// A write was answered; `waiting` is the choice still waiting after it (a newer
    /// one). The round is settled, and the reader told, only when none is.
    pub fn answered(&mut self, answer: Answer, waiting: Option<Choice>) -> Option<Settled> {
        let settled = match answer {
            Answer::Stored(choice, summary) => {
                self.confirmed = Some(summary);
                Settled::Saved(choice)
            }
            Answer::Refused => Settled::Failed,
        };
        waiting.is_none().then_some(settled)
    }

    /// Call when a fetch of the summary starts; give the token to [`Voting::fetched`].
    pub fn fetch_started(&self) -> u64 {
        self.generation
    }

    /// A fetched summary replaces the confirmed one only if no choice was made since the
    /// fetch started and none is waiting (`waiting`).
    pub fn fetched(&mut self, token: u64, summary: RatingSummary, waiting: bool) -> bool {
        let current = token == self.generation && !waiting;
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

    /// The widget's state and the outbox's waiting choice, as the widget uses them.
    struct Widget {
        voting: Voting,
        waiting: Option<Choice>,
    }

    impl Widget {
        fn new(confirmed: Option<RatingSummary>) -> Self {
            Self { voting: Voting::new(confirmed), waiting: None }
        }
        /// A newer choice replaces the waiting one (see `outbox::add`).
        fn choose(&mut self, choice: Choice) {
            self.voting.chose();
            self.waiting = Some(choice);
        }
        /// The write of `sent` was answered; `newer` says whether a newer choice waits.
        fn answered(&mut self, sent: Choice, answer: Option<RatingSummary>, newer: bool) -> Option<Settled> {
            if !newer {
                assert_eq!(self.waiting, Some(sent), "the outbox sends the newest choice");
                self.waiting = None;
            }
            let answer = answer.map_or(Answer::Refused, |s| Answer::Stored(sent, s));
            self.voting.answered(answer, self.waiting)
        }
        fn shown(&self) -> Option<RatingSummary> {
            self.voting.shown(self.waiting)
        }
        fn mine(&self) -> Choice {
            self.shown().and_then(|s| s.mine)
        }
    }

    #[test]
    fn a_choice_shows_at_once_and_settles_on_the_answer() {
        let mut w = Widget::new(Some(stored([0, 0, 1, 0, 0], None)));
        w.choose(Some(5));
        assert_eq!(w.shown().map(|s| (s.counts, s.mine)), Some(([0, 0, 1, 0, 1], Some(5))));
        let settled = w.answered(Some(5), Some(stored([0, 0, 1, 0, 1], Some(5))), false);
        assert_eq!(settled, Some(Settled::Saved(Some(5))));
        assert_eq!(w.mine(), Some(5));
    }

    #[test]
    fn a_newer_choice_waits_and_a_stale_answer_does_not_show() {
        let mut w = Widget::new(Some(stored([0; 5], None)));
        w.choose(Some(1));
        w.choose(Some(2));
        w.choose(Some(4));
        assert_eq!(w.mine(), Some(4));
        let settled = w.answered(Some(1), Some(stored([1, 0, 0, 0, 0], Some(1))), true);
        assert_eq!(settled, None, "not settled while a newer choice waits");
        assert_eq!(w.mine(), Some(4), "the stale answer does not show");
        assert_eq!(w.shown().map(|s| s.total), Some(1), "counted once, as the newest choice");
        let settled = w.answered(Some(4), Some(stored([0, 0, 0, 1, 0], Some(4))), false);
        assert_eq!(settled, Some(Settled::Saved(Some(4))));
        assert_eq!(w.mine(), Some(4));
    }

    #[test]
    fn first_refused_second_succeeds() {
        let mut w = Widget::new(Some(stored([0; 5], Some(3))));
        w.choose(Some(1));
        w.choose(Some(2));
        assert_eq!(w.answered(Some(1), None, true), None, "the newer choice is still sent");
        assert_eq!(w.mine(), Some(2));
        assert_eq!(w.answered(Some(2), Some(stored([0, 1, 0, 0, 0], Some(2))), false), Some(Settled::Saved(Some(2))));
        assert_eq!(w.mine(), Some(2));
    }

    #[test]
    fn first_succeeds_second_refused_rolls_back_to_the_first() {
        let mut w = Widget::new(Some(stored([0; 5], None)));
        w.choose(Some(1));
        w.choose(Some(2));
        assert_eq!(w.answered(Some(1), Some(stored([1, 0, 0, 0, 0], Some(1))), true), None);
        assert_eq!(w.answered(Some(2), None, false), Some(Settled::Failed));
        assert_eq!(w.mine(), Some(1), "what the server confirmed, not the other choice's unconfirmed state");
    }

    #[test]
    fn a_lone_refusal_rolls_back() {
        let mut w = Widget::new(Some(stored([0, 0, 0, 0, 1], Some(5))));
        w.choose(None);
        assert_eq!(w.mine(), None);
        assert_eq!(w.answered(None, None, false), Some(Settled::Failed));
        assert_eq!(w.mine(), Some(5));
    }

    #[test]
    fn a_withdrawal_settles_as_saved_none() {
        let mut w = Widget::new(Some(stored([0, 0, 0, 0, 1], Some(5))));
        w.choose(None);
        assert_eq!(w.answered(None, Some(stored([0; 5], None)), false), Some(Settled::Saved(None)));
        assert_eq!(w.shown().map(|s| s.total), Some(0));
    }

    #[test]
    fn a_fetch_started_before_a_choice_cannot_overwrite_it() {
        let mut w = Widget::new(None);
        let token = w.voting.fetch_started();
        w.choose(Some(3));
        w.answered(Some(3), Some(stored([0, 0, 1, 0, 0], Some(3))), false);
        assert!(!w.voting.fetched(token, stored([0; 5], None), false), "stale fetch ignored");
        assert_eq!(w.mine(), Some(3));
        let token = w.voting.fetch_started();
        assert!(w.voting.fetched(token, stored([0, 0, 2, 0, 0], Some(3)), false), "a fresh fetch applies");
        assert_eq!(w.shown().map(|s| s.total), Some(2));
        let token = w.voting.fetch_started();
        w.choose(Some(1));
        assert!(!w.voting.fetched(token, stored([0; 5], None), true), "not while a choice waits");
        let token = w.voting.fetch_started();
        assert!(!w.voting.fetched(token, stored([0; 5], None), true), "not even one made in another tab");
        assert_eq!(w.mine(), Some(1));
    }
}
