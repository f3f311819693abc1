//! The OpenAPI description of the API, served at `/api/openapi.json`.

use api_types::{
    Comment, CommentCreated, CommentInput, CommentPage, ErrorBody, ErrorCode, ErrorDetail, RatingDelete, RatingInput,
    RatingSummary, ReaderCreated, SearchHit, SearchResults,
};
use axum::Json;
use axum::extract::State;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::server::Server;
use utoipa::{Modify, OpenApi};

use super::{comments, ratings, readers, search};
use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "beboerblad API",
        description = "Ratings and comments on the articles of a resident magazine, and search \
                       over them. \
                       Every error is `{\"error\":{\"code\":…,\"message\":…}}`. \
                       Ratings and comments are made with a reader id that the server issues \
                       (`POST /api/readers`) and signs; ids it did not issue are refused \
                       (`invalid_reader`). The id goes in the JSON body, or in the \
                       `Beboerblad-Reader` header for `GET …/rating`, never in the URL. \
                       The two writes a reader may queue offline, `POST …/comments` and \
                       `PUT …/rating`, take an optional `Idempotency-Key` header: the same \
                       request sent again with it gets the first answer back (with \
                       `Idempotent-Replayed: true`) and is stored once."
    ),
    paths(
        readers::create,
        ratings::show, ratings::set, ratings::withdraw,
        comments::list, comments::create, comments::delete, comments::hide, comments::unhide,
        search::search,
        document,
    ),
    components(schemas(
        ReaderCreated, RatingSummary, RatingInput, RatingDelete, Comment, CommentPage, CommentInput, CommentCreated,
        SearchResults, SearchHit, ErrorBody, ErrorDetail, ErrorCode,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "readers", description = "Reader ids, issued and signed by the server"),
        (name = "ratings", description = "1–5 stars, one rating per reader per article"),
        (name = "comments", description = "Plain-text comments, deletable with their one-time secret"),
        (name = "moderation", description = "With the moderator's token (`--admin-token`)"),
        (name = "search", description = "The magazine's articles, searched Danish-aware"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// This description. Under a base path (`--base-path`), its one server is that path.
#[utoipa::path(get, path = "/api/openapi.json", operation_id = "openapi", tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1 description of the API", content_type = "application/json")))]
pub async fn document(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    let mut document = ApiDoc::openapi();
    let base = state.pages.base();
    if !base.is_root() {
        document.servers = Some(vec![Server::new(base.trimmed())]);
    }
    Json(document)
}
