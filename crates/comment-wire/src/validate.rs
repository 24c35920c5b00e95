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

use crate::chars::{class, Class};
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
    /// The text is empty, or only whitespace and invisible characters.
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
    /// The text contains a control character other than NUL, tab and line breaks (C0, DEL or
    /// C1): none can be typed, and browsers show them as nothing or as a box.
    #[error(
        "The comment contains an invisible control character (U+{:04X}, character {position}): remove it.",
        u32::from(*.character)
    )]
    ControlCharacter {
        /// The character.
        character: char,
        /// Where it is, counted in characters from 1.
        position: usize,
    },
    /// The text contains a bidirectional embedding, override or isolate control, which
    /// reorders how the text after it is shown.
    #[error(
        "The comment contains an invisible text-direction control (U+{:04X}, character {position}), which can show the text in another order than it was written: remove it.",
        u32::from(*.character)
    )]
    BidiControl {
        /// The character.
        character: char,
        /// Where it is, counted in characters from 1.
        position: usize,
    },
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
            Self::NulCharacter | Self::ControlCharacter { .. } | Self::BidiControl { .. } => {
                ErrorCode::InvalidCharacters
            }
            Self::PostSlug => ErrorCode::InvalidPost,
            Self::ClientKey => ErrorCode::InvalidClientKey,
        }
    }
}

/// Checks the comment text: something visible, at most [`MAX_BODY_CHARS`], and nothing that
/// cannot be stored or shown as written.
///
/// - Blank is whitespace plus the invisible characters (zero-width space and joiners, BOM,
///   soft hyphen, variation selectors, bidi controls, Hangul fillers…): a body of only those
///   shows as nothing, so it is [`Invalid::EmptyBody`].
/// - NUL is [`Invalid::NulCharacter`]: PostgreSQL `text` cannot hold it.
/// - Any other control character but TAB, LF and CR (the rest of C0, DEL, C1) is
///   [`Invalid::ControlCharacter`]: none can be typed, and they show as nothing or a box.
/// - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
///   [`Invalid::BidiControl`]: they make the text show in another order than it is stored
///   (the "Trojan Source" trick), and stripping them would change what the writer meant
///   without telling them. The bidi marks LRM, RLM and ALM are kept: right-to-left writers
///   use them, and they reorder nothing.
///
/// Zero-width characters inside visible text are kept: ZWJ builds emoji, ZWNJ spells
/// Persian, and the text is stored exactly as written.
///
/// ```
/// use comment_wire::validate::{check_body, Invalid};
/// assert!(check_body("<script>alert(1)</script>").is_ok()); // stored as text, never as HTML
/// assert!(check_body("\u{a0}\u{2003}").is_err());            // Unicode whitespace is blank too
/// assert_eq!(check_body("\u{200b}\u{feff}"), Err(Invalid::EmptyBody));
/// assert!(matches!(check_body("ab\u{202e}dc"), Err(Invalid::BidiControl { position: 3, .. })));
/// ```
pub fn check_body(body: &str) -> Result<(), Invalid> {
    if body.chars().all(|c| class(c).is_blank()) {
        return Err(Invalid::EmptyBody);
    }
    let chars = body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(Invalid::BodyTooLong { chars });
    }
    if body.contains('\0') {
        return Err(Invalid::NulCharacter);
    }
    for (index, character) in body.chars().enumerate() {
        let position = index + 1;
        if character.is_control() && !matches!(character, '\t' | '\n' | '\r') {
            return Err(Invalid::ControlCharacter {
                character,
                position,
            });
        }
        if class(character) == Class::BidiControl {
            return Err(Invalid::BidiControl {
                character,
                position,
            });
        }
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
    use proptest::strategy::Strategy as _;

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
    fn control_characters_other_than_tab_and_line_breaks_are_refused() {
        for c in [
            '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{85}',
            '\u{9b}',
        ] {
            assert_eq!(
                check_body(&format!("a{c}b")),
                Err(Invalid::ControlCharacter {
                    character: c,
                    position: 2
                }),
                "{c:?}"
            );
        }
    }

    #[test]
    fn tab_and_line_breaks_are_kept() {
        assert_eq!(check_body("a\tb\r\nc\nd\re"), Ok(()));
    }

    #[test]
    fn bidi_overrides_embeddings_and_isolates_are_refused() {
        for c in ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}') {
            assert_eq!(
                check_body(&format!("abc{c}def")),
                Err(Invalid::BidiControl {
                    character: c,
                    position: 4
                }),
                "{c:?}"
            );
        }
    }

    #[test]
    fn bidi_refusal_names_the_character_for_the_reader() {
        let message = check_body("ab\u{202e}cd").unwrap_err().to_string();
        assert!(message.contains("U+202E"), "{message}");
        assert!(message.contains("character 3"), "{message}");
    }

    #[test]
    fn new_character_refusals_share_the_invalid_characters_code() {
        let control = check_body("a\u{7}").unwrap_err();
        let bidi = check_body("a\u{202e}").unwrap_err();
        assert_eq!(control.code(), ErrorCode::InvalidCharacters);
        assert_eq!(bidi.code(), ErrorCode::InvalidCharacters);
    }

    #[test]
    fn bidi_marks_in_right_to_left_text_are_accepted() {
        assert_eq!(check_body("שלום\u{200f} world \u{200e}(1)\u{61c}"), Ok(()));
    }

    #[test]
    fn zero_width_only_body_is_empty() {
        for blank in [
            "\u{200b}",
            "\u{200b}\u{200c}\u{200d}\u{feff}\u{2060}",
            " \u{200b}\n\u{200b} ",
            "\u{ad}",
            "\u{fe0f}",
            "\u{3164}\u{115f}",
            "\u{2800}",
            "\u{e0041}\u{e0042}",
        ] {
            assert_eq!(check_body(blank), Err(Invalid::EmptyBody), "{blank:?}");
        }
    }

    #[test]
    fn text_with_zero_width_characters_is_accepted_as_written() {
        for body in [
            "👩\u{200d}💻 nice",
            "soft\u{ad}hyphen",
            "❤\u{fe0f}",
            "x\u{200b}",
        ] {
            assert_eq!(check_body(body), Ok(()), "{body:?}");
        }
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
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(proptest::prelude::ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn accepted_bodies_have_visible_text_within_the_limit(body in "\\PC{0,40}|\\s{0,5}") {
            if check_body(&body).is_ok() {
                proptest::prop_assert!(!body.trim().is_empty());
                proptest::prop_assert!(body.chars().count() <= MAX_BODY_CHARS);
                proptest::prop_assert!(!body.contains('\0'));
            }
        }

        #[test]
        fn accepted_bodies_can_be_stored_and_shown_as_written(
            body in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::any(),
                    proptest::char::range('\0', '\u{a0}'),
                    proptest::sample::select(crate::chars::HOSTILE.to_vec()),
                ],
                0..24,
            ).prop_map(|chars| chars.into_iter().collect::<String>())
        ) {
            if check_body(&body).is_ok() {
                // PostgreSQL `text` holds every scalar value but NUL.
                proptest::prop_assert!(!body.contains('\0'));
                proptest::prop_assert!(!body
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')));
                let reorders = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
                proptest::prop_assert!(!body.chars().any(reorders), "{:?}", body);
                proptest::prop_assert!(body.chars().any(|c| !c.is_whitespace() && !crate::chars::HOSTILE.contains(&c)));
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
