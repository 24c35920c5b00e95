//! The response a handler returns: status, headers and a JSON body.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ApiError;
use comment_wire::ErrorBody;

/// An HTTP response with a JSON body (or none, for 204).
///
/// Every response carries `content-type: application/json; charset=utf-8` (when it has a body),
/// `cache-control: no-store` and `x-content-type-options: nosniff`: function responses do not get
/// the site's `[[headers]]`, so the function sets what it needs itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers with lowercase names.
    pub headers: Vec<(String, String)>,
    /// The JSON body as sent, serialised once when the response was made; empty for no body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with `value` as its JSON body.
    ///
    /// ```
    /// use functions::Response;
    /// let r = Response::json(200, &serde_json::json!({"ok": true}));
    /// assert_eq!(r.header("content-type"), Some("application/json; charset=utf-8"));
    /// assert_eq!(r.body, br#"{"ok":true}"#);
    /// ```
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self::with_body(status, body),
            // Only a type with non-string map keys could fail here; none of ours has one.
            Err(_) => Self::from(ApiError::Internal),
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Self {
        Self::with_body(status, Vec::new())
    }

    fn with_body(status: u16, body: Vec<u8>) -> Self {
        let mut headers = vec![
            ("cache-control".to_owned(), "no-store".to_owned()),
            ("x-content-type-options".to_owned(), "nosniff".to_owned()),
        ];
        if !body.is_empty() {
            headers.insert(
                0,
                (
                    "content-type".to_owned(),
                    "application/json; charset=utf-8".to_owned(),
                ),
            );
        }
        Self {
            status,
            headers,
            body,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body read back as `T`, for callers in the same process (the local stack, tests);
    /// `Ok(None)` when there is no body.
    ///
    /// ```
    /// use functions::Response;
    /// use serde_json::{json, Value};
    /// let r = Response::json(200, &json!({"ok": true}));
    /// assert_eq!(r.body_json::<Value>().unwrap(), Some(json!({"ok": true})));
    /// assert_eq!(Response::empty(204).body_json::<Value>().unwrap(), None);
    /// ```
    pub fn body_json<T: DeserializeOwned>(&self) -> Result<Option<T>, serde_json::Error> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&self.body).map(Some)
    }

    /// The error body, when this is an error response.
    pub fn error_body(&self) -> Option<ErrorBody> {
        self.body_json().ok().flatten()
    }
}

impl From<ApiError> for Response {
    fn from(error: ApiError) -> Self {
        let body = ErrorBody {
            error: error.code(),
            message: error.to_string(),
        };
        let mut response = Response::json(error.status(), &body);
        if let Some(allow) = error.allow() {
            response = response.with_header("allow", allow);
        }
        if let Some(secs) = error.retry_after() {
            response = response.with_header("retry-after", &secs.to_string());
        }
        response
    }
}
