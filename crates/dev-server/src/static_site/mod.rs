//! The built site, served as Netlify's CDN serves it.

mod cache;
mod fallback;

pub use cache::{cache_control, is_hashed_asset};
pub use fallback::is_page_route;

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// Serves `dist`: files as they are (preferring `.br` / `.gz` siblings when the
/// client accepts them), `index.html` for page routes the app handles, 404 for
/// anything else.
pub fn router(dist: &Path) -> Router {
    let fallback = axum::routing::any(spa_fallback).with_state(dist.to_path_buf());
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(fallback);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

async fn spa_fallback(State(dist): State<PathBuf>, request: Request) -> Response {
    if !is_page_route(request.uri().path()) {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    let index = ServeFile::new(dist.join("index.html"));
    match tower::ServiceExt::oneshot(index, request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response
}
