//! Everything a handler can refuse, with its HTTP status, wire code and message.

use crate::store::StoreError;
use comment_wire::validate::Invalid;
use comment_wire::ErrorCode;

/// A refused or failed request. Converts into a [`crate::Response`] with an
/// [`comment_wire::ErrorBody`]; the `Display` text is the body's `message`.
///
/// ```
/// use functions::{ApiError, Response};
/// let r = Response::from(ApiError::Unauthorized);
/// assert_eq!(r.status, 401);
/// assert_eq!(r.error_body().unwrap().error, comment_wire::ErrorCode::Unauthorized);
/// ```
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No signed-in user.
    #[error("Sign in to do this.")]
    Unauthorized,
    /// A request to an event function that is not a real Identity event (see
    /// [`crate::event_signature`]). Says nothing more, whatever was wrong.
    #[error("This function answers Netlify Identity events only.")]
    NotAnEvent,
    /// A signed-in user without the role.
    #[error("Only moderators (role `{0}`) can do this.")]
    Forbidden(&'static str),
    /// The method is not one the function answers; the payload is the `Allow` value.
    #[error("This function answers {0} only.")]
    MethodNotAllowed(&'static str),
    /// Not `application/json`.
    #[error("Send the body as application/json.")]
    UnsupportedMediaType,
    /// The body is over the byte limit.
    #[error("The request body is {size} bytes; the limit is {limit}.")]
    PayloadTooLarge {
        /// Bytes received.
        size: usize,
        /// Bytes accepted.
        limit: usize,
    },
    /// The body is not JSON at all (syntax error or cut short).
    #[error("The body is not valid JSON: {0}.")]
    InvalidJson(String),
    /// A required field is absent.
    #[error("The body is missing a field: {0}.")]
    MissingField(String),
    /// A field the function does not know.
    #[error("The body has a field this function does not accept: {0}.")]
    UnknownField(String),
    /// A field of the wrong type or value.
    #[error("The body has an invalid field: {0}.")]
    InvalidField(String),
    /// A query parameter is missing, unknown, repeated or malformed.
    #[error("{0}")]
    InvalidQuery(String),
    /// The cursor is not one this API issued.
    #[error("The cursor is not valid; start again from the first page.")]
    InvalidCursor,
    /// A field failed a content rule.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// No post with that slug (404 when in the URL, 422 when in a body).
    #[error("There is no post `{slug}`.")]
    UnknownPost {
        /// The slug asked for.
        slug: String,
        /// Whether the slug came from a request body (422) or the query (404).
        in_body: bool,
    },
    /// No comment with that id.
    #[error("There is no comment {0}.")]
    NotFound(i64),
    /// The client key was used before for a different comment.
    #[error("This client_key was already used for a different comment; use a new key for a new comment.")]
    ClientKeyReused,
    /// The comment was deleted.
    #[error("Comment {0} was deleted.")]
    CommentDeleted(i64),
    /// The store failed; details are logged, not sent.
    #[error("The comment service failed; try again (retrying with the same client_key is safe).")]
    Internal,
    /// The database is down, restarting or busy ([`StoreError::is_unavailable`]); nothing was
    /// written by this request. Sent with `Retry-After`.
    #[error("The comment database is unavailable just now; try again in a few seconds (retrying with the same client_key is safe).")]
    StoreUnavailable,
    /// The identity API could not confirm the caller's current roles (unreachable, slow or
    /// failing); the cause is logged, not sent. Sent with `Retry-After`.
    #[error(
        "The identity service could not confirm your roles just now; try again in a few seconds."
    )]
    IdentityUnavailable,
    /// The client context has no identity endpoint (Identity is not enabled for the site, or
    /// the runner gave no admin token), so roles cannot be confirmed.
    #[error("This function has no identity endpoint (identity.url and admin token are missing from its context), so it cannot confirm your roles.")]
    IdentityMissing,
}

/// Seconds a client should wait before retrying after [`ApiError::IdentityUnavailable`].
pub const IDENTITY_RETRY_AFTER_SECS: u32 = 5;

