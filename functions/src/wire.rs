//! The comment API's JSON, defined once and shared by the functions and the browser.
//!
//! Builds with `default-features = false` (serde and `identity-core` only), so the blog app can
//! depend on it without pulling in a database driver.
//!
//! | call | request | response |
//! |---|---|---|
//! | `POST /.netlify/functions/submit-comment` | [`NewComment`] + `Authorization: Bearer` | 201 [`Comment`] (200 when a retry returns the stored one) |
//! | `GET /.netlify/functions/list-comments?post=<slug>[&cursor=..][&limit=..]` | — | 200 [`CommentPage`] |
//! | `GET /.netlify/functions/moderate-comment[?status=..][&post=..][&cursor=..][&limit=..]` | admin | 200 [`CommentPage`], newest first |
//! | `POST /.netlify/functions/moderate-comment` | [`ModerationRequest`], admin | 200 [`Comment`] |
//!
//! Every error is an [`ErrorBody`] with a 4xx or 5xx status.
//!
//! ```
//! use functions::wire::{NewComment, ErrorBody, ErrorCode};
//! let new = NewComment { post: "hello".into(), body: "Nice post!".into(), client_key: "k-1".into() };
//! assert_eq!(serde_json::to_string(&new).unwrap(),
//!     r#"{"post":"hello","body":"Nice post!","client_key":"k-1"}"#);
//! let err: ErrorBody = serde_json::from_str(r#"{"error":"empty_body","message":"Write something first."}"#).unwrap();
//! assert_eq!(err.error, ErrorCode::EmptyBody);
//! ```

use identity_core::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Path of the submit function, relative to the site root.
pub const SUBMIT_PATH: &str = "/.netlify/functions/submit-comment";
/// Path of the public list function, relative to the site root.
pub const LIST_PATH: &str = "/.netlify/functions/list-comments";
/// Path of the moderation function, relative to the site root.
pub const MODERATE_PATH: &str = "/.netlify/functions/moderate-comment";

/// The numeric id the store gives a comment; it grows with every stored comment.
pub type CommentId = i64;

/// What a signed-in reader sends to `submit-comment`. Unknown fields are refused.
///
/// `client_key` makes posting idempotent: the browser picks one per comment it writes (a
/// UUID, say) and sends the same key again when it retries, and gets the stored comment back
/// instead of a duplicate. Keys are per user, so two users never collide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// Slug of the post the comment belongs to.
    pub post: String,
    /// The comment text, plain text, stored and returned exactly as written.
    pub body: String,
    /// The idempotency key, see [`crate::validate::check_client_key`] for its form.
    pub client_key: String,
}

/// Whether readers see a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Shown under the post.
    Visible,
    /// Hidden by a moderator; only moderators see it, and it can be restored.
    Hidden,
    /// Deleted by a moderator: the text is gone for good and only the record remains, so a
    /// late retry of the original post cannot bring it back.
    Deleted,
}

impl CommentStatus {
    /// The name used on the wire and in the database.
    ///
    /// ```
    /// use functions::wire::CommentStatus;
    /// assert_eq!(CommentStatus::Hidden.as_str(), "hidden");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visible => "visible",
            Self::Hidden => "hidden",
            Self::Deleted => "deleted",
        }
    }

    /// The status for a name written by [`CommentStatus::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "visible" => Some(Self::Visible),
            "hidden" => Some(Self::Hidden),
            "deleted" => Some(Self::Deleted),
            _ => None,
        }
    }
}

/// Who wrote a comment, as readers see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The identity user id (`sub` of the token).
    pub id: String,
    /// The name shown next to the comment, fixed when the comment was stored.
    pub name: String,
}

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Store id; grows with every comment.
    pub id: CommentId,
    /// Slug of the post.
    pub post: String,
    /// Who wrote it.
    pub author: Author,
    /// The text exactly as written (empty once deleted). Plain text: render it as text,
    /// never as HTML.
    pub body: String,
    /// When it was stored, RFC 3339 UTC with microseconds at most.
    pub created_at: Timestamp,
    /// Whether readers see it.
    pub status: CommentStatus,
}

