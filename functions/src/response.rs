//! The response a handler returns: status, headers and a JSON body.

use serde::Serialize;

use crate::error::ApiError;
use comment_wire::ErrorBody;

/// An HTTP response with a JSON body (or none, for 204).
///
/// Every response carries `content-type: application/json; charset=utf-8` (when it has a body),
/// `cache-control: no-store` and `x-content-type-options: nosniff`: function responses do not get
/// the site's `[[headers]]`, so the function sets what it needs itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers with lowercase names.
    pub headers: Vec<(String, String)>,
    /// The JSON body; `None` for an empty body.
    pub body: Option<serde_json::Value>,
}

impl Response {
    /// A response with `value` as its JSON body.
    ///
    /// ```
    /// use functions::Response;
    /// let r = Response::json(200, &serde_json::json!({"ok": true}));
    /// assert_eq!(r.header("content-type"), Some("application/json; charset=utf-8"));
    /// assert_eq!(r.body_bytes(), br#"{"ok":true}"#);
    /// ```
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(body) => Self::with_body(status, Some(body)),
            // Only a type with non-string map keys could fail here; none of ours has one.
            Err(_) => Self::from(ApiError::Internal),
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Self {
        Self::with_body(status, None)
    }

    fn with_body(status: u16, body: Option<serde_json::Value>) -> Self {
        let mut headers = vec![
            ("cache-control".to_owned(), "no-store".to_owned()),
            ("x-content-type-options".to_owned(), "nosniff".to_owned()),
        ];
        if body.is_some() {
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

    /// The body as bytes to send (empty when there is none).
    pub fn body_bytes(&self) -> Vec<u8> {
        self.body
            .as_ref()
            .map(|b| b.to_string().into_bytes())
            .unwrap_or_default()
    }

    /// The error body, when this is an error response.
    pub fn error_body(&self) -> Option<ErrorBody> {
        self.body
            .as_ref()
            .and_then(|b| serde_json::from_value(b.clone()).ok())
    }
}

impl From<ApiError> for Response {
    fn from(error: ApiError) -> Self {
        let body = ErrorBody {
            error: error.code(),
            message: error.to_string(),
        };
        let response = Response::json(error.status(), &body);
        match error.allow() {
            Some(allow) => response.with_header("allow", allow),
            None => response,
        }
    }
}
