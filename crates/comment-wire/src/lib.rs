//! The comment API's wire format (requests, responses, error bodies) and the rules both ends
//! apply; it is linked into the browser, so it must never depend on server code or do I/O.
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
//! - [`validate`]: what a new comment must be, checked in the browser before sending and by
//!   `submit-comment` before storing;
//! - [`author_name`]: the name a comment is shown under;
//! - [`ModerationFilter`]: the `status` query of the moderation list, read and written.
//!
//! ```
//! use comment_wire::{NewComment, ErrorBody, ErrorCode};
//! let new = NewComment { post: "hello".into(), body: "Nice post!".into(), client_key: "k-1".into() };
//! assert_eq!(serde_json::to_string(&new).unwrap(),
//!     r#"{"post":"hello","body":"Nice post!","client_key":"k-1"}"#);
//! let err: ErrorBody = serde_json::from_str(r#"{"error":"empty_body","message":"Write something first."}"#).unwrap();
//! assert_eq!(err.error, ErrorCode::EmptyBody);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod author;
mod chars;
mod comment;
mod error;
mod moderation;
pub mod validate;

pub use author::{author_name, MAX_NAME_CHARS};
pub use comment::{Author, Comment, CommentId, CommentPage, CommentStatus, NewComment};
pub use error::{ErrorBody, ErrorCode};
pub use moderation::{ModerationAction, ModerationFilter, ModerationRequest, UnknownFilter};

/// Path of the submit function, relative to the site root.
pub const SUBMIT_PATH: &str = "/.netlify/functions/submit-comment";
/// Path of the public list function, relative to the site root.
pub const LIST_PATH: &str = "/.netlify/functions/list-comments";
/// Path of the moderation function, relative to the site root.
pub const MODERATE_PATH: &str = "/.netlify/functions/moderate-comment";
