//! The readers' feedback at the desk: per issue (newest first) and per article, the number
//! of ratings, their average, how they spread over the five smileys, and the number of
//! comments; a table sorted by links (no JavaScript), with small bar charts drawn by the
//! server as SVG, each with a text alternative.

use std::cmp::Ordering;
use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use beboerblad::da::RATINGS;
use beboerblad::model::Magazine;
use maud::{Markup, html};
use serde::Deserialize;

use super::pages::{self, Section, desk_url};
use super::session::SignedIn;
use super::text;
use crate::AppState;
use crate::db::desk::{self as queries, Figures};

/// One article's line, or an issue's total.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub id: String,
    pub title: String,
    /// Page in its issue (the magazine's order), if any.
    pub page: Option<u32>,
    pub figures: Figures,
}

impl Line {
    pub fn ratings(&self) -> u32 {
        self.figures.ratings.iter().sum()
    }

    /// The mean of the values (1 to 5); `None` without ratings.
    pub fn average(&self) -> Option<f64> {
        let n = self.ratings();
        let sum: u64 = self.figures.ratings.iter().zip(1u64..).map(|(&count, value)| u64::from(count) * value).sum();
        (n > 0).then(|| sum as f64 / f64::from(n))
    }
}

/// An issue's articles and their sum (`id` empty for the articles outside any issue).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub total: Line,
    pub articles: Vec<Line>,
}

/// Every issue of the magazine, newest first, then the articles outside issues (if any).
pub fn groups(magazine: &Magazine, figures: &HashMap<String, Figures>) -> Vec<Group> {
    let line = |article: &beboerblad::model::Article| Line {
        id: article.id.to_string(),
        title: article.title.clone(),
        page: article.page,
        figures: figures.get(article.id.as_str()).copied().unwrap_or_default(),
    };
    let group = |id: String, title: String, articles: Vec<Line>| {
        let mut total = Figures::default();
        for article in &articles {
            for (sum, count) in total.ratings.iter_mut().zip(article.figures.ratings) {
                *sum += count;
            }
            total.comments += article.figures.comments;
        }
        let total = Line { id: id.clone(), title: text::ISSUE_TOTAL.to_string(), page: None, figures: total };
        Group { id, title, total, articles }
    };
    let mut groups: Vec<Group> = magazine
        .issues
        .iter()
        .map(|issue| {
            let articles = magazine.issue_articles(&issue.id).into_iter().map(line).collect();
            group(issue.id.to_string(), issue.title.clone(), articles)
        })
        .collect();
    let loose: Vec<Line> = magazine
        .articles
        .iter()
        .filter(|a| a.issue.as_ref().is_none_or(|id| magazine.issue(id).is_none()))
        .map(line)
        .collect();
    if !loose.is_empty() {
        groups.push(group(String::new(), text::WITHOUT_ISSUE.to_string(), loose));
    }
    groups
}

/// What the table is sorted by (`?sorter=`), and which way (`?orden=op|ned`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Page,
    Title,
    Ratings,
    Average,
    Comments,
}

impl Key {
    fn parse(text: Option<&str>) -> Self {
        match text {
            Some("side") => Key::Page,
            Some("titel") => Key::Title,
            Some("bedoemmelser") => Key::Ratings,
            Some("kommentarer") => Key::Comments,
            _ => Key::Average,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Key::Page => "side",
            Key::Title => "titel",
            Key::Ratings => "bedoemmelser",
            Key::Average => "gennemsnit",
            Key::Comments => "kommentarer",
        }
    }

    /// Which way a first click sorts: words and pages up, figures down (best first).
    fn first_descending(self) -> bool {
        !matches!(self, Key::Title | Key::Page)
    }
}

