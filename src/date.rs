//! Publication dates: read from RFC 3339 / `YYYY-MM-DD`, shown the Danish way ("5. juni 2024").
//!
//! The calendar date is taken as written in the feed (its own offset), which is the date a
//! Danish reader expects; no time-zone arithmetic is needed for that, so no date crate
//! is pulled into the WASM bundle.

use serde::{Deserialize, Serialize};

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date from the feed, with the text it was read from (kept for `datetime` attributes).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    raw: String,
}

impl Timestamp {
    /// Reads `YYYY-MM-DD` optionally followed by a time (`T…`). `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let date = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with('t') || rest.starts_with(' ')) {
            return None;
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day, raw: text.to_string() })
    }

    /// "5. juni 2024".
    pub fn danish(&self) -> String {
        format!("{}. {} {}", self.day, MONTHS[usize::from(self.month - 1)], self.year)
    }

    /// The text as given in the feed (RFC 3339 or a plain date), for `datetime` attributes.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl TryFrom<String> for Timestamp {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Timestamp::parse(&value).ok_or_else(|| format!("not a date: {value}"))
    }
}

impl From<Timestamp> for String {
    fn from(value: Timestamp) -> Self {
        value.raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_danish_dates() {
        let t = Timestamp::parse("2024-06-05T08:00:00+02:00").map(|t| t.danish());
        assert_eq!(t.as_deref(), Some("5. juni 2024"));
        assert_eq!(Timestamp::parse("2024-12-24").map(|t| t.danish()).as_deref(), Some("24. december 2024"));
    }

    #[test]
    fn rejects_non_dates() {
        for bad in ["", "i går", "2024-13-01", "2024-02-30", "2024-6-5", "20240605", "2024-06-05x"] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
        assert!(Timestamp::parse("2024-02-29").is_some());
    }

    #[test]
    fn orders_by_date() {
        let a = Timestamp::parse("2024-05-01").map(|t| t.danish());
        assert_eq!(a.as_deref(), Some("1. maj 2024"));
        assert!(Timestamp::parse("2024-05-01") < Timestamp::parse("2024-06-01"));
    }
}
