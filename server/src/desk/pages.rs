//! The desk's HTML: the page frame (navigation, sign-out), the sign-in form and the
//! message pages. Rendered with maud, which escapes every value; no inline script or
//! style, so the site's Content-Security-Policy holds.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use beboerblad::date::Timestamp;
use maud::{DOCTYPE, Markup, html};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

use super::session::SignedIn;
use super::{csrf, text};
use crate::AppState;

/// The desk's own stylesheet (served at `/redaktion/redaktion.css`).
const STYLESHEET: &str = include_str!("redaktion.css");

/// The desk's address with `rest` (a path below it, or a query) appended, below the base path.
pub fn desk_url(state: &AppState, rest: &str) -> String {
    format!("{}redaktion{rest}", state.pages.base().as_str())
}

/// Which part of the desk a page belongs to (marked in the navigation).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Comments,
    Feedback,
    Log,
}

/// A whole page: the frame around `main`.
pub fn frame(
    state: &AppState,
    editor: Option<&SignedIn>,
    section: Option<Section>,
    title: &str,
    main: Markup,
) -> Markup {
    let nav = [
        (Section::Comments, text::NAV_COMMENTS, desk_url(state, "")),
        (Section::Feedback, text::NAV_FEEDBACK, desk_url(state, "/tilbagemeldinger")),
        (Section::Log, text::NAV_LOG, desk_url(state, "/log")),
    ];
    html! {
        (DOCTYPE)
        html lang="da" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex, nofollow";
                title { (title) " – " (text::DESK) }
                link rel="icon" href=(format!("{}favicon.svg", state.pages.base().as_str())) type="image/svg+xml";
                link rel="stylesheet" href=(desk_url(state, "/redaktion.css"));
            }
            body {
                a.skip href="#indhold" { (text::SKIP) }
                header.desk-header {
                    p.desk-name { a href=(desk_url(state, "")) { (text::DESK) } }
                    @if let Some(editor) = editor {
                        nav aria-label=(text::NAV) {
                            ul {
                                @for (id, label, href) in &nav {
                                    li {
                                        @if section == Some(*id) {
                                            a href=(href) aria-current="page" { (label) }
                                        } @else {
                                            a href=(href) { (label) }
                                        }
                                    }
                                }
                            }
                        }
                        form.sign-out method="post" action=(desk_url(state, "/log-ud")) {
                            span { (text::SIGNED_IN_AS) " " strong { (editor.editor) } }
                            (csrf_field(&editor.csrf))
                            button type="submit" { (text::SIGN_OUT) }
                        }
                    } @else {
                        a href=(state.pages.base().as_str()) { (text::TO_READER) }
                    }
                }
                main id="indhold" tabindex="-1" { (main) }
            }
        }
    }
}

/// The hidden field with the form's CSRF token.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(csrf::FIELD) value=(token); }
}

/// An HTML answer that no cache keeps.
pub fn respond(status: StatusCode, markup: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string()).into_response()
}

/// The sign-in form, with `notice` above it (a wrong password, signed out, …).
pub fn sign_in(state: &AppState, status: StatusCode, notice: Option<&str>, name: &str, form_token: &str) -> Response {
    let error = status == StatusCode::UNAUTHORIZED;
    let main = html! {
        h1 { (text::SIGN_IN_TITLE) }
        p { (text::SIGN_IN_INTRO) }
        @if let Some(notice) = notice {
            @if error {
                p.notice.error id="log-ind-fejl" role="alert" { (notice) }
            } @else {
                p.notice role="status" { (notice) }
            }
        }
        form.sign-in method="post" action=(desk_url(state, "/log-ind")) {
            (csrf_field(form_token))
            p {
                label for="navn" { (text::NAME) }
                input id="navn" name="navn" type="text" autocomplete="username" required value=(name)
                    aria-describedby=[error.then_some("log-ind-fejl")];
            }
            p {
                label for="adgangskode" { (text::PASSWORD) }
                input id="adgangskode" name="adgangskode" type="password" autocomplete="current-password" required
                    aria-describedby=[error.then_some("log-ind-fejl")];
            }
            button type="submit" { (text::SIGN_IN) }
        }
    };
    respond(status, frame(state, None, None, text::SIGN_IN_TITLE, main))
}

/// A page that only says something, with the way back to the desk.
pub fn message(state: &AppState, editor: Option<&SignedIn>, status: StatusCode, title: &str, says: &str) -> Response {
    let main = html! {
        h1 { (title) }
        p { (says) }
        p { a href=(desk_url(state, "")) { (text::TO_DESK) } }
    };
    respond(status, frame(state, editor, None, title, main))
}

