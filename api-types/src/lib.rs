//! Wire types shared by the app and the server: defined once.
//!
//! Everything here is plain serde so the WASM app can use it; the `openapi` feature adds
//! utoipa schemas for the server's `/api/openapi.json`.

use serde::{Deserialize, Serialize};

/// Hex digits of the random part of a reader id.
pub const READER_RANDOM_LEN: usize = 24;
/// Hex digits of a reader id's signature.
pub const READER_SIGNATURE_LEN: usize = 32;
/// The header that carries the reader id on requests without a body (`GET …/rating`).
/// Never the URL: URLs end up in the logs of proxies and servers.
pub const READER_HEADER: &str = "Beboerblad-Reader";
/// The request header that makes a write safe to send again (`POST …/comments`,
/// `PUT …/rating`): the server answers a repeated key with the first answer and stores
/// nothing twice. The client makes one key per write (a UUID fits) and keeps it with the
/// queued request. See [`is_idempotency_key`].
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
/// The response header, `true`, on an answer repeated for a known idempotency key.
pub const IDEMPOTENT_REPLAYED_HEADER: &str = "Idempotent-Replayed";
/// Shortest idempotency key, in characters.
pub const IDEMPOTENCY_KEY_MIN: usize = 16;
/// Longest idempotency key, in characters.
pub const IDEMPOTENCY_KEY_MAX: usize = 64;
/// Longest commenter name, in characters after trimming.
pub const NAME_MAX: usize = 60;
/// Longest comment body, in characters after trimming.
pub const BODY_MAX: usize = 4000;
/// Lowest rating.
pub const RATING_MIN: u8 = 1;
/// Highest rating; also the length of [`RatingSummary::counts`].
pub const RATING_MAX: u8 = 5;
/// Largest JSON request body the server reads, in bytes: room for the longest comment
/// even in four-byte characters (4 × [`BODY_MAX`] plus name and reader).
pub const JSON_BODY_MAX: usize = 16 * 1024;
/// Comments per page of [`CommentPage`].
pub const COMMENTS_PAGE_SIZE: usize = 50;

/// Whether `id` has the form of the reader ids the server issues (`POST /api/readers`):
/// 24 hex digits of random id, `_`, and 32 hex digits of the server's signature of it.
/// Only the server can tell whether the signature is right.
pub fn is_reader_id(id: &str) -> bool {
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    id.split_once('_')
        .is_some_and(|(random, signature)| hex(random, READER_RANDOM_LEN) && hex(signature, READER_SIGNATURE_LEN))
}

/// Whether `key` may be an idempotency key: [`IDEMPOTENCY_KEY_MIN`] to
/// [`IDEMPOTENCY_KEY_MAX`] characters of `A-Z`, `a-z`, `0-9`, `-` and `_` (a UUID fits).
pub fn is_idempotency_key(key: &str) -> bool {
    (IDEMPOTENCY_KEY_MIN..=IDEMPOTENCY_KEY_MAX).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// Ratings of one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    /// How many readers gave 1, 2, 3, 4 and 5 stars.
    #[cfg_attr(feature = "openapi", schema(min_items = 5, max_items = 5))]
    pub counts: [u32; RATING_MAX as usize],
    pub total: u32,
    /// Mean of all ratings; `null` when there are none.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub average: Option<f64>,
    /// The asking reader's own rating, when a reader was given and has rated.
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1, maximum = 5))]
    pub mine: Option<u8>,
}

impl RatingSummary {
    /// The summary of these counts (ratings 1 to 5), the one computation of totals and
    /// averages for server and app.
    pub fn from_counts(counts: [u32; RATING_MAX as usize], mine: Option<u8>) -> Self {
        let total: u32 = counts.iter().sum();
        let sum: u64 = counts.iter().zip(1u64..).map(|(&n, stars)| u64::from(n) * stars).sum();
        let average = (total > 0).then(|| sum as f64 / f64::from(total));
        Self { counts, total, average, mine }
    }

    /// The summary once the asking reader's rating is `value` instead of `mine`
    /// (`None` withdraws it).
    pub fn with_mine(&self, value: Option<u8>) -> Self {
        let slot = |v: u8| usize::from(v.clamp(RATING_MIN, RATING_MAX) - 1);
        let mut counts = self.counts;
        if let Some(old) = self.mine {
            counts[slot(old)] = counts[slot(old)].saturating_sub(1);
        }
        if let Some(new) = value {
            counts[slot(new)] += 1;
        }
        Self::from_counts(counts, value)
    }
}

