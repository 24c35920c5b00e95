//! The site's header rules on static responses.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::RequestedPath;
use crate::netlify::HeaderRules;

/// Serves the request, then adds the headers of every rule matching the path the visitor
/// asked for (before any rewrite).
pub(super) async fn apply(
    State(rules): State<Arc<HeaderRules>>,
    request: Request,
    next: Next,
) -> Response {
    let path = match request.extensions().get::<RequestedPath>() {
        Some(RequestedPath(path)) => path.clone(),
        None => request.uri().path().to_owned(),
    };
    let mut response = next.run(request).await;
    rules.apply(&path, response.headers_mut());
    response
}
