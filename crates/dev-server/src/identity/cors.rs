//! CORS as GoTrue answers it (rs/cors): any origin echoed back, credentials allowed, methods
//! GET/POST/PUT/DELETE; plus `X-Nf-Client`, which gotrue-js 1.x sends and bare GoTrue forgets.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Request headers a cross-origin client may send.
pub const ALLOWED_HEADERS: &str =
    "Accept, Authorization, Content-Type, X-JWT-AUD, X-Use-Cookie, X-Nf-Client";
/// Methods a cross-origin client may use.
pub const ALLOWED_METHODS: &str = "GET, POST, PUT, DELETE";

/// Answers preflights and adds the CORS headers to every response for a request with
/// an `Origin`.
pub async fn cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let Some(origin) = origin else {
        return next.run(request).await;
    };
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
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
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}
