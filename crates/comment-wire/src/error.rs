//! The body of every error answer, and the codes the browser matches on.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes; the browser matches on these, people read `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 401: no signed-in user (no token, or one Netlify did not accept).
    Unauthorized,
    /// 403: signed in, but without the role the action needs.
    Forbidden,
    /// 404: no such comment.
    NotFound,
    /// 404 (list) or 422 (submit): no post with that slug.
    UnknownPost,
    /// 405: the function does not answer this method.
    MethodNotAllowed,
    /// 409: the client key was already used for a different comment.
    ClientKeyReused,
    /// 409: the comment was deleted, so it cannot be hidden, restored or re-posted.
    CommentDeleted,
    /// 413: the request body is larger than the function accepts.
    PayloadTooLarge,
    /// 415: the request body is not `application/json`.
    UnsupportedMediaType,
    /// 400: the body is not valid JSON.
    InvalidJson,
    /// 400: a required field is missing.
    MissingField,
    /// 400: the body has a field the function does not know.
    UnknownField,
    /// 400: a field has the wrong type or value.
    InvalidField,
    /// 400: a query parameter is missing, unknown, repeated or malformed.
    InvalidQuery,
    /// 400: the cursor is not one this API issued.
    InvalidCursor,
    /// 422: the comment is empty, or only whitespace and invisible characters.
    EmptyBody,
    /// 422: the comment is longer than [`crate::validate::MAX_BODY_CHARS`].
    BodyTooLong,
    /// 422: the comment contains a character that cannot be stored or shown as written: NUL,
    /// another control character, or a bidi override, embedding or isolate.
    InvalidCharacters,
    /// 422: the post slug is malformed.
    InvalidPost,
    /// 422: the client key is empty, too long or uses other characters than allowed.
    InvalidClientKey,
    /// 500: something on the server failed; retrying with the same client key is safe.
    Internal,
    /// A code this build does not know (sent by a newer server).
    #[serde(other)]
    Other,
}

/// The body of every error response: `{"error": "<code>", "message": "<for people>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong, for programs.
    pub error: ErrorCode,
    /// What went wrong, in a sentence a reader can act on.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_error_codes_are_readable() {
        let e: ErrorBody =
            serde_json::from_str(r#"{"error":"rate_limited","message":"slow down"}"#).unwrap();
        assert_eq!(e.error, ErrorCode::Other);
    }
}
