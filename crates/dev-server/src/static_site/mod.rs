//! The built site, served as Netlify's CDN serves it: the site's redirect rules in front of
//! the whole stack ([`with_redirects`]), and the files of `dist/` with the site's header
//! rules, precompressed `.br` / `.gz` siblings, MIME types and a 404 page ([`router`]).
//! The rules themselves are [`crate::netlify`]'s.

mod files;
mod not_found;
mod redirect_layer;
mod site_headers;

pub use files::{find_file, is_rule_file, names_a_file};

use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::header;
use axum::http::HeaderMap;
use axum::middleware;
use axum::response::IntoResponse;
use axum::Router;
use tower_http::services::ServeDir;

use crate::netlify::{HeaderRules, RedirectRule};

/// The path the visitor asked for, kept on a request a rule rewrote: header rules match it,
/// not the path the content came from.
#[derive(Debug, Clone)]
pub(crate) struct RequestedPath(pub String);

/// Serves `dist`: each path from the file it names ([`find_file`]: the file itself,
/// `x.html` for `/x` and `/x/`, `index.html` for directories), preferring `.br` / `.gz`
/// siblings when the client accepts them; a path that names no file (`/nope`, `/about.html/`)
/// gets `404.html` with 404 (or a plain 404), as on Netlify.
/// The rule files (`_headers`, `_redirects`, see [`is_rule_file`]) are answered as missing.
/// Every response gets the site's header rules for the requested path.
pub fn router(dist: &Path, headers: Arc<HeaderRules>) -> Router {
    let root = Arc::<Path>::from(dist);
    let not_found = axum::routing::any(not_found::serve).with_state(root.clone());
    let serve_dir = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(not_found.clone());
    // A path that names no file is the 404 page's, never the file server's guess.
    let missing = not_found.clone();
    let files = axum::routing::any(move |request: Request| {
        let (root, serve_dir, missing) = (root.clone(), serve_dir.clone(), missing.clone());
        async move {
            match files::aim_at_file(&root, request) {
                files::Aimed::File(request) => {
                    match tower::ServiceExt::oneshot(serve_dir, request).await {
                        Ok(response) => response.into_response(),
                        Err(never) => match never {},
                    }
                }
                files::Aimed::NoFile(request) => {
                    match tower::ServiceExt::oneshot(missing, request).await {
                        Ok(response) => response.into_response(),
                        Err(never) => match never {},
                    }
                }
            }
        }
    });
    // The redirect layer has put the path in its one spelling, so these exact routes
    // catch every spelling of the two files (`/%5Fheaders`, `//_headers`, `/x/../_headers`).
    let mut router = Router::new();
    for path in files::RULE_FILES {
        router = router.route(path, not_found.clone());
    }
    router
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(headers, site_headers::apply))
}

/// `inner` (the whole stack) behind the site's redirect rules: each request is matched
/// against `rules` first and then served by `inner`, with a rewritten path when a rule says
/// so (a file of `dist`, or another route, such as a function). `secret` verifies the
/// `nf_jwt` cookie for `Role` conditions.
pub fn with_redirects(
    inner: Router,
    rules: Vec<RedirectRule>,
    dist: &Path,
    secret: &[u8],
) -> Router {
    let engine = redirect_layer::Redirects::new(rules, dist, secret);
    let wrapped = tower::Layer::layer(
        &middleware::from_fn_with_state(engine, redirect_layer::apply),
        inner,
    );
    // Routing happens inside `inner`, after the middleware has rewritten the URI.
    Router::new().fallback_service(wrapped)
}

/// Drops the headers that make a file server answer 304 or 206: content served under
/// another status, or as the 404 page, must come whole.
pub(crate) fn remove_conditionals(headers: &mut HeaderMap) {
    for name in [
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_RANGE,
        header::RANGE,
    ] {
        headers.remove(name);
    }
}
