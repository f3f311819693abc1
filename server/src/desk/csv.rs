//! The feedback figures as a CSV file for spreadsheets (the board's annual report): one
//! line per article, issues newest first. Semicolons between fields and decimal commas,
//! as Danish spreadsheets expect, UTF-8 with a byte order mark so æ, ø and å survive.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use beboerblad::da::RATINGS;

use super::feedback::{self, Group, danish_decimal};
use super::pages;
use super::session::SignedIn;
use crate::AppState;

/// `GET /redaktion/tilbagemeldinger.csv`.
pub async fn export(State(state): State<AppState>, _editor: SignedIn) -> Response {
    let Some(groups) = feedback::figures(&state).await else { return pages::unavailable(&state) };
    match write(&groups) {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"tilbagemeldinger.csv\""),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!("cannot write the feedback CSV: {e}");
            pages::unavailable(&state)
        }
    }
}

/// The file's bytes.
pub fn write(groups: &[Group]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut head = vec!["Blad", "Artikel-id", "Titel", "Bedømmelser", "Gennemsnit"];
    head.extend(RATINGS.iter().map(|(name, _)| *name));
    head.push("Kommentarer");
    out.write_record(&head)?;
    for group in groups {
        for line in &group.articles {
            let mut record = vec![
                cell(&group.title),
                cell(&line.id),
                cell(&line.title),
                line.ratings().to_string(),
                line.average().map(|a| danish_decimal(a, 2)).unwrap_or_default(),
            ];
            record.extend(line.figures.ratings.iter().map(u32::to_string));
            record.push(line.figures.comments.to_string());
            out.write_record(&record)?;
        }
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Text from the feed, made safe for spreadsheets: a cell starting with `=`, `+`, `-`, `@`
/// or a tab would be read as a formula, so it gets a leading apostrophe.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::desk::Figures;
    use crate::desk::feedback::Line;

    #[test]
    fn one_line_per_article_with_formulas_defused() {
        let line = |id: &str, title: &str, ratings| Line {
            id: id.into(),
            title: title.into(),
            page: None,
            figures: Figures { ratings, comments: 2 },
        };
        let group = Group {
            id: "2024-05".into(),
            title: "Juni; 2024".into(),
            total: line("2024-05", "Hele bladet", [0; 5]),
            articles: vec![line("a", "Æbler", [1, 0, 0, 0, 2]), line("b", "=HYPERLINK(\"x\")", [0; 5])],
        };
        let bytes = write(&[group]).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let expected = "\u{feff}Blad;Artikel-id;Titel;Bedømmelser;Gennemsnit;Øv - ikke god;Nogenlunde;OK;Cool - god artikel;Kan anbefales;Kommentarer\n\
            \"Juni; 2024\";a;Æbler;3;3,67;1;0;0;0;2;2\n\
            \"Juni; 2024\";b;\"'=HYPERLINK(\"\"x\"\")\";0;;0;0;0;0;0;2\n";
        assert_eq!(text, expected);
    }
}