/// Sorts lines by `key`; ties keep the magazine's order.
pub fn sort(lines: &mut [Line], key: Key, descending: bool) {
    let compare = |a: &Line, b: &Line| -> Ordering {
        match key {
            Key::Page => a.page.unwrap_or(u32::MAX).cmp(&b.page.unwrap_or(u32::MAX)),
            Key::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            Key::Ratings => a.ratings().cmp(&b.ratings()),
            // Unrated articles after rated ones, whichever way.
            Key::Average => match (a.average(), b.average()) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => Ordering::Greater,
                (None, Some(_)) => Ordering::Less,
                (None, None) => Ordering::Equal,
            },
            Key::Comments => a.figures.comments.cmp(&b.figures.comments),
        }
    };
    lines.sort_by(|a, b| if descending { compare(b, a) } else { compare(a, b) });
}

#[derive(Debug, Default, Deserialize)]
pub struct SortQuery {
    sorter: Option<String>,
    orden: Option<String>,
}

/// `GET /redaktion/tilbagemeldinger`.
pub async fn page(State(state): State<AppState>, editor: SignedIn, Query(query): Query<SortQuery>) -> Response {
    let key = Key::parse(query.sorter.as_deref());
    let descending = match query.orden.as_deref() {
        Some("op") => false,
        Some("ned") => true,
        _ => key.first_descending(),
    };
    let Some(mut groups) = figures(&state).await else { return pages::unavailable(&state) };
    for group in &mut groups {
        sort(&mut group.articles, key, descending);
    }
    let main = html! {
        h1 { (text::FEEDBACK_TITLE) }
        p { (text::FEEDBACK_INTRO) }
        p { a href=(desk_url(&state, "/tilbagemeldinger.csv")) download="tilbagemeldinger.csv" { (text::CSV_LINK) } }
        @for group in &groups {
            section.issue {
                h2 id=(format!("blad-{}", group.id)) { (group.title) }
                div.table-wrap role="region" aria-label=(group.title) tabindex="0" {
                    table.feedback {
                        caption { (group.title) }
                        thead { tr {
                            (header(&state, text::COL_ARTICLE, Key::Title, key, descending))
                            (header(&state, text::COL_RATINGS, Key::Ratings, key, descending))
                            (header(&state, text::COL_AVERAGE, Key::Average, key, descending))
                            th scope="col" { (text::COL_DISTRIBUTION) }
                            (header(&state, text::COL_COMMENTS, Key::Comments, key, descending))
                        } }
                        tbody {
                            @for line in &group.articles {
                                tr {
                                    th scope="row" {
                                        a href=(format!("{}artikel/{}", state.pages.base().as_str(), line.id)) { (line.title) }
                                    }
                                    (figures_cells(line, &line.title))
                                }
                            }
                        }
                        tfoot {
                            tr {
                                th scope="row" { (text::ISSUE_TOTAL) }
                                (figures_cells(&group.total, &group.title))
                            }
                        }
                    }
                }
            }
        }
    };
    pages::respond(
        StatusCode::OK,
        pages::frame(&state, Some(&editor), Some(Section::Feedback), text::FEEDBACK_TITLE, main),
    )
}

/// The groups with their figures, or `None` (logged) when the database cannot say.
pub async fn figures(state: &AppState) -> Option<Vec<Group>> {
    let figures = match queries::figures(&state.db).await {
        Ok(figures) => figures,
        Err(e) => {
            tracing::error!("cannot read the feedback figures: {e}");
            return None;
        }
    };
    let magazine = state.content.fresh().await.ok();
    Some(magazine.map(|m| groups(&m, &figures)).unwrap_or_default())
}

/// A column header that sorts by `key`: the other way when it is the current one.
fn header(state: &AppState, label: &str, key: Key, current: Key, descending: bool) -> Markup {
    let sorted = key == current;
    let next_descending = if sorted { !descending } else { key.first_descending() };
    let href = desk_url(
        state,
        &format!("/tilbagemeldinger?sorter={}&orden={}", key.as_str(), if next_descending { "ned" } else { "op" }),
    );
    let sort = sorted.then_some(if descending { "descending" } else { "ascending" });
    html! {
        th scope="col" aria-sort=[sort] {
            a href=(href) {
                (label)
                @if sorted {
                    span.sort aria-hidden="true" { @if descending { " ▼" } @else { " ▲" } }
                    span.visually-hidden { ", " @if descending { (text::SORTED_DOWN) } @else { (text::SORTED_UP) } }
                }
            }
        }
    }
}

