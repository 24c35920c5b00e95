//! Reading request bodies: JSON only when sent as JSON, and GoTrue's error bodies when not.

use axum::body::HttpBody;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::error::IdentityApiError;

/// Decodes a JSON body. An empty body reads as Go's `EOF`; a bad one gives 400
/// `<prefix>: <serde error>`. The Content-Type was checked by [`json_only`] on the route.
pub fn json<T: DeserializeOwned>(bytes: &[u8], prefix: &str) -> Result<T, IdentityApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IdentityApiError::bad_request(format!("{prefix}: EOF")));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| IdentityApiError::bad_request(format!("{prefix}: {e}")))
}

/// Whether a media type is `application/json` (any case, any parameters).
pub fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether a request may be read as JSON: it says it is JSON, or it has no body and no
/// Content-Type at all (the handler then answers GoTrue's `EOF`).
///
/// GoTrue decodes any body as JSON whatever its Content-Type. That lets a web page send one
/// without a CORS preflight (`text/plain`, a form, or a `Blob` with no type), so a page the
/// developer visits could ask for a recovery mail; a JSON Content-Type always needs a
/// preflight, which only trusted origins pass (see [`super::cors`]).
///
/// ```
/// use dev_server::identity::body::may_read_as_json;
/// assert!(may_read_as_json(Some("application/json; charset=utf-8"), true));
/// assert!(may_read_as_json(None, false));
/// assert!(!may_read_as_json(None, true));
/// assert!(!may_read_as_json(Some("text/plain"), true));
/// assert!(!may_read_as_json(Some("application/x-www-form-urlencoded"), false));
/// ```
pub fn may_read_as_json(content_type: Option<&str>, has_body: bool) -> bool {
    match content_type {
        Some(ct) => is_json(ct),
        None => !has_body,
    }
}

/// Route layer of the JSON endpoints: 415 `{"code":415,"msg":...}` unless
/// [`may_read_as_json`].
pub async fn json_only(request: Request, next: Next) -> Response {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("(not text)"));
    let has_body = request.body().size_hint().exact() != Some(0);
    if may_read_as_json(content_type, has_body) {
        return next.run(request).await;
    }
    IdentityApiError::http(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "Unsupported Content-Type {:?}: send the body as application/json",
            content_type.unwrap_or("(none)")
        ),
    )
    .into_response()
}

/// Gives an over-limit body (axum's 413, plain text) GoTrue's error body, keeping the
/// other headers (`Cache-Control` of `/token`, CORS).
pub async fn json_payload_too_large(response: Response) -> Response {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_json_response(response.headers()) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let replacement =
        IdentityApiError::http(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
            .into_response();
    let (new_parts, body) = replacement.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        new_parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("application/json")),
    );
    Response::from_parts(parts, body)
}

fn is_json_response(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_body_reads_as_eof() {
        let e = json::<serde_json::Value>(b"", "Could not read Signup params").unwrap_err();
        assert_eq!(
            e.to_string(),
            "400 Bad Request: Could not read Signup params: EOF"
        );
    }

    #[test]
    fn only_json_media_types_are_json() {
        assert!(is_json("application/json"));
        assert!(is_json("APPLICATION/JSON ;charset=UTF-8"));
        assert!(!is_json("application/jsonx"));
        assert!(!is_json("text/plain;charset=UTF-8"));
        assert!(!is_json("multipart/form-data; boundary=x"));
    }
}
