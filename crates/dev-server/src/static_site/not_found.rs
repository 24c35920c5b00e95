//! What Netlify answers when no rule and no file match: the site's `404.html` with 404, or
//! a plain 404 when the site has none.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeFile;

use super::remove_conditionals;

/// `dist/404.html` with 404, else `Not found`.
pub(super) async fn serve(State(dist): State<Arc<Path>>, mut request: Request) -> Response {
    remove_conditionals(request.headers_mut());
    let page = ServeFile::new(dist.join("404.html"))
        .precompressed_br()
        .precompressed_gzip();
    let response = match tower::ServiceExt::oneshot(page, request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if response.status() != StatusCode::OK {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    let mut response = response;
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}
