//! The editors' desk at `/redaktion`: sign-in, comment moderation, the moderation log
//! and the readers' feedback, as plain server-rendered HTML forms (no JavaScript, no JSON
//! API). Editors are made with `beboerblad-server add-editor NAME`.

mod csrf;
mod csv;
pub mod editors;
mod feedback;
mod moderation;
mod pages;
mod session;
mod text;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{any, get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::BearerGuard;
use crate::http::limits::Rate;
use crate::{AppState, Config};

/// Where the desk lives, below the base path.
pub const PATH: &str = "/redaktion";

/// A session unused for this long has ended (`--desk-idle-minutes`).
pub const DEFAULT_IDLE: Duration = Duration::from_secs(30 * 60);

/// Wrong passwords allowed per client address (IPv6 per /64) before every sign-in from
/// it is refused until the oldest failure is this old.
pub const SIGN_IN_FAILURES: Rate = Rate::new(5, Duration::from_secs(15 * 60));

/// A form of the desk is a few short fields.
const FORM_MAX: usize = 16 * 1024;

/// What the desk keeps besides the database.
#[derive(Debug)]
pub struct Desk {
    /// How long a session may go unused.
    pub idle: Duration,
    /// The cookie is `Secure` when the public URL is https.
    pub secure: bool,
    /// Refuses sign-ins from an address that keeps sending wrong passwords.
    pub sign_ins: BearerGuard,
}

impl Desk {
    pub fn new(config: &Config) -> Self {
        let secure = config
            .public_url
            .as_deref()
            .is_some_and(|u| u.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")));
        Self { idle: config.desk_idle, secure, sign_ins: BearerGuard::new(SIGN_IN_FAILURES) }
    }
}

pub fn routes() -> Router<AppState> {
    let pages = Router::new()
        .route(PATH, get(moderation::comments))
        .route("/redaktion/", get(moderation::comments))
        .route("/redaktion/log-ind", post(session::sign_in))
        .route("/redaktion/log-ud", post(session::sign_out))
        .route("/redaktion/kommentarer/{id}/skjul", post(moderation::hide))
        .route("/redaktion/kommentarer/{id}/vis", post(moderation::show))
        .route("/redaktion/kommentarer/{id}/slet", get(moderation::confirm_delete).post(moderation::delete))
        .route("/redaktion/log", get(moderation::log))
        .route("/redaktion/tilbagemeldinger", get(feedback::page))
        .route("/redaktion/tilbagemeldinger.csv", get(csv::export))
        .route("/redaktion/{*rest}", any(pages::not_found))
        .layer(DefaultBodyLimit::max(FORM_MAX))
        // What an editor sees is for them only: never kept by a browser or proxy cache.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    pages.route("/redaktion/redaktion.css", get(pages::stylesheet))
}
