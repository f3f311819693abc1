//! CSRF protection of the desk's forms: every form carries a token that another site
//! cannot know. Signed in, it is the session's own (kept with the session); on the sign-in
//! form, the same random value in a cookie and in the form (double submit), so that no
//! other site can sign a browser in to an account of its choosing either.

use sha2::{Digest, Sha256};

/// The form field that carries the token.
pub const FIELD: &str = "csrf";

/// Compares hashes, so the time taken says nothing about how much of `given` was right.
pub fn matches(expected: &str, given: Option<&str>) -> bool {
    let Some(given) = given.filter(|g| !g.is_empty()) else { return false };
    !expected.is_empty() && Sha256::digest(expected.as_bytes()) == Sha256::digest(given.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_token_matches() {
        assert!(matches("abc123", Some("abc123")));
        assert!(!matches("abc123", Some("abc124")));
        assert!(!matches("abc123", None));
        assert!(!matches("", Some("")));
    }
}
