//! The rules a new comment must meet, as plain functions the browser can run too.
//!
//! Nothing here changes the text: a comment is stored exactly as written or refused.
//!
//! ```
//! use comment_wire::validate::{check_new_comment, Invalid};
//! use comment_wire::NewComment;
//! let new = NewComment { post: "hello".into(), body: "  \n ".into(), client_key: "k1".into() };
//! assert_eq!(check_new_comment(&new), Err(Invalid::EmptyBody));
//! ```

use crate::{ErrorCode, NewComment};

/// Longest comment, in Unicode scalar values (what a person counts as characters, near enough).
pub const MAX_BODY_CHARS: usize = 5000;

/// Longest post slug.
pub const MAX_SLUG_LEN: usize = 100;

/// Longest client key.
pub const MAX_CLIENT_KEY_LEN: usize = 100;

/// Why a new comment (or a post slug in a query) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// The text is empty or only whitespace.
    #[error("The comment is empty: write something first.")]
    EmptyBody,
    /// The text is longer than [`MAX_BODY_CHARS`].
    #[error("The comment is {chars} characters long; the limit is {MAX_BODY_CHARS}.")]
    BodyTooLong {
        /// How long it is.
        chars: usize,
    },
    /// The text contains NUL, which PostgreSQL cannot store in text.
    #[error("The comment contains a NUL character, which cannot be stored.")]
    NulCharacter,
    /// The post slug is not `[a-z0-9]` words joined by single dashes, or too long.
    #[error("`post` must be a post slug: lowercase letters, digits and inner dashes, at most {MAX_SLUG_LEN} characters.")]
    PostSlug,
    /// The client key is empty, too long or has characters outside `A-Z a-z 0-9 - _ . :`.
    #[error("`client_key` must be 1 to {MAX_CLIENT_KEY_LEN} characters from A-Z a-z 0-9 - _ . :")]
    ClientKey,
}

impl Invalid {
    /// The wire code for this problem.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::EmptyBody => ErrorCode::EmptyBody,
            Self::BodyTooLong { .. } => ErrorCode::BodyTooLong,
            Self::NulCharacter => ErrorCode::InvalidCharacters,
            Self::PostSlug => ErrorCode::InvalidPost,
            Self::ClientKey => ErrorCode::InvalidClientKey,
        }
    }
}

/// Checks the comment text: not blank, at most [`MAX_BODY_CHARS`], no NUL.
///
/// ```
/// use comment_wire::validate::check_body;
/// assert!(check_body("<script>alert(1)</script>").is_ok()); // stored as text, never as HTML
/// assert!(check_body("\u{a0}\u{2003}").is_err());            // Unicode whitespace is blank too
/// ```
pub fn check_body(body: &str) -> Result<(), Invalid> {
    if body.trim().is_empty() {
        return Err(Invalid::EmptyBody);
    }
    let chars = body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(Invalid::BodyTooLong { chars });
    }
    if body.contains('\0') {
        return Err(Invalid::NulCharacter);
    }
    Ok(())
}

/// Checks the shape of a post slug: `[a-z0-9]+` words joined by single dashes, like the file
/// names of `content/posts/`. Whether the post exists is a separate question.
///
/// ```
/// use comment_wire::validate::check_slug;
/// assert!(check_slug("hello-world-2").is_ok());
/// for bad in ["", "-a", "a-", "a--b", "Hello", "a/b", "a b"] {
///     assert!(check_slug(bad).is_err(), "{bad}");
/// }
/// ```
pub fn check_slug(slug: &str) -> Result<(), Invalid> {
    let well_formed = !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && slug.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if well_formed {
        Ok(())
    } else {
        Err(Invalid::PostSlug)
    }
}

/// Checks the idempotency key: 1 to [`MAX_CLIENT_KEY_LEN`] characters from
/// `A-Z a-z 0-9 - _ . :` (a UUID fits).
pub fn check_client_key(key: &str) -> Result<(), Invalid> {
    let ok = !key.is_empty()
        && key.len() <= MAX_CLIENT_KEY_LEN
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if ok {
        Ok(())
    } else {
        Err(Invalid::ClientKey)
    }
}

/// Checks every field of a new comment, post first, then text, then key.
pub fn check_new_comment(new: &NewComment) -> Result<(), Invalid> {
    check_slug(&new.post)?;
    check_body(&new.body)?;
    check_client_key(&new.client_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_only_body_is_empty() {
        for blank in ["", " ", "\n\t\r ", "\u{3000}"] {
            assert_eq!(check_body(blank), Err(Invalid::EmptyBody), "{blank:?}");
        }
    }

    #[test]
    fn body_limit_counts_characters_not_bytes() {
        let at_limit = "é".repeat(MAX_BODY_CHARS);
        assert!(at_limit.len() > MAX_BODY_CHARS);
        assert_eq!(check_body(&at_limit), Ok(()));
        let over = "a".repeat(MAX_BODY_CHARS + 1);
        assert_eq!(
            check_body(&over),
            Err(Invalid::BodyTooLong {
                chars: MAX_BODY_CHARS + 1
            })
        );
    }

    #[test]
    fn body_with_surrounding_whitespace_and_markup_is_accepted() {
        assert_eq!(check_body("  <img src=x onerror=alert(1)>\n"), Ok(()));
    }

    #[test]
    fn nul_is_refused() {
        assert_eq!(check_body("a\0b"), Err(Invalid::NulCharacter));
    }

    #[test]
    fn slug_length_is_capped() {
        assert!(check_slug(&"a".repeat(MAX_SLUG_LEN)).is_ok());
        assert!(check_slug(&"a".repeat(MAX_SLUG_LEN + 1)).is_err());
    }

    #[test]
    fn client_key_accepts_uuids_and_refuses_odd_characters() {
        assert!(check_client_key("0b7e5a8c-61d2-4c4c-9a43-2f6f0f3c9f11").is_ok());
        for bad in ["", "a b", "é", "a/b", &"k".repeat(MAX_CLIENT_KEY_LEN + 1)] {
            assert_eq!(check_client_key(bad), Err(Invalid::ClientKey), "{bad:?}");
        }
    }

    #[test]
    fn post_is_checked_before_body() {
        let new = NewComment {
            post: "Bad Slug".into(),
            body: String::new(),
            client_key: String::new(),
        };
        assert_eq!(check_new_comment(&new), Err(Invalid::PostSlug));
    }

    proptest::proptest! {
        #[test]
        fn accepted_bodies_have_visible_text_within_the_limit(body in "\\PC{0,40}|\\s{0,5}") {
            if check_body(&body).is_ok() {
                proptest::prop_assert!(!body.trim().is_empty());
                proptest::prop_assert!(body.chars().count() <= MAX_BODY_CHARS);
                proptest::prop_assert!(!body.contains('\0'));
            }
        }

        #[test]
        fn accepted_slugs_are_safe_in_urls_and_file_names(slug in "[a-z0-9/ .-]{0,12}") {
            if check_slug(&slug).is_ok() {
                proptest::prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                proptest::prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            }
        }
    }
}
