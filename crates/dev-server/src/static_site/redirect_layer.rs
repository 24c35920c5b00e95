//! The site's redirect rules as a middleware around the whole stack: the shell around
//! [`crate::netlify::decide`].

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, LOCATION, VARY};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{names_a_file, remove_conditionals, RequestedPath};
use crate::clock::now_secs;
use crate::netlify::{canonical_path, decide, visitor_roles, Decision, RedirectRule, Visit};

/// The rules, the site's files, and the identity secret `Role` conditions need.
#[derive(Clone)]
pub(super) struct Redirects {
    rules: Arc<[RedirectRule]>,
    dist: Arc<Path>,
    secret: Arc<[u8]>,
    needs_roles: bool,
}

impl Redirects {
    pub(super) fn new(rules: Vec<RedirectRule>, dist: &Path, secret: &[u8]) -> Self {
        let needs_roles = rules.iter().any(|rule| !rule.roles.is_empty());
        Self {
            rules: rules.into(),
            dist: dist.into(),
            secret: secret.into(),
            needs_roles,
        }
    }

    /// Whether a `Role` rule covers `path`: the answer then depends on the cookie.
    fn gated(&self, path: &str) -> bool {
        self.needs_roles
            && self
                .rules
                .iter()
                .any(|rule| !rule.roles.is_empty() && rule.from.matches(path).is_some())
    }

    fn decide(&self, request: &Request) -> Decision {
        let roles = if self.needs_roles {
            let cookies = request
                .headers()
                .get_all(COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok());
            visitor_roles(cookies, &self.secret, now_secs())
        } else {
            Vec::new()
        };
        let visit = Visit {
            path: request.uri().path(),
            query: request.uri().query(),
            roles: &roles,
        };
        decide(&self.rules, &visit, |path| names_a_file(&self.dist, path))
    }
}

/// Redirects, rewrites (serving another path of the stack in place) or passes the request on.
pub(super) async fn apply(
    State(redirects): State<Redirects>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Cow::Owned(path) = canonical_path(request.uri().path()) {
        let Some(uri) = with_path(request.uri(), &path) else {
            return (StatusCode::BAD_REQUEST, "Bad request path\n").into_response();
        };
        *request.uri_mut() = uri;
    }
    // What a visitor gets here depends on their cookie: a cached answer for another
    // visitor (or the same one before logging in) must not be reused or revalidated.
    let gated = redirects.gated(request.uri().path());
    if gated {
        remove_conditionals(request.headers_mut());
    }
    let mut response = route(&redirects, request, next).await;
    if gated {
        response
            .headers_mut()
            .append(VARY, HeaderValue::from_static("Cookie"));
    }
    response
}

/// `uri` with another path, its query kept.
fn with_path(uri: &Uri, path: &str) -> Option<Uri> {
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path_and_query.parse().ok()?);
    Uri::from_parts(parts).ok()
}

async fn route(redirects: &Redirects, mut request: Request, next: Next) -> Response {
    match redirects.decide(&request) {
        Decision::Serve => next.run(request).await,
        Decision::Redirect { status, location } => match HeaderValue::try_from(location) {
            Ok(location) => (status, [(LOCATION, location)]).into_response(),
            Err(_) => invalid_target(),
        },
        Decision::Rewrite { status, uri } => {
            let Ok(uri) = uri.parse::<Uri>() else {
                return invalid_target();
            };
            let requested = RequestedPath(request.uri().path().to_owned());
            request.extensions_mut().insert(requested);
            *request.uri_mut() = uri;
            if status != StatusCode::OK {
                remove_conditionals(request.headers_mut());
            }
            let mut response = next.run(request).await;
            if status != StatusCode::OK && response.status().is_success() {
                *response.status_mut() = status;
            }
            response
        }
    }
}

/// A rule produced a URL that HTTP cannot carry (the startup checks make this unlikely).
fn invalid_target() -> Response {
    tracing::error!("a redirect rule produced an invalid URL");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "A redirect rule produced an invalid URL\n",
    )
        .into_response()
}