/// A form without the right CSRF token: refused, nothing done.
pub fn form_expired(state: &AppState, editor: Option<&SignedIn>) -> Response {
    message(state, editor, StatusCode::FORBIDDEN, text::FORM_EXPIRED_TITLE, text::FORM_EXPIRED)
}

/// Too many wrong passwords from the client's address.
pub fn too_many(state: &AppState, wait: Option<Duration>) -> Response {
    let wait = wait.unwrap_or(Duration::from_secs(60)).as_secs().max(1);
    let minutes = wait.div_ceil(60);
    let says = format!(
        "Der er kommet for mange forkerte adgangskoder fra din forbindelse. Prøv igen om {minutes} {}.",
        if minutes == 1 { "minut" } else { "minutter" }
    );
    let mut response = message(state, None, StatusCode::TOO_MANY_REQUESTS, text::SIGN_IN_TITLE, &says);
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub fn unavailable(state: &AppState) -> Response {
    message(state, None, StatusCode::SERVICE_UNAVAILABLE, text::UNAVAILABLE_TITLE, text::UNAVAILABLE)
}

pub async fn not_found(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    message(&state, None, StatusCode::NOT_FOUND, text::NOT_FOUND_TITLE, text::NOT_FOUND)
}

pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], STYLESHEET)
        .into_response()
}

/// A stored time (`2024-06-05T08:00:00Z`) as a Danish reader reads it, in Danish time:
/// "5. juni 2024 kl. 10.00". Anything else as it is.
pub fn danish_time(stored: &str) -> String {
    let Some(utc) = parse_utc(stored) else { return stored.to_string() };
    let local = utc.to_offset(copenhagen_offset(utc));
    let date = format!("{:04}-{:02}-{:02}", local.year(), u8::from(local.month()), local.day());
    let day = Timestamp::parse(&date).map_or(date, |t| t.danish());
    format!("{day} kl. {:02}.{:02}", local.hour(), local.minute())
}

fn parse_utc(stored: &str) -> Option<OffsetDateTime> {
    let number = |range: std::ops::Range<usize>| stored.get(range)?.parse::<u16>().ok();
    if stored.len() != 20 || !stored.ends_with('Z') {
        return None;
    }
    let month = Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let date = Date::from_calendar_date(i32::from(number(0..4)?), month, u8::try_from(number(8..10)?).ok()?).ok()?;
    let time = Time::from_hms(
        u8::try_from(number(11..13)?).ok()?,
        u8::try_from(number(14..16)?).ok()?,
        u8::try_from(number(17..19)?).ok()?,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// Denmark's offset from UTC at `utc`: summer time (+2) from the last Sunday of March to
/// the last Sunday of October, 01:00 UTC both (the EU's rule), else +1.
fn copenhagen_offset(utc: OffsetDateTime) -> UtcOffset {
    let last_sunday = |month: Month| {
        let last = Date::from_calendar_date(utc.year(), month, 31).ok()?;
        let back = last.weekday().number_days_from_sunday();
        let sunday = last.checked_sub(time::Duration::days(i64::from(back)))?;
        debug_assert_eq!(sunday.weekday(), Weekday::Sunday);
        Some(PrimitiveDateTime::new(sunday, Time::from_hms(1, 0, 0).ok()?).assume_utc())
    };
    let summer = match (last_sunday(Month::March), last_sunday(Month::October)) {
        (Some(start), Some(end)) => utc >= start && utc < end,
        _ => false,
    };
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(UtcOffset::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_danish_time() {
        assert_eq!(danish_time("2024-06-05T08:00:00Z"), "5. juni 2024 kl. 10.00");
        assert_eq!(danish_time("2024-12-31T23:30:00Z"), "1. januar 2025 kl. 00.30");
        // Summer time starts on 31 March 2024 at 01:00 UTC and ends on 27 October.
        assert_eq!(danish_time("2024-03-31T00:59:00Z"), "31. marts 2024 kl. 01.59");
        assert_eq!(danish_time("2024-03-31T01:00:00Z"), "31. marts 2024 kl. 03.00");
        assert_eq!(danish_time("2024-10-27T00:59:00Z"), "27. oktober 2024 kl. 02.59");
        assert_eq!(danish_time("2024-10-27T01:00:00Z"), "27. oktober 2024 kl. 02.00");
        assert_eq!(danish_time("i går"), "i går");
    }
}