/// `PUT /api/articles/{id}/rating`: set (or change) the reader's rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    pub reader: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub value: u8,
}

/// `POST /api/readers`: a new reader id, signed by the server. Keep it: ratings and
/// comments are made with it, and only it shows the reader their own rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReaderCreated {
    #[cfg_attr(feature = "openapi", schema(example = "3f9a0c6e1b2d4f5a6c7e8d90_0a1b2c3d4e5f60718293a4b5c6d7e8f9"))]
    pub reader: String,
}

/// `DELETE /api/articles/{id}/rating`: withdraw the reader's rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingDelete {
    pub reader: String,
}

/// A comment as everyone sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    pub name: String,
    /// Plain text, exactly as written (trimmed): render it escaped, never as HTML.
    pub body: String,
    /// RFC 3339, UTC, e.g. `2024-06-05T08:00:00Z`.
    pub created_at: String,
}

/// One page of an article's visible comments, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    /// Pass as `?after=` for the next page; `null` on the last page. Opaque.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next: Option<String>,
}

/// `POST /api/articles/{id}/comments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    pub reader: String,
    pub name: String,
    pub body: String,
    /// A honeypot: the app leaves it empty (hidden from people); bots fill it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// The answer to a new comment. Keep `secret`: it is shown once and is the only way
/// for the writer to delete the comment (`Authorization: Bearer <secret>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentCreated {
    pub comment: Comment,
    pub secret: String,
}

/// Longest search query (`GET /api/search?q=`), in characters; longer ones are refused
/// (`query_too_long`), so a query costs the server a bounded amount of work.
pub const SEARCH_QUERY_MAX: usize = 200;
/// Most hits one search answers with (the best ones); `total` says how many matched.
pub const SEARCH_HITS_MAX: usize = 50;

/// `GET /api/search?q=…`: the articles that match, best first (title matches before
/// the rest, then the more frequent match, then the newer article).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The query as searched (trimmed).
    pub query: String,
    /// How many articles matched; at most [`SEARCH_HITS_MAX`] of them are in `hits`.
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// `true` when the answer came from the device (the app's service worker, offline):
    /// only the articles stored there were searched.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offline: bool,
}

/// An article that matched, with what a result list shows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// The article's id (`/artikel/{id}`).
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// As the feed gives it (`YYYY-MM-DD…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// The issue's title, so that a result bookmarked from a search page is remembered
    /// with it (the page's data holds only the newest issue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_title: Option<String>,
    /// The article's language when the feed names one (BCP 47, e.g. `ar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A passage of the text around the first match, in pieces: plain text and the
    /// matched words take turns, starting with plain text (empty when the passage starts
    /// with a match), so the words at odd positions are the ones to mark (`<mark>`).
    /// Plain text: render it escaped.
    pub snippet: Vec<String>,
}

/// Every error of the API has this shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// English, for API clients and logs; the app shows its own Danish text per code.
    pub message: String,
}

