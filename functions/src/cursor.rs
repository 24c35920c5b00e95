//! Opaque page cursors: the id of the last comment of a page, wrapped so clients do not build
//! them by hand and a future change of ordering can be refused cleanly.
//!
//! ```
//! use functions::cursor::Cursor;
//! let c = Cursor { last_id: 42 };
//! assert_eq!(Cursor::decode(&c.encode()), Ok(c));
//! assert!(Cursor::decode("42").is_err());
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use comment_wire::{Comment, CommentId, CommentPage};

/// Version tag inside every cursor.
const PREFIX: &str = "c1:";

/// Longest cursor accepted, in bytes; a real one is under 30.
const MAX_LEN: usize = 64;

/// Why a cursor was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a cursor issued by this API")]
pub struct BadCursor;

/// Where the next page starts: after (or, newest first, before) `last_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The id of the last comment on the previous page.
    pub last_id: CommentId,
}

impl Cursor {
    /// The opaque text form (URL-safe base64, no padding).
    pub fn encode(self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{PREFIX}{}", self.last_id))
    }

    /// Reads a cursor made by [`Cursor::encode`]; anything else is refused.
    pub fn decode(text: &str) -> Result<Self, BadCursor> {
        if text.is_empty() || text.len() > MAX_LEN {
            return Err(BadCursor);
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| BadCursor)?;
        let inner = std::str::from_utf8(&bytes).map_err(|_| BadCursor)?;
        let digits = inner.strip_prefix(PREFIX).ok_or(BadCursor)?;
        // Digits only (no sign, no spaces) and no leading zeros: one spelling per cursor.
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || (digits.len() > 1 && digits.starts_with('0'))
        {
            return Err(BadCursor);
        }
        let last_id: CommentId = digits.parse().map_err(|_| BadCursor)?;
        let cursor = Self { last_id };
        if cursor.encode() == text {
            Ok(cursor)
        } else {
            Err(BadCursor)
        }
    }
}

/// Turns up to `limit + 1` fetched comments into a page of at most `limit`, with a cursor
/// after the last one when more were found.
///
/// Stores are asked for one comment more than the page holds; that extra one only tells
/// whether a next page exists.
pub fn page(mut comments: Vec<Comment>, limit: u32) -> CommentPage {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = comments.len() > limit;
    comments.truncate(limit);
    let next_cursor = match comments.last() {
        Some(last) if more => Some(Cursor { last_id: last.id }.encode()),
        _ => None,
    };
    CommentPage {
        comments,
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comment_wire::{Author, CommentStatus};
    use identity_core::time::Timestamp;

    fn comment(id: CommentId) -> Comment {
        Comment {
            id,
            post: "p".into(),
            author: Author {
                id: "u".into(),
                name: "n".into(),
            },
            body: "b".into(),
            created_at: Timestamp::new("2026-01-01T00:00:00Z"),
            status: CommentStatus::Visible,
        }
    }

    #[test]
    fn page_with_an_extra_comment_gets_a_cursor_after_its_last() {
        let p = page(vec![comment(1), comment(2), comment(3)], 2);
        assert_eq!(p.comments.len(), 2);
        assert_eq!(
            Cursor::decode(p.next_cursor.as_deref().unwrap()),
            Ok(Cursor { last_id: 2 })
        );
    }

    #[test]
    fn last_page_has_no_cursor() {
        assert_eq!(page(vec![comment(1), comment(2)], 2).next_cursor, None);
        assert_eq!(page(vec![], 2).next_cursor, None);
    }

    #[test]
    fn round_trips_every_id_shape() {
        for last_id in [0, 1, 9, 10, 123_456_789, i64::MAX] {
            let c = Cursor { last_id };
            assert_eq!(Cursor::decode(&c.encode()), Ok(c));
        }
    }

    #[test]
    fn refuses_hand_made_and_tampered_cursors() {
        let raw = |s: &str| URL_SAFE_NO_PAD.encode(s);
        for bad in [
            String::new(),
            "42".to_owned(),
            raw("c1:"),
            raw("c1:-1"),
            raw("c1:+1"),
            raw("c1:007"),
            raw("c1: 7"),
            raw("c2:7"),
            raw("c1:99999999999999999999"),
            format!("{}=", Cursor { last_id: 7 }.encode()),
            "!!!!".to_owned(),
            "a".repeat(MAX_LEN + 1),
        ] {
            assert_eq!(Cursor::decode(&bad), Err(BadCursor), "{bad:?}");
        }
    }

    proptest::proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(proptest::prelude::ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn any_issued_cursor_decodes_to_itself(last_id in 0..=CommentId::MAX) {
            let c = Cursor { last_id };
            proptest::prop_assert_eq!(Cursor::decode(&c.encode()), Ok(c));
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in ".{0,80}") {
            let _ = Cursor::decode(&text);
        }
    }
}