/// A number with a decimal comma and one decimal: "4,2".
pub fn danish_decimal(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

fn figures_cells(line: &Line, title: &str) -> Markup {
    html! {
        td.number { (line.ratings()) }
        td.number {
            @match line.average() {
                Some(average) => { (danish_decimal(average, 1)) }
                None => { span.muted { (text::NO_RATINGS) } }
            }
        }
        td { (chart(&line.figures.ratings, title)) }
        td.number { (line.figures.comments) }
    }
}

/// The distribution as five bars, one per smiley (worst to best), heights relative to the
/// most common one; the text alternative names every count.
pub fn chart(counts: &[u32; 5], title: &str) -> Markup {
    const WIDTH: u32 = 110;
    const HEIGHT: u32 = 32;
    const BAR: u32 = 18;
    const GAP: u32 = 4;
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let label = alternative(counts, title);
    html! {
        svg.chart role="img" aria-label=(label) width=(WIDTH) height=(HEIGHT) viewBox=(format!("0 0 {WIDTH} {HEIGHT}"))
            xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            rect.axis x="0" y=(HEIGHT - 1) width=(WIDTH) height="1" {}
            @for (i, &count) in counts.iter().enumerate() {
                @let height = if count == 0 { 0 } else { ((HEIGHT - 2) * count).div_ceil(max).max(2) };
                @let x = u32::try_from(i).unwrap_or(0) * (BAR + GAP);
                rect class=(format!("bar bar-{}", i + 1)) x=(x) y=(HEIGHT - 1 - height) width=(BAR) height=(height) {}
            }
        }
    }
}

/// "Fordeling af bedømmelserne af «Titel»: Øv - ikke god 0, Nogenlunde 1, OK 0, …".
pub fn alternative(counts: &[u32; 5], title: &str) -> String {
    let parts: Vec<String> = RATINGS.iter().zip(counts).map(|((name, _), count)| format!("{name} {count}")).collect();
    format!("{} af «{title}»: {}", text::DISTRIBUTION_OF, parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, ratings: [u32; 5], comments: u32, page: Option<u32>) -> Line {
        Line { id: id.into(), title: id.into(), page, figures: Figures { ratings, comments } }
    }

    #[test]
    fn averages_count_each_value() {
        assert_eq!(line("a", [1, 0, 0, 0, 1], 0, None).average(), Some(3.0));
        assert_eq!(line("a", [0, 0, 0, 2, 1], 0, None).average(), Some(13.0 / 3.0));
        assert_eq!(line("a", [0; 5], 0, None).average(), None);
        assert_eq!(danish_decimal(13.0 / 3.0, 1), "4,3");
    }

    #[test]
    fn sorting_puts_unrated_last_and_keeps_ties_in_order() {
        let mut lines = vec![
            line("unrated", [0; 5], 3, Some(1)),
            line("good", [0, 0, 0, 0, 2], 0, Some(2)),
            line("poor", [2, 0, 0, 0, 0], 1, Some(3)),
        ];
        sort(&mut lines, Key::Average, true);
        let ids = |lines: &[Line]| lines.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&lines), ["good", "poor", "unrated"]);
        sort(&mut lines, Key::Comments, true);
        assert_eq!(ids(&lines), ["unrated", "poor", "good"]);
        sort(&mut lines, Key::Page, false);
        assert_eq!(ids(&lines), ["unrated", "good", "poor"]);
    }

    #[test]
    fn the_chart_says_every_count() {
        let svg = chart(&[1, 0, 3, 0, 2], "Ny <legeplads>").into_string();
        let alt = "Fordeling af bedømmelserne af «Ny &lt;legeplads&gt;»: Øv - ikke god 1, Nogenlunde 0, OK 3, Cool - god artikel 0, Kan anbefales 2";
        assert!(svg.contains(&format!("aria-label=\"{alt}\"")), "{svg}");
        assert!(svg.contains(&format!("<title>{alt}</title>")), "{svg}");
        assert_eq!(svg.matches("class=\"bar ").count(), 5, "{svg}");
    }
}
