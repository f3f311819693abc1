//! Danish-aware words: how text and queries are cut into words and made comparable.
//!
//! A word is a run of letters and digits. Compared, it is lower case, with the old
//! spellings read as the letters they stand for (`aa` → `å`, `oe` → `ø`, `ae` → `æ`;
//! `ä`, `ö` as `æ`, `ø`), so "Gaarden" and "gården" are one word. A query word matches
//! a text word with the same stem (Snowball's Danish stemmer: "legepladserne" and
//! "legepladsen" share "legeplads") or that starts with it ("gård" finds "gårdfesten").

use rust_stemmers::{Algorithm, Stemmer};

/// The words of `text` with their byte ranges in it.
pub fn spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// A word as it is compared: lower case, old spellings and foreign letters folded.
pub fn fold(word: &str) -> String {
    let lower: String = word
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ä' => 'æ',
            'ö' => 'ø',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' => 'u',
            'á' | 'à' | 'â' => 'a',
            c => c,
        })
        .collect();
    if !lower.contains("aa") && !lower.contains("oe") && !lower.contains("ae") {
        return lower;
    }
    lower.replace("aa", "å").replace("oe", "ø").replace("ae", "æ")
}

/// Snowball's Danish stemmer, applied to folded words.
pub struct DanishStemmer(Stemmer);

impl DanishStemmer {
    pub fn new() -> Self {
        Self(Stemmer::create(Algorithm::Danish))
    }

    pub fn stem(&self, folded: &str) -> String {
        self.0.stem(folded).into_owned()
    }
}

impl Default for DanishStemmer {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        spans(text).map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(words("Ny legeplads – i afd. 4!"), ["Ny", "legeplads", "i", "afd", "4"]);
        assert_eq!(words("«Gården»"), ["Gården"]);
        assert_eq!(words("  "), Vec::<&str>::new());
        assert_eq!(words("slut"), ["slut"], "a word at the very end");
    }

    #[test]
    fn case_and_old_spellings_fold_to_one_word() {
        assert_eq!(fold("GÅRDEN"), "gården");
        assert_eq!(fold("Gaarden"), "gården");
        assert_eq!(fold("Soeren"), fold("Søren"));
        assert_eq!(fold("Jaeger"), fold("jæger"));
        assert_eq!(fold("Århus"), fold("Aarhus"));
        assert_eq!(fold("Café"), "cafe");
        assert_ne!(fold("gård"), fold("gard"), "å is not a");
    }

    #[test]
    fn danish_inflections_share_a_stem() {
        let s = DanishStemmer::new();
        let stem = |w: &str| s.stem(&fold(w));
        assert_eq!(stem("legepladsen"), stem("legepladser"));
        assert_eq!(stem("legepladserne"), stem("legepladsen"));
        assert_eq!(stem("Gaardens"), stem("gården"));
        assert_ne!(stem("gården"), stem("haven"));
    }
}
