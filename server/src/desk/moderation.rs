//! Moderation at the desk: the newest comments of all articles, filtered by article and
//! by hidden; hide, show again and delete (after a page that asks); the moderation log.
//! Every action goes through `db::moderate`, as the admin token's API does, so both are
//! recorded in one log and readers stop seeing a hidden comment with the next request.

use std::collections::HashMap;
use std::net::IpAddr;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use super::pages::{self, Section, csrf_field, danish_time, desk_url};
use super::session::{SignedIn, Visitor, sign_in_page};
use super::{csrf, text};
use crate::AppState;
use crate::db::desk::{self as queries, CommentFilter, DeskComment};
use crate::db::{self, Moderation};
use crate::http::ClientAddr;

/// Comments on one page of the list.
const PAGE_SIZE: u32 = 50;
/// Entries on the log page.
const LOG_SIZE: u32 = 200;

/// The list's query: `?artikel=ID&skjulte=1&foer=ID&sket=skjult`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    artikel: Option<String>,
    skjulte: Option<String>,
    foer: Option<String>,
    sket: Option<String>,
    #[serde(rename = "logget-ud")]
    signed_out: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> CommentFilter {
        CommentFilter {
            article: self.artikel.clone().filter(|a| !a.is_empty()),
            hidden_only: self.skjulte.as_deref().is_some_and(|s| !s.is_empty()),
            before: self.foer.as_deref().and_then(|id| id.parse().ok()).filter(|&id: &i64| id > 0),
        }
    }
}

/// The list's address for a filter (what the actions return to).
fn list_url(state: &AppState, filter: &CommentFilter, done: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(article) = &filter.article {
        query.push(format!("artikel={}", utf8_percent_encode(article, NON_ALPHANUMERIC)));
    }
    if filter.hidden_only {
        query.push("skjulte=1".to_string());
    }
    if let Some(done) = done {
        query.push(format!("sket={done}"));
    }
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    desk_url(state, &query)
}

/// Article titles by id, from the magazine (empty when the feed cannot be read).
async fn titles(state: &AppState) -> HashMap<String, String> {
    match state.content.fresh().await {
        Ok(magazine) => magazine.articles.iter().map(|a| (a.id.to_string(), a.title.clone())).collect(),
        Err(_) => HashMap::new(),
    }
}

/// `GET /redaktion`: the comments for an editor, the sign-in form for anyone else.
pub async fn comments(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let editor = match visitor {
        Visitor::Editor(editor) => editor,
        Visitor::Ended => return sign_in_page(&state, &headers, StatusCode::OK, Some(text::SESSION_ENDED), ""),
        Visitor::Anonymous => {
            let notice = query.signed_out.is_some().then_some(text::SIGNED_OUT);
            return sign_in_page(&state, &headers, StatusCode::OK, notice, "");
        }
    };
    let filter = query.filter();
    let comments = match queries::comments(&state.db, &filter, PAGE_SIZE).await {
        Ok(comments) => comments,
        Err(e) => {
            tracing::error!("cannot list comments for the desk: {e}");
            return pages::unavailable(&state);
        }
    };
    let titles = titles(&state).await;
    let done = match query.sket.as_deref() {
        Some("skjult") => Some(text::DONE_HIDDEN),
        Some("vist") => Some(text::DONE_SHOWN),
        Some("slettet") => Some(text::DONE_DELETED),
        Some("findes-ikke") => Some(text::GONE),
        _ => None,
    };
    let older = (comments.len() == PAGE_SIZE as usize).then(|| {
        let last = comments.last().map_or(0, |c| c.id);
        let mut url = list_url(&state, &filter, None);
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&format!("foer={last}"));
        url
    });
    let main = html! {
        h1 { (text::COMMENTS_TITLE) }
        p { (text::COMMENTS_INTRO) }
        @if let Some(done) = done {
            p.notice role="status" { (done) }
        }
        form.filter method="get" action=(desk_url(&state, "")) aria-label=(text::FILTER) {
            p {
                label for="artikel" { (text::FILTER_ARTICLE) }
                select id="artikel" name="artikel" {
                    option value="" selected[filter.article.is_none()] { (text::ALL_ARTICLES) }
                    @for (id, title) in &titles {
                        option value=(id) selected[filter.article.as_deref() == Some(id.as_str())] { (title) }
                    }
                }
            }
            p.check {
                input id="skjulte" name="skjulte" type="checkbox" value="1" checked[filter.hidden_only];
                label for="skjulte" { (text::ONLY_HIDDEN) }
            }
            button type="submit" { (text::SHOW_FILTERED) }
        }
        @if comments.is_empty() {
            p { (text::NO_COMMENTS) }
        } @else {
            ol.comments {
                @for comment in &comments {
                    li { (comment_card(&state, &editor, comment, titles.get(&comment.article).map(String::as_str), &filter, true)) }
                }
            }
        }
        @if let Some(older) = older {
            p { a href=(older) { (text::OLDER) } }
        }
    };
    pages::respond(
        StatusCode::OK,
        pages::frame(&state, Some(&editor), Some(Section::Comments), text::COMMENTS_TITLE, main),
    )
}

