//! GoTrue's two JSON error shapes and how a client tells them apart.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// GoTrue's `HTTPError`: `{"code":422,"msg":"..."}`, with `error_id` on 5xx. The HTTP status
/// equals `code`. Used by every endpoint except `/token`.
///
/// ```
/// use identity_core::wire::HttpError;
/// let e = HttpError::new(422, "Signup requires a valid password");
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":422,"msg":"Signup requires a valid password"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpError {
    /// The HTTP status, repeated in the body.
    pub code: u16,
    /// The message clients show verbatim.
    pub msg: String,
    /// A request id, on server errors only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_id: Option<String>,
}

impl HttpError {
    /// An error without `error_id`.
    pub fn new(code: u16, msg: impl Into<String>) -> Self {
        Self {
            code,
            msg: msg.into(),
            error_id: None,
        }
    }
}

/// GoTrue's `OAuthError`, used by `POST /token` only and always sent with status 400:
/// `{"error":"invalid_grant","error_description":"..."}`.
///
/// ```
/// use identity_core::wire::OAuthError;
/// let e = OAuthError::unsupported_grant_type();
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"error":"unsupported_grant_type"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    /// The OAuth 2 error code (`invalid_grant`, `invalid_request`, ...).
    pub error: String,
    /// Human-readable detail; left out when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

impl OAuthError {
    /// The status GoTrue sends every `OAuthError` with.
    pub const STATUS: u16 = 400;

    /// An error with a description.
    pub fn new(error: impl Into<String>, description: impl Into<String>) -> Self {
        let description = description.into();
        Self {
            error: error.into(),
            error_description: (!description.is_empty()).then_some(description),
        }
    }

    /// `invalid_grant`: bad credentials, unconfirmed email, unknown/reused/expired refresh token.
    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", description)
    }

    /// `invalid_request`, e.g. `refresh_token required`.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    /// `unsupported_grant_type`, with no description (as GoTrue sends it).
    pub fn unsupported_grant_type() -> Self {
        Self::new("unsupported_grant_type", "")
    }
}

/// A parsed error body. [`ErrorBody::parse`] tells the shapes apart the way gotrue-js does:
/// an object with a string `msg` is an [`HttpError`]; otherwise one with a string `error` is an
/// [`OAuthError`]; anything else (HTML from a proxy, an empty body) is kept as text.
///
/// ```
/// use identity_core::wire::ErrorBody;
/// let body = ErrorBody::parse(r#"{"error":"invalid_grant","error_description":"Email not confirmed"}"#);
/// assert!(matches!(body, ErrorBody::OAuth(_)));
/// assert_eq!(body.message(), "invalid_grant: Email not confirmed");
/// assert_eq!(ErrorBody::parse(r#"{"code":403,"msg":"Signups not allowed for this instance"}"#).message(),
///            "Signups not allowed for this instance");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// `{"code","msg"}`.
    Http(HttpError),
    /// `{"error","error_description"}`.
    OAuth(OAuthError),
    /// Not one of GoTrue's JSON shapes; the raw body.
    Text(String),
}

impl ErrorBody {
    /// Classifies a response body. Never fails: unknown bodies become [`ErrorBody::Text`].
    /// An `HttpError` without a numeric `code` gets code 0; [`ApiError::from_response`] fills in
    /// the real status instead.
    pub fn parse(body: &str) -> Self {
        let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(body) else {
            return Self::Text(body.to_owned());
        };
        let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
        if let Some(msg) = text("msg") {
            let code = obj
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok())
                .unwrap_or(0);
            return Self::Http(HttpError {
                code,
                msg,
                error_id: text("error_id"),
            });
        }
        if let Some(error) = text("error") {
            return Self::OAuth(OAuthError {
                error,
                error_description: text("error_description").filter(|d| !d.is_empty()),
            });
        }
        Self::Text(body.to_owned())
    }

    /// The message gotrue-js would show: `msg`, else `"<error>: <error_description>"` (or just
    /// `<error>` without a description), else the raw text.
    pub fn message(&self) -> String {
        match self {
            Self::Http(e) => e.msg.clone(),
            Self::OAuth(OAuthError {
                error,
                error_description: Some(d),
            }) => format!("{error}: {d}"),
            Self::OAuth(e) => e.error.clone(),
            Self::Text(t) => t.clone(),
        }
    }
}

/// A failed GoTrue call: the HTTP status and the parsed body. Its `Display` is the message a
/// user should see (see [`ErrorBody::message`]).
///
/// ```
/// use identity_core::wire::ApiError;
/// let e = ApiError::from_response(400, r#"{"error":"invalid_grant","error_description":"Invalid Refresh Token"}"#);
/// assert!(e.is_invalid_grant());
/// assert_eq!(ApiError::from_response(502, "").to_string(), "request failed with status 502");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The classified body.
    pub body: ErrorBody,
}

impl ApiError {
    /// Builds the error for a non-2xx response.
    pub fn from_response(status: u16, body: &str) -> Self {
        let mut body = ErrorBody::parse(body);
        if let ErrorBody::Http(e) = &mut body {
            if e.code == 0 {
                e.code = status;
            }
        }
        Self { status, body }
    }

    /// `invalid_grant` from `/token`: for a refresh, the session is gone and must be cleared.
    pub fn is_invalid_grant(&self) -> bool {
        matches!(&self.body, ErrorBody::OAuth(e) if e.error == "invalid_grant")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.body.message();
        if message.trim().is_empty() {
            write!(f, "request failed with status {}", self.status)
        } else {
            f.write_str(&message)
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_error_keeps_error_id() {
        let body =
            ErrorBody::parse(r#"{"code":500,"msg":"Internal server error","error_id":"abc"}"#);
        assert_eq!(
            body,
            ErrorBody::Http(HttpError {
                code: 500,
                msg: "Internal server error".into(),
                error_id: Some("abc".into())
            })
        );
    }

    #[test]
    fn oauth_error_without_description_serialises_without_the_key() {
        let e = OAuthError::invalid_request("");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"error":"invalid_request"}"#
        );
        assert_eq!(ErrorBody::OAuth(e).message(), "invalid_request");
    }

    #[test]
    fn msg_wins_over_error_like_gotrue_js() {
        let body = ErrorBody::parse(r#"{"msg":"m","error":"e"}"#);
        assert!(matches!(body, ErrorBody::Http(ref e) if e.code == 0 && e.msg == "m"));
    }

    #[test]
    fn non_json_and_foreign_json_stay_text() {
        for raw in [
            "<html>502</html>",
            "",
            "[]",
            r#"{"message":"x"}"#,
            r#"{"msg":5}"#,
        ] {
            assert_eq!(ErrorBody::parse(raw), ErrorBody::Text(raw.to_owned()));
        }
    }

    #[test]
    fn api_error_takes_status_when_code_is_missing() {
        let e = ApiError::from_response(429, r#"{"msg":"Rate limit exceeded"}"#);
        assert!(matches!(e.body, ErrorBody::Http(ref h) if h.code == 429));
        assert_eq!(e.to_string(), "Rate limit exceeded");
        assert!(!e.is_invalid_grant());
    }

    #[test]
    fn oversized_code_reads_as_missing() {
        let e = ApiError::from_response(400, r#"{"code":70000,"msg":"x"}"#);
        assert!(matches!(e.body, ErrorBody::Http(ref h) if h.code == 400));
    }
}