/// One page of comments and the cursor for the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPage {
    /// The comments of this page: oldest first from `list-comments`, newest first from
    /// `moderate-comment`.
    pub comments: Vec<Comment>,
    /// Pass as `cursor` to get the next page; absent on the last page. Opaque.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// What a moderator can do to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// Hide a visible comment from readers.
    Hide,
    /// Show a hidden comment again.
    Restore,
    /// Erase the text for good.
    Delete,
}

/// Body of `POST moderate-comment`. Unknown fields are refused.
///
/// ```
/// use functions::wire::{ModerationAction, ModerationRequest};
/// let r: ModerationRequest = serde_json::from_str(r#"{"id":7,"action":"hide"}"#).unwrap();
/// assert_eq!(r.action, ModerationAction::Hide);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationRequest {
    /// The comment.
    pub id: CommentId,
    /// What to do with it.
    pub action: ModerationAction,
}

/// Which comments the moderation list shows (`?status=`); deleted ones are never listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationFilter {
    /// Visible and hidden comments (the default).
    #[default]
    All,
    /// Only visible comments.
    Visible,
    /// Only hidden comments.
    Hidden,
}

impl ModerationFilter {
    /// The filter for a `status` query value.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "all" => Some(Self::All),
            "visible" => Some(Self::Visible),
            "hidden" => Some(Self::Hidden),
            _ => None,
        }
    }

    /// The statuses this filter lets through.
    pub fn statuses(self) -> &'static [CommentStatus] {
        match self {
            Self::All => &[CommentStatus::Visible, CommentStatus::Hidden],
            Self::Visible => &[CommentStatus::Visible],
            Self::Hidden => &[CommentStatus::Hidden],
        }
    }
}

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
    /// 422: the comment is empty or only whitespace.
    EmptyBody,
    /// 422: the comment is longer than [`crate::validate::MAX_BODY_CHARS`].
    BodyTooLong,
    /// 422: the comment contains a character that cannot be stored (NUL).
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
    use serde_json::json;

    #[test]
    fn new_comment_refuses_unknown_fields() {
        let r = serde_json::from_value::<NewComment>(
            json!({"post": "p", "body": "b", "client_key": "k", "author": "me"}),
        );
        assert!(r
            .unwrap_err()
            .to_string()
            .contains("unknown field `author`"));
    }

    #[test]
    fn comment_serialises_with_nested_author_and_snake_case_status() {
        let c = Comment {
            id: 3,
            post: "p".into(),
            author: Author {
                id: "u".into(),
                name: "Jane".into(),
            },
            body: "<b>hi</b>".into(),
            created_at: Timestamp::new("2026-01-01T00:00:00Z"),
            status: CommentStatus::Visible,
        };
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"id": 3, "post": "p", "author": {"id": "u", "name": "Jane"},
                   "body": "<b>hi</b>", "created_at": "2026-01-01T00:00:00Z", "status": "visible"})
        );
    }

    #[test]
    fn last_page_has_no_cursor_key() {
        let page = CommentPage {
            comments: vec![],
            next_cursor: None,
        };
        assert_eq!(serde_json::to_string(&page).unwrap(), r#"{"comments":[]}"#);
    }

    #[test]
    fn unknown_error_codes_are_readable() {
        let e: ErrorBody =
            serde_json::from_str(r#"{"error":"rate_limited","message":"slow down"}"#).unwrap();
        assert_eq!(e.error, ErrorCode::Other);
    }

    #[test]
    fn status_names_round_trip() {
        for s in [
            CommentStatus::Visible,
            CommentStatus::Hidden,
            CommentStatus::Deleted,
        ] {
            assert_eq!(CommentStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), json!(s.as_str()));
        }
        assert_eq!(CommentStatus::parse("Visible"), None);
    }
}