/// Seconds a client should wait before retrying after [`ApiError::StoreUnavailable`]: a
/// restarting database is back in seconds, and a SQLite writer holds its lock for less.
pub const STORE_RETRY_AFTER_SECS: u32 = 2;

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::Forbidden(_) | Self::NotAnEvent => 403,
            Self::NotFound(_) => 404,
            Self::UnknownPost { in_body: false, .. } => 404,
            Self::UnknownPost { in_body: true, .. } => 422,
            Self::MethodNotAllowed(_) => 405,
            Self::ClientKeyReused | Self::CommentDeleted(_) => 409,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType => 415,
            Self::InvalidJson(_)
            | Self::MissingField(_)
            | Self::UnknownField(_)
            | Self::InvalidField(_)
            | Self::InvalidQuery(_)
            | Self::InvalidCursor => 400,
            Self::Invalid(_) => 422,
            Self::Internal => 500,
            Self::IdentityUnavailable | Self::IdentityMissing | Self::StoreUnavailable => 503,
        }
    }

    /// The wire code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::Forbidden(_) | Self::NotAnEvent => ErrorCode::Forbidden,
            Self::MethodNotAllowed(_) => ErrorCode::MethodNotAllowed,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Self::InvalidJson(_) => ErrorCode::InvalidJson,
            Self::MissingField(_) => ErrorCode::MissingField,
            Self::UnknownField(_) => ErrorCode::UnknownField,
            Self::InvalidField(_) => ErrorCode::InvalidField,
            Self::InvalidQuery(_) => ErrorCode::InvalidQuery,
            Self::InvalidCursor => ErrorCode::InvalidCursor,
            Self::Invalid(invalid) => invalid.code(),
            Self::UnknownPost { .. } => ErrorCode::UnknownPost,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::ClientKeyReused => ErrorCode::ClientKeyReused,
            Self::CommentDeleted(_) => ErrorCode::CommentDeleted,
            // The wire has no code of its own for "unavailable"; the 503 status says it.
            Self::Internal
            | Self::IdentityUnavailable
            | Self::IdentityMissing
            | Self::StoreUnavailable => ErrorCode::Internal,
        }
    }

    /// The `Allow` header value, for 405.
    pub fn allow(&self) -> Option<&'static str> {
        match self {
            Self::MethodNotAllowed(allow) => Some(allow),
            _ => None,
        }
    }

    /// The `Retry-After` value in seconds, for a refusal a retry can cure.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            Self::IdentityUnavailable => Some(IDENTITY_RETRY_AFTER_SECS),
            Self::StoreUnavailable => Some(STORE_RETRY_AFTER_SECS),
            _ => None,
        }
    }

    /// Sorts a `serde_json` error into syntax, missing field, unknown field or invalid field,
    /// keeping serde's text (it names the field and the position).
    pub fn from_json(error: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let text = error.to_string();
        match error.classify() {
            Category::Syntax | Category::Eof | Category::Io => Self::InvalidJson(text),
            Category::Data if text.starts_with("missing field") => Self::MissingField(text),
            Category::Data if text.starts_with("unknown field") => Self::UnknownField(text),
            Category::Data => Self::InvalidField(text),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        // The client gets a generic 503 or 500; the operator gets the cause in the function log.
        if error.is_unavailable() {
            tracing::warn!(%error, "comment store unavailable");
            return Self::StoreUnavailable;
        }
        tracing::error!(%error, "comment store failed");
        Self::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comment_wire::NewComment;

    fn json_error(text: &str) -> ApiError {
        let err = serde_json::from_str::<NewComment>(text).unwrap_err();
        ApiError::from_json(&err)
    }

    #[test]
    fn json_errors_are_sorted_by_kind() {
        assert!(matches!(json_error("{"), ApiError::InvalidJson(_)));
        assert!(matches!(json_error("nope"), ApiError::InvalidJson(_)));
        assert!(matches!(
            json_error(r#"{"post":"p","body":"b"}"#),
            ApiError::MissingField(m) if m.contains("client_key")
        ));
        assert!(matches!(
            json_error(r#"{"post":"p","body":"b","client_key":"k","x":1}"#),
            ApiError::UnknownField(m) if m.contains("`x`")
        ));
        assert!(matches!(
            json_error(r#"{"post":1,"body":"b","client_key":"k"}"#),
            ApiError::InvalidField(_)
        ));
    }

    #[test]
    fn unknown_post_status_depends_on_where_the_slug_came_from() {
        let query = ApiError::UnknownPost {
            slug: "x".into(),
            in_body: false,
        };
        let body = ApiError::UnknownPost {
            slug: "x".into(),
            in_body: true,
        };
        assert_eq!(query.status(), 404);
        assert_eq!(body.status(), 422);
    }

    #[test]
    fn validation_problems_are_422_with_their_own_code() {
        let e = ApiError::from(Invalid::EmptyBody);
        assert_eq!(e.status(), 422);
        assert_eq!(e.code(), ErrorCode::EmptyBody);
        assert_eq!(e.to_string(), Invalid::EmptyBody.to_string());
    }
}
