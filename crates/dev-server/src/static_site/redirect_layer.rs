//! The site's redirect rules as a middleware around the whole stack: the shell around
//! [`crate::netlify::decide`].

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, LOCATION};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{names_a_file, remove_conditionals, RequestedPath};
use crate::identity::tokens::now_secs;
use crate::netlify::{decide, visitor_roles, Decision, RedirectRule, Visit};

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
