//! Who is at the desk: the session cookie (`HttpOnly`, `SameSite=Strict`, `Secure` on an
//! https site, only sent to the desk's paths), signing in and out, and the idle limit.

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use super::editors::{decoy_hash, verify_password};
use super::{csrf, pages, text};
use crate::AppState;
use crate::db::desk::{self, Session};
use crate::http::{ClientAddr, hash, new_secret};

/// The session's cookie: a random token (the database keeps its hash).
const SESSION_COOKIE: &str = "redaktion";
/// The sign-in form's CSRF token, also in the form.
const FORM_COOKIE: &str = "redaktion_formular";

/// A signed-in editor.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub editor: String,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
    token_hash: String,
}

/// Whoever asks for a desk page.
pub enum Visitor {
    Editor(SignedIn),
    /// Came with a session cookie whose session has ended (idle too long, signed out
    /// elsewhere, editor removed).
    Ended,
    Anonymous,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(token) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Ok(Visitor::Anonymous);
        };
        let token_hash = hash(&token);
        let idle = i64::try_from(state.desk.idle.as_millis()).unwrap_or(i64::MAX);
        match desk::session(&state.db, &token_hash, idle).await {
            Ok(Some(Session { editor, csrf })) => Ok(Visitor::Editor(SignedIn { editor, csrf, token_hash })),
            Ok(None) => Ok(Visitor::Ended),
            Err(e) => {
                tracing::error!("cannot look up a desk session: {e}");
                Err(pages::unavailable(state))
            }
        }
    }
}

/// Only a signed-in editor gets past: other readers of a page are sent to the sign-in
/// form, and a form sent without a session is refused (403) without doing anything.
impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Visitor::from_request_parts(parts, state).await? {
            Visitor::Editor(editor) => Ok(editor),
            _ if parts.method == Method::GET || parts.method == Method::HEAD => {
                Err(Redirect::to(&pages::desk_url(state, "")).into_response())
            }
            _ => {
                Err(pages::message(state, None, StatusCode::FORBIDDEN, text::NOT_SIGNED_IN_TITLE, text::NOT_SIGNED_IN))
            }
        }
    }
}

/// The sign-in page (for a visitor who is not signed in), with a fresh form token unless
/// the browser has one; `ended` says the session ran out.
pub fn sign_in_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    notice: Option<&str>,
    name: &str,
) -> Response {
    let (token, new) = match cookie_value(headers, FORM_COOKIE).filter(|t| t.len() == 64) {
        Some(token) => (token, false),
        None => match new_secret() {
            Ok(token) => (token, true),
            Err(_) => return pages::unavailable(state),
        },
    };
    let mut response = pages::sign_in(state, status, notice, name, &token);
    if new {
        set_cookie(&mut response, state, FORM_COOKIE, &token, false);
    }
    if cookie_value(headers, SESSION_COOKIE).is_some() {
        set_cookie(&mut response, state, SESSION_COOKIE, "", true);
    }
    response
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    navn: String,
    #[serde(default)]
    adgangskode: String,
    #[serde(default)]
    csrf: Option<String>,
}

/// `POST /redaktion/log-ind`: a session for the right name and password. Wrong ones are
/// logged with the client's address and counted: an address that sends too many is
/// refused every sign-in for a while (429), the right password too.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let addr_text = addr.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let form_token = cookie_value(&headers, FORM_COOKIE);
    if !form_token.as_deref().is_some_and(|token| csrf::matches(token, form.csrf.as_deref())) {
        tracing::warn!(addr = %addr_text, "desk sign-in refused: the form's CSRF token is missing or wrong");
        return pages::form_expired(&state, None);
    }
    if let Err(refusal) = state.desk.sign_ins.admit(addr) {
        tracing::warn!(addr = %addr_text, "desk sign-in refused: too many wrong passwords from this address");
        return pages::too_many(&state, refusal.retry_after());
    }
    let name = form.navn.trim().to_string();
    let credentials = match desk::credentials(&state.db, &name).await {
        Ok(credentials) => credentials,
        Err(e) => {
            tracing::error!("cannot read editor accounts: {e}");
            return pages::unavailable(&state);
        }
    };
    let hash_to_check = credentials.as_ref().map_or_else(|| decoy_hash().to_string(), |c| c.password_hash.clone());
    let password = form.adgangskode;
    let right = tokio::task::spawn_blocking(move || verify_password(&password, &hash_to_check)).await.unwrap_or(false);
    let Some(editor) = credentials.filter(|_| right) else {
        tracing::warn!(name = %name, addr = %addr_text, "failed desk sign-in: wrong name or password");
        let refusal = crate::http::ApiError::new(
            StatusCode::UNAUTHORIZED,
            api_types::ErrorCode::WrongToken,
            "wrong name or password",
        );
        let refusal = state.desk.sign_ins.failed(addr, refusal);
        if refusal.status() == StatusCode::TOO_MANY_REQUESTS {
            return pages::too_many(&state, refusal.retry_after());
        }
        return sign_in_page(&state, &headers, StatusCode::UNAUTHORIZED, Some(text::WRONG_PASSWORD), &name);
    };
    let (Ok(token), Ok(session_csrf)) = (new_secret(), new_secret()) else {
        return pages::unavailable(&state);
    };
    if let Err(e) = desk::start_session(&state.db, &hash(&token), editor.id, &session_csrf).await {
        tracing::error!("cannot start a desk session: {e}");
        return pages::unavailable(&state);
    }
    tracing::info!(editor = %editor.name, addr = %addr_text, "editor signed in to the desk");
    let mut response = Redirect::to(&pages::desk_url(&state, "")).into_response();
    set_cookie(&mut response, &state, SESSION_COOKIE, &token, false);
    set_cookie(&mut response, &state, FORM_COOKIE, "", true);
    response
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: Option<String>,
}

/// `POST /redaktion/log-ud`: ends the session.
pub async fn sign_out(State(state): State<AppState>, editor: SignedIn, Form(form): Form<CsrfForm>) -> Response {
    if !csrf::matches(&editor.csrf, form.csrf.as_deref()) {
        tracing::warn!(editor = %editor.editor, "desk sign-out refused: the form's CSRF token is missing or wrong");
        return pages::form_expired(&state, Some(&editor));
    }
    if let Err(e) = desk::end_session(&state.db, &editor.token_hash).await {
        tracing::error!("cannot end a desk session: {e}");
        return pages::unavailable(&state);
    }
    tracing::info!(editor = %editor.editor, "editor signed out of the desk");
    let mut response = Redirect::to(&pages::desk_url(&state, "?logget-ud")).into_response();
    set_cookie(&mut response, &state, SESSION_COOKIE, "", true);
    response
}

/// The value of the request's cookie `name`.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| Cookie::split_parse(value).filter_map(Result::ok).collect::<Vec<_>>())
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_string())
        .filter(|value| !value.is_empty())
}

/// Sets (or, with `remove`, deletes) a desk cookie: only for the desk's paths, never for
/// scripts or other sites' requests.
fn set_cookie(response: &mut Response, state: &AppState, name: &'static str, value: &str, remove: bool) {
    let mut cookie = Cookie::build((name, value.to_string()))
        .path(pages::desk_url(state, ""))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.desk.secure)
        .build();
    if remove {
        cookie.make_removal();
    }
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
