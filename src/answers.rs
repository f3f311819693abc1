//! The API's answers as the app reads them: field by field from the parsed JSON
//! ([`FromJson`]), the same fields serde writes on the server (`api-types`), read as
//! strictly (a field missing or of the wrong kind fails the answer). Serde's derived
//! decoders for them were most of the app's remaining JSON code (issue 11).

use api_types::{
    Comment, CommentCreated, CommentPage, ErrorCode, RATING_MAX, RatingSummary, ReaderCreated, SearchHit, SearchResults,
};

use crate::json::{Fields, FromJson, Value};

impl FromJson for RatingSummary {
    fn read(f: &mut Fields, v: &Value) -> Self {
        let listed = f.list(v, "counts");
        f.expect(listed.len() == usize::from(RATING_MAX), "counts", "five counts");
        let mut counts = [0; RATING_MAX as usize];
        for (count, value) in counts.iter_mut().zip(&listed) {
            *count = f.element_u32(value, "counts");
        }
        let mine = f.opt_u32(v, "mine");
        f.expect(mine.is_none_or(|m| m <= u32::from(u8::MAX)), "mine", "a rating");
        RatingSummary {
            counts,
            total: f.whole(v, "total"),
            average: f.opt_number(v, "average"),
            mine: mine.map(|m| m as u8),
        }
    }
}

impl FromJson for ReaderCreated {
    fn read(f: &mut Fields, v: &Value) -> Self {
        ReaderCreated { reader: f.string(v, "reader") }
    }
}

impl FromJson for Comment {
    fn read(f: &mut Fields, v: &Value) -> Self {
        Comment {
            id: f.integer(v, "id"),
            name: f.string(v, "name"),
            body: f.string(v, "body"),
            created_at: f.string(v, "created_at"),
        }
    }
}

impl FromJson for CommentPage {
    fn read(f: &mut Fields, v: &Value) -> Self {
        CommentPage { comments: f.list_of(v, "comments"), next: f.opt_string(v, "next") }
    }
}

impl FromJson for CommentCreated {
    fn read(f: &mut Fields, v: &Value) -> Self {
        CommentCreated { comment: f.read(v, "comment"), secret: f.string(v, "secret") }
    }
}

impl FromJson for SearchResults {
    fn read(f: &mut Fields, v: &Value) -> Self {
        SearchResults {
            query: f.string(v, "query"),
            total: f.whole(v, "total") as usize,
            hits: f.list_of(v, "hits"),
            offline: f.flag(v, "offline"),
        }
    }
}

impl FromJson for SearchHit {
    fn read(f: &mut Fields, v: &Value) -> Self {
        SearchHit {
            id: f.string(v, "id"),
            title: f.string(v, "title"),
            summary: f.opt_string(v, "summary"),
            published: f.opt_string(v, "published"),
            section: f.opt_string(v, "section"),
            issue: f.opt_string(v, "issue"),
            issue_title: f.opt_string(v, "issue_title"),
            language: f.opt_string(v, "language"),
            snippet: f.list(v, "snippet").iter().map(|s| f.element_string(s, "snippet")).collect(),
        }
    }
}

/// The code of an API error's body (`{"error": {"code": …}}`); any code this build does
/// not know is [`ErrorCode::Other`].
pub struct ErrorCodeOf(pub ErrorCode);

impl FromJson for ErrorCodeOf {
    fn read(f: &mut Fields, v: &Value) -> Self {
        let error = f.object(v, "error");
        ErrorCodeOf(ErrorCode::of(&f.string(&error, "code")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonError, read, to_string};

    /// What the server writes (serde, `api-types`) reads back the same.
    fn round_trip<T: serde::Serialize + FromJson + PartialEq + std::fmt::Debug>(value: T) {
        let json = to_string(&value).unwrap_or_default();
        assert_eq!(read::<T>(&json).as_ref(), Ok(&value), "{json}");
    }

    fn comment(id: i64) -> Comment {
        Comment { id, name: "Ingrid".into(), body: "Tak!".into(), created_at: "2024-06-05T08:00:00Z".into() }
    }

    #[test]
    fn answers_read_back_as_the_server_writes_them() {
        round_trip(RatingSummary::from_counts([0, 1, 0, 2, 7], Some(5)));
        round_trip(RatingSummary::from_counts([0; 5], None));
        round_trip(ReaderCreated { reader: "r".repeat(32) });
        round_trip(CommentPage { comments: vec![comment(1), comment(9_007_199_254_740_991)], next: Some("c".into()) });
        round_trip(CommentPage { comments: vec![], next: None });
        round_trip(CommentCreated { comment: comment(-3), secret: "s".into() });
        let hit = SearchHit {
            id: "a".into(),
            title: "Grøn have".into(),
            summary: Some("Lead".into()),
            published: Some("2024-06-05".into()),
            section: Some("nyt".into()),
            issue: Some("2024-05".into()),
            issue_title: Some("Maj".into()),
            language: Some("ar".into()),
            snippet: vec!["".into(), "Grøn".into(), " have".into()],
        };
        let bare = SearchHit {
            summary: None,
            published: None,
            section: None,
            issue: None,
            issue_title: None,
            language: None,
            ..hit.clone()
        };
        round_trip(SearchResults { query: "grøn".into(), total: 2, hits: vec![hit, bare], offline: false });
        round_trip(SearchResults { query: "x".into(), total: 0, hits: vec![], offline: true });
    }

    #[test]
    fn an_answer_not_as_promised_names_the_field() {
        let shape = |text: &str| match read::<RatingSummary>(text) {
            Err(JsonError::Shape(message)) => message,
            other => panic!("{other:?}"),
        };
        assert_eq!(shape(r#"{"counts":[0,0,1,0],"total":1,"average":3.0,"mine":3}"#), "counts: expected five counts");
        assert_eq!(
            shape(r#"{"counts":[0,0,1,0,"x"],"total":1,"average":3.0,"mine":3}"#),
            "counts: expected whole numbers"
        );
        assert_eq!(shape(r#"{"counts":[0,0,1,0,0],"total":1,"average":"3","mine":3}"#), "average: expected a number");
        assert_eq!(shape(r#"{"counts":[0,0,1,0,0],"average":3.0,"mine":3}"#), "total: expected a whole number");
        assert_eq!(shape(r#"{"counts":[0,0,1,0,0],"total":1,"average":3.0,"mine":300}"#), "mine: expected a rating");
        assert!(matches!(read::<RatingSummary>("<!doctype html>"), Err(JsonError::Syntax(_))));
        assert!(
            matches!(read::<CommentPage>(r#"{"comments":[{"id":1.5,"name":"a","body":"b","created_at":"c"}]}"#), Err(JsonError::Shape(m)) if m == "id: expected a whole number")
        );
        assert!(
            matches!(read::<SearchResults>(r#"{"query":"q","total":1,"hits":[],"offline":"ja"}"#), Err(JsonError::Shape(m)) if m == "offline: expected true or false")
        );
    }

    #[test]
    fn an_error_body_gives_its_code_known_or_not() {
        let code = |text: &str| read::<ErrorCodeOf>(text).ok().map(|c| c.0);
        assert_eq!(code(r#"{"error":{"code":"rate_limited","message":"Slow down"}}"#), Some(ErrorCode::RateLimited));
        assert_eq!(code(r#"{"error":{"code":"something_new","message":"?"}}"#), Some(ErrorCode::Other));
        assert_eq!(code(r#"{"error":"boom"}"#), None);
    }
}
