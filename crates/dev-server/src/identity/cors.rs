//! CORS for the identity API and the dev mailbox: only for pages of the stack's own names.
//!
//! GoTrue (rs/cors) echoes *any* origin with credentials. On a laptop that lets every web
//! page the developer visits drive the identity API and read the dev mailbox, so here an
//! origin is trusted only when its host is one the stack answers to
//! ([`AllowedHosts::trusts_origin`]: loopback on any port, which the wasm-bindgen test
//! runner and `trunk serve` use, the site URL's host, and `--allowed-host` names). A trusted
//! origin gets what GoTrue sends (echoed origin, credentials, GET/POST/PUT/DELETE and the
//! gotrue-js headers, plus `X-Nf-Client`, which gotrue-js 1.x sends and bare GoTrue
//! forgets). Any other origin, `null` included, gets no `Access-Control-*` header at all,
//! and its state-changing requests (which a page can send without a preflight, such as a
//! form-encoded `POST /token`) are refused with 403 before they do anything.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::IdentityApiError;
use crate::allowed_hosts::AllowedHosts;

/// Request headers a cross-origin client may send.
pub const ALLOWED_HEADERS: &str =
    "Accept, Authorization, Content-Type, X-JWT-AUD, X-Use-Cookie, X-Nf-Client";
/// Methods a cross-origin client may use.
pub const ALLOWED_METHODS: &str = "GET, POST, PUT, DELETE";

/// Answers preflights of trusted origins and adds the CORS headers to their responses;
/// refuses state-changing requests of other origins.
pub async fn cors(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    let trusted = origin
        .to_str()
        .is_ok_and(|origin| allowed.trusts_origin(origin));
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = if !trusted && (preflight || !safe) {
        tracing::warn!(?origin, method = %request.method(), "refused a cross-origin request");
        IdentityApiError::forbidden(
            "Cross-origin requests are answered only for pages on loopback, the site URL's \
             host and --allowed-host names",
        )
        .into_response()
    } else if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOWED_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
        r
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    if trusted {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    // The answer depends on the origin either way: caches must not mix them.
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}