/// One comment with its actions (`actions`: the list; without: the delete page).
fn comment_card(
    state: &AppState,
    editor: &SignedIn,
    comment: &DeskComment,
    title: Option<&str>,
    filter: &CommentFilter,
    actions: bool,
) -> Markup {
    let heading = format!("kommentar-{}-titel", comment.id);
    let label = format!("{} {} {} {}", text::COMMENT_FROM, comment.name, text::ON, title.unwrap_or(&comment.article));
    let action = |verb: &str| desk_url(state, &format!("/kommentarer/{}/{verb}", comment.id));
    html! {
        article.comment id=(format!("kommentar-{}", comment.id)) aria-label=(label) .hidden[comment.hidden] {
            h2 id=(heading) {
                @match title {
                    Some(title) => { a href=(format!("{}artikel/{}", state.pages.base().as_str(), comment.article)) { (title) } }
                    None => { (comment.article) " " (text::UNKNOWN_ARTICLE) }
                }
            }
            p.meta {
                strong { (comment.name) } " · "
                time datetime=(comment.created_at) { (danish_time(&comment.created_at)) }
                @if comment.hidden { " · " span.badge { (text::HIDDEN_BADGE) } }
            }
            div.body { @for paragraph in comment.body.split("\n\n") { p { (paragraph) } } }
            @if actions {
                div.actions {
                    @if comment.hidden {
                        form method="post" action=(action("vis")) {
                            (csrf_field(&editor.csrf)) (filter_fields(filter))
                            button type="submit" { (text::SHOW) }
                        }
                    } @else {
                        form method="post" action=(action("skjul")) {
                            (csrf_field(&editor.csrf)) (filter_fields(filter))
                            button type="submit" { (text::HIDE) }
                        }
                    }
                    a.button.danger href=(format!("{}{}", action("slet"), filter_query(filter))) { (text::DELETE) "…" }
                }
            }
        }
    }
}

/// The list's filter as hidden fields of an action's form (to return to the same list).
fn filter_fields(filter: &CommentFilter) -> Markup {
    html! {
        @if let Some(article) = &filter.article { input type="hidden" name="artikel" value=(article); }
        @if filter.hidden_only { input type="hidden" name="skjulte" value="1"; }
    }
}

fn filter_query(filter: &CommentFilter) -> String {
    let mut query = Vec::new();
    if let Some(article) = &filter.article {
        query.push(format!("artikel={}", utf8_percent_encode(article, NON_ALPHANUMERIC)));
    }
    if filter.hidden_only {
        query.push("skjulte=1".to_string());
    }
    if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) }
}

/// An action's form: the CSRF token and the list to return to.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    csrf: Option<String>,
    artikel: Option<String>,
    skjulte: Option<String>,
}

impl ActionForm {
    fn filter(&self) -> CommentFilter {
        ListQuery { artikel: self.artikel.clone(), skjulte: self.skjulte.clone(), ..ListQuery::default() }.filter()
    }
}

pub async fn hide(
    state: State<AppState>,
    editor: SignedIn,
    addr: ClientAddr,
    id: Path<String>,
    form: Form<ActionForm>,
) -> Response {
    act(state, editor, addr, id, form, Moderation::Hide).await
}

pub async fn show(
    state: State<AppState>,
    editor: SignedIn,
    addr: ClientAddr,
    id: Path<String>,
    form: Form<ActionForm>,
) -> Response {
    act(state, editor, addr, id, form, Moderation::Show).await
}

pub async fn delete(
    state: State<AppState>,
    editor: SignedIn,
    addr: ClientAddr,
    id: Path<String>,
    form: Form<ActionForm>,
) -> Response {
    act(state, editor, addr, id, form, Moderation::Delete).await
}

