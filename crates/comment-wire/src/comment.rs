//! A comment as it is sent, stored and listed.

use identity_core::time::Timestamp;
use serde::{Deserialize, Serialize};

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
    /// use comment_wire::CommentStatus;
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
    /// The name shown next to the comment, fixed when the comment was stored (see
    /// [`crate::author_name`]).
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

    /// The answers stage one (`identity-shell`, with the browser's `JSON.parse`) reads
    /// too, from the same file: both readers take and refuse the same pages.
    #[test]
    fn reads_every_fixture_page_as_stage_one_does() {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../fixtures/comment-pages.json")).unwrap();
        assert!(cases.len() >= 20);
        let (mut taken, mut refused) = (0, 0);
        for case in &cases {
            let name = case["case"].as_str().unwrap();
            let answer = case["answer"].as_str().unwrap();
            let read = serde_json::from_str::<CommentPage>(answer).ok();
            match (&case["page"], read) {
                (serde_json::Value::Null, None) => refused += 1,
                (expected, Some(page)) if !expected.is_null() => {
                    assert_eq!(&serde_json::to_value(&page).unwrap(), expected, "{name}");
                    taken += 1;
                }
                (expected, read) => panic!("{name}: expected {expected}, read {read:?}"),
            }
        }
        assert!(
            taken >= 5 && refused >= 10,
            "{taken} taken, {refused} refused"
        );
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
