//! Wire types shared by the app and the server: defined once.
//!
//! Everything here is plain serde so the WASM app can use it; the `openapi` feature adds
//! utoipa schemas for the server's `/api/openapi.json`.

use serde::{Deserialize, Serialize};

/// Shortest reader id the server accepts (see [`is_reader_id`]).
pub const READER_ID_MIN: usize = 8;
/// Longest reader id the server accepts.
pub const READER_ID_MAX: usize = 64;
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

/// Whether `id` can be a reader id: the random id the app makes once per browser,
/// 8–64 characters of `A–Z a–z 0–9 _ -`.
pub fn is_reader_id(id: &str) -> bool {
    (READER_ID_MIN..=READER_ID_MAX).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
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

/// What went wrong, for programs. New codes may appear: old clients read them as
/// [`ErrorCode::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // The request's form.
    InvalidJson,
    InvalidBody,
    UnknownField,
    MissingField,
    UnsupportedMediaType,
    BodyTooLarge,
    InvalidPath,
    InvalidQuery,
    NotFound,
    MethodNotAllowed,
    // Its content.
    InvalidReader,
    MissingReader,
    InvalidCursor,
    NameEmpty,
    NameTooLong,
    NameInvalid,
    BodyEmpty,
    BodyTooLong,
    ValueOutOfRange,
    UnknownArticle,
    UnknownComment,
    // Who may do it.
    MissingToken,
    WrongToken,
    RateLimited,
    // The server's side.
    FeedUnavailable,
    Busy,
    Internal,
    #[serde(other)]
    Other,
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
    fn reader_ids() {
        assert!(is_reader_id("abcdEFGH"));
        assert!(is_reader_id(&"a-_9".repeat(16)));
        assert!(!is_reader_id("short"));
        assert!(!is_reader_id(&"a".repeat(65)));
        assert!(!is_reader_id("has space"));
        assert!(!is_reader_id("æøåæøåæø"));
    }

    #[test]
    fn error_codes_are_snake_case_and_unknown_ones_are_other() {
        assert_eq!(serde_json::to_string(&ErrorCode::NameTooLong).unwrap_or_default(), "\"name_too_long\"");
        let code: ErrorCode = serde_json::from_str("\"from_the_future\"").unwrap_or(ErrorCode::Internal);
        assert_eq!(code, ErrorCode::Other);
    }

    #[test]
    fn inputs_reject_unknown_fields() {
        assert!(serde_json::from_str::<RatingInput>(r#"{"reader":"abcdefgh","value":3,"x":1}"#).is_err());
        let input: Result<CommentInput, _> = serde_json::from_str(r#"{"reader":"abcdefgh","name":"A","body":"B"}"#);
        assert!(input.is_ok_and(|i| i.website.is_none()));
    }
}