async fn act(
    State(state): State<AppState>,
    editor: SignedIn,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
    action: Moderation,
) -> Response {
    if !csrf::matches(&editor.csrf, form.csrf.as_deref()) {
        tracing::warn!(editor = %editor.editor, "desk action refused: the form's CSRF token is missing or wrong");
        return pages::form_expired(&state, Some(&editor));
    }
    let filter = form.filter();
    let Some(id) = id.parse::<i64>().ok().filter(|&id| id > 0) else {
        return Redirect::to(&list_url(&state, &filter, Some("findes-ikke"))).into_response();
    };
    let done = match db::moderate(&state.db, id, action, &editor.editor).await {
        Ok(true) => {
            log_action(&editor.editor, action, id, addr);
            match action {
                Moderation::Hide => "skjult",
                Moderation::Show => "vist",
                Moderation::Delete => "slettet",
            }
        }
        Ok(false) => "findes-ikke",
        Err(e) => {
            tracing::error!("cannot moderate comment {id}: {e}");
            return pages::unavailable(&state);
        }
    };
    let mut url = list_url(&state, &filter, Some(done));
    if action != Moderation::Delete {
        url.push_str(&format!("#kommentar-{id}"));
    }
    Redirect::to(&url).into_response()
}

fn log_action(editor: &str, action: Moderation, comment: i64, addr: Option<IpAddr>) {
    let addr = addr.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    tracing::info!(editor, comment, addr = %addr, action = action.as_str(), "editor moderated a comment");
}

/// `GET /redaktion/kommentarer/{id}/slet`: asks before deleting.
pub async fn confirm_delete(
    State(state): State<AppState>,
    editor: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let filter = query.filter();
    let comment = match id.parse::<i64>() {
        Ok(id) => queries::comment(&state.db, id).await,
        Err(_) => Ok(None),
    };
    let comment = match comment {
        Ok(Some(comment)) => comment,
        Ok(None) => return Redirect::to(&list_url(&state, &filter, Some("findes-ikke"))).into_response(),
        Err(e) => {
            tracing::error!("cannot read comment {id}: {e}");
            return pages::unavailable(&state);
        }
    };
    let titles = titles(&state).await;
    let title = titles.get(&comment.article).map(String::as_str);
    let main = html! {
        h1 { (text::DELETE_TITLE) }
        p { (text::DELETE_WARNING) }
        (comment_card(&state, &editor, &comment, title, &filter, false))
        form.confirm method="post" action=(desk_url(&state, &format!("/kommentarer/{}/slet", comment.id))) {
            (csrf_field(&editor.csrf)) (filter_fields(&filter))
            button.danger type="submit" { (text::DELETE_CONFIRM) }
            " "
            a href=(list_url(&state, &filter, None)) { (text::CANCEL) }
        }
    };
    pages::respond(
        StatusCode::OK,
        pages::frame(&state, Some(&editor), Some(Section::Comments), text::DELETE_TITLE, main),
    )
}

/// `GET /redaktion/log`: who did what to which comment, and when.
pub async fn log(State(state): State<AppState>, editor: SignedIn) -> Response {
    let entries = match queries::log(&state.db, LOG_SIZE).await {
        Ok(entries) => entries,
        Err(e) => {
            tracing::error!("cannot read the moderation log: {e}");
            return pages::unavailable(&state);
        }
    };
    let titles = titles(&state).await;
    let main = html! {
        h1 { (text::LOG_TITLE) }
        p { (text::LOG_INTRO) }
        @if entries.is_empty() {
            p { (text::LOG_EMPTY) }
        } @else {
            div.table-wrap role="region" aria-label=(text::LOG_TITLE) tabindex="0" {
                table.log {
                    caption { (text::LOG_TITLE) }
                    thead { tr {
                        th scope="col" { (text::LOG_WHEN) }
                        th scope="col" { (text::LOG_WHO) }
                        th scope="col" { (text::LOG_WHAT) }
                        th scope="col" { (text::LOG_COMMENT) }
                    } }
                    tbody {
                        @for entry in &entries {
                            tr {
                                td { time datetime=(entry.at) { (danish_time(&entry.at)) } }
                                td {
                                    @if entry.who == crate::http::ADMIN_TOKEN_WHO { (text::LOG_ADMIN_TOKEN) } @else { (entry.who) }
                                }
                                td { (match entry.action.as_str() {
                                    "hide" => text::ACTION_HIDE,
                                    "show" => text::ACTION_SHOW,
                                    _ => text::ACTION_DELETE,
                                }) }
                                td {
                                    "nr. " (entry.comment_id) " til "
                                    (titles.get(&entry.article).map_or(entry.article.as_str(), String::as_str))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    pages::respond(StatusCode::OK, pages::frame(&state, Some(&editor), Some(Section::Log), text::LOG_TITLE, main))
}