/// Defines [`ErrorCode`] from one list of its variants with their names on the wire, so
/// that the enum, [`ErrorCode::ALL`] and [`ErrorCode::as_str`] are written once.
macro_rules! error_codes {
    ($($(#[$attr:meta])* $variant:ident = $name:literal,)*) => {
        /// What went wrong, for programs. New codes may appear: old clients read them as
        /// [`ErrorCode::Other`]. Written by serde's derive (snake case, which a test checks
        /// against [`ErrorCode::as_str`]); read by [`ErrorCode::of`] (see its `Deserialize`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$attr])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as the API writes it (`"name_too_long"`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }
        }
    };
}

error_codes! {
    // The request's form.
    InvalidJson = "invalid_json",
    InvalidBody = "invalid_body",
    UnknownField = "unknown_field",
    MissingField = "missing_field",
    UnsupportedMediaType = "unsupported_media_type",
    BodyTooLarge = "body_too_large",
    InvalidPath = "invalid_path",
    InvalidQuery = "invalid_query",
    QueryTooLong = "query_too_long",
    NotFound = "not_found",
    MethodNotAllowed = "method_not_allowed",
    // Its content.
    InvalidReader = "invalid_reader",
    MissingReader = "missing_reader",
    InvalidCursor = "invalid_cursor",
    InvalidIdempotencyKey = "invalid_idempotency_key",
    /// An idempotency key sent again with another request (method, path or body).
    IdempotencyKeyReused = "idempotency_key_reused",
    NameEmpty = "name_empty",
    NameTooLong = "name_too_long",
    NameInvalid = "name_invalid",
    BodyEmpty = "body_empty",
    BodyTooLong = "body_too_long",
    BodyInvalid = "body_invalid",
    ValueOutOfRange = "value_out_of_range",
    UnknownArticle = "unknown_article",
    UnknownComment = "unknown_comment",
    // Who may do it.
    MissingToken = "missing_token",
    WrongToken = "wrong_token",
    RateLimited = "rate_limited",
    // The server's side.
    FeedUnavailable = "feed_unavailable",
    Busy = "busy",
    Internal = "internal",
    /// A code this build does not know.
    Other = "other",
}

impl ErrorCode {
    /// The code written as `code`; [`ErrorCode::Other`] for one this build does not know.
    pub fn of(code: &str) -> Self {
        Self::ALL.iter().copied().find(|c| c.as_str() == code).unwrap_or(Self::Other)
    }
}

/// Any string is a code ([`ErrorCode::of`]). Hand-written: serde's derive makes a visitor
/// for every form a variant may take (name, index, bytes), which the app carries for
/// nothing.
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|code| Self::of(&code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_count_and_move_the_readers_rating() {
        let s = RatingSummary::from_counts([1, 0, 0, 0, 1], None);
        assert_eq!((s.total, s.average), (2, Some(3.0)));
        assert_eq!(RatingSummary::from_counts([0; 5], None).average, None);
        let s = s.with_mine(Some(2));
        assert_eq!((s.counts, s.total, s.mine), ([1, 1, 0, 0, 1], 3, Some(2)));
        let s = s.with_mine(Some(5));
        assert_eq!((s.counts, s.total, s.average), ([1, 0, 0, 0, 2], 3, Some(11.0 / 3.0)));
        let s = s.with_mine(None);
        assert_eq!((s.counts, s.total, s.mine), ([1, 0, 0, 0, 1], 2, None));
    }

    #[test]
    fn reader_ids_have_the_issued_form() {
        let random = "0123456789abcdef01234567";
        let signature = "89abcdef0123456789abcdef01234567";
        assert!(is_reader_id(&format!("{random}_{signature}")));
        for bad in [
            String::new(),
            "reader-aaaa".to_string(),
            // The random ids the app used to make itself.
            "0123456789abcdef0123456789abcdef".to_string(),
            format!("{random}{signature}"),
            format!("{random}-{signature}"),
            format!("{random}_{signature}0"),
            format!("{random}0_{signature}"),
            format!("{random}_{}", &signature[1..]),
            format!("{}_{signature}", random.to_uppercase()),
            format!("{random}_{signature}_{signature}"),
            format!("{random}_{}ø", &signature[..31]),
        ] {
            assert!(!is_reader_id(&bad), "{bad}");
        }
    }

    #[test]
    fn idempotency_keys_are_16_to_64_safe_characters() {
        assert!(is_idempotency_key("0b5c3f7e-9d2a-4c61-8f0e-2a7b9c4d1e63"), "a UUID");
        assert!(is_idempotency_key("Az09-_Az09-_Az09"));
        assert!(is_idempotency_key(&"k".repeat(64)));
        for bad in
            ["", "abcdefghijklmno", &"k".repeat(65), "abcdefgh ijklmnop", "abcdefgh/ijklmnop", "øøøøøøøøøøøøøøøø"]
        {
            assert!(!is_idempotency_key(bad), "{bad:?}");
        }
    }

    #[test]
    fn error_codes_are_snake_case_and_unknown_ones_are_other() {
        assert_eq!(serde_json::to_string(&ErrorCode::NameTooLong).unwrap_or_default(), "\"name_too_long\"");
        let code: ErrorCode = serde_json::from_str("\"from_the_future\"").unwrap_or(ErrorCode::Internal);
        assert_eq!(code, ErrorCode::Other);
        assert!(serde_json::from_str::<ErrorCode>("3").is_err(), "a code is a string");
    }

    #[test]
    fn every_code_reads_back_as_itself() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()), "as_str of {code:?} differs from serde's name");
            let back: ErrorCode = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, code);
        }
    }

    #[test]
    fn inputs_reject_unknown_fields() {
        assert!(serde_json::from_str::<RatingInput>(r#"{"reader":"abcdefgh","value":3,"x":1}"#).is_err());
        let input: Result<CommentInput, _> = serde_json::from_str(r#"{"reader":"abcdefgh","name":"A","body":"B"}"#);
        assert!(input.is_ok_and(|i| i.website.is_none()));
    }
}
