//! The name a comment is shown under: one rule for the server that stores it and the form
//! that announces it.

use crate::chars::{class, extends_previous, is_regional_indicator, Class};

/// Longest display name kept, in characters; longer names are cut.
pub const MAX_NAME_CHARS: usize = 80;

/// The name readers see next to a comment: the `user_metadata.full_name` when it has
/// visible text, else the part of `email` before `@`, else `Anonymous`; cleaned, then cut
/// to [`MAX_NAME_CHARS`] characters.
///
/// Anyone can set their `full_name` (`PUT /user`) and everyone reads it, and the comment
/// form cannot change it, so it is cleaned rather than refused:
///
/// - whitespace of any kind (TAB, CR, LF, NEL, U+2028, ideographic space…) separates words:
///   each run becomes one space, and the ends are trimmed, so `"Jane\r\nDoe"` reads
///   `"Jane Doe"` rather than `"JaneDoe"`;
/// - other control characters (NUL, ESC, DEL, C1) are dropped: they show as nothing, and
///   PostgreSQL cannot store NUL;
/// - bidi controls and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are
///   dropped: a name sits inside other text, and an override would reorder what follows it;
/// - zero-width and other invisible characters (U+200B, U+2060–U+2064, U+FEFF, soft hyphen
///   U+00AD, Hangul fillers, tag characters…) are dropped;
/// - ZWJ and ZWNJ stay only between two visible characters, where they join an emoji
///   sequence (👩‍💻) or a Persian word; variation selectors stay only right after a visible
///   character (❤️).
///
/// A name with nothing visible left falls back to the email's local part, cleaned the same
/// way. The cut comes after cleaning, so hidden characters cannot push the real name out,
/// and it steps back rather than split an emoji sequence, a flag or a combining accent.
///
/// The full email address is never used: comment lists are public, and an address shown
/// there would be harvested.
///
/// ```
/// use comment_wire::author_name;
/// assert_eq!(author_name(Some("  Jane Doe "), "jane@example.com"), "Jane Doe");
/// assert_eq!(author_name(None, "jane@example.com"), "jane");
/// assert_eq!(author_name(Some(" "), ""), "Anonymous");
/// assert_eq!(author_name(Some("Jane\0\r\nDoe\u{202e}"), ""), "Jane Doe");
/// assert_eq!(author_name(Some("\u{200b}\u{feff}"), "jane@example.com"), "jane");
/// ```
pub fn author_name(full_name: Option<&str>, email: &str) -> String {
    let local_part = email.split('@').next().unwrap_or_default();
    [full_name.unwrap_or_default(), local_part]
        .into_iter()
        .map(clean)
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "Anonymous".to_owned())
}

/// What the last character written to a name allows next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Nothing, or a space is pending: no joiner or selector may attach.
    Loose,
    /// A visible character: a selector or joiner may attach.
    Visible,
    /// A visible character and its selector: only a joiner may attach.
    Selected,
}

/// `raw` with whitespace runs collapsed and trimmed and control, bidi and invisible
/// characters dropped (see [`author_name`]), cut to [`MAX_NAME_CHARS`]; empty when nothing
/// visible is left.
fn clean(raw: &str) -> String {
    let mut name = String::new();
    let mut tail = Tail::Loose;
    let mut space = false;
    let mut joiner = None;
    for c in raw.chars() {
        match class(c) {
            Class::Space => {
                space = !name.is_empty();
                joiner = None;
                tail = Tail::Loose;
            }
            Class::Visible => {
                if space {
                    name.push(' ');
                } else if let Some(j) = joiner {
                    name.push(j);
                }
                space = false;
                joiner = None;
                name.push(c);
                tail = Tail::Visible;
            }
            // Held until a visible character follows: a joiner at the end joins nothing.
            Class::Joiner if tail != Tail::Loose && joiner.is_none() => joiner = Some(c),
            Class::Selector if tail == Tail::Visible && joiner.is_none() => {
                name.push(c);
                tail = Tail::Selected;
            }
            Class::Joiner
            | Class::Selector
            | Class::Control
            | Class::BidiControl
            | Class::BidiMark
            | Class::Invisible => {}
        }
    }
    cut(name)
}

/// `name` cut to [`MAX_NAME_CHARS`] characters, stepping back so that the cut does not
/// split what shows as one character, and never ending on a space or a joiner.
fn cut(name: String) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= MAX_NAME_CHARS {
        return name;
    }
    let mut end = MAX_NAME_CHARS;
    while end > 0 && splits_a_cluster(&chars, end) {
        end -= 1;
    }
    if end == 0 {
        // One joined run longer than the limit: a plain cut still beats the fallback name.
        end = MAX_NAME_CHARS;
    }
    let kept: String = chars[..end].iter().collect();
    kept.trim_end_matches(|c| c == ' ' || class(c) == Class::Joiner)
        .to_owned()
}

/// Whether cutting `chars` before index `end` (`0 < end < chars.len()`) would split what
/// shows as one character.
fn splits_a_cluster(chars: &[char], end: usize) -> bool {
    let (before, after) = (chars[end - 1], chars[end]);
    if class(before) == Class::Joiner || extends_previous(after) {
        return true;
    }
    // A flag is a pair of regional indicators: split only after an even run of them.
    let run = chars[..end]
        .iter()
        .rev()
        .take_while(|c| is_regional_indicator(**c))
        .count();
    is_regional_indicator(after) && run % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    #[test]
    fn full_name_wins_over_email() {
        assert_eq!(author_name(Some("Jane Doe"), "jd@example.com"), "Jane Doe");
    }

    #[test]
    fn blank_full_name_falls_back_to_the_trimmed_email_local_part() {
        assert_eq!(author_name(Some(" \t"), " jane @example.com"), "jane");
    }

    #[test]
    fn no_name_and_no_email_is_anonymous() {
        assert_eq!(author_name(None, ""), "Anonymous");
        assert_eq!(author_name(None, "@example.com"), "Anonymous");
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_NAME_CHARS + 10);
        assert_eq!(author_name(Some(&long), "").chars().count(), MAX_NAME_CHARS);
        let long_email = format!("{}@example.com", "a".repeat(MAX_NAME_CHARS + 1));
        assert_eq!(author_name(None, &long_email).len(), MAX_NAME_CHARS);
    }

    #[test]
    fn nul_in_a_name_is_dropped() {
        assert_eq!(author_name(Some("Ja\0ne\0"), "x@example.com"), "Jane");
        assert_eq!(author_name(Some("\0\0"), "jane@example.com"), "jane");
    }

    #[test]
    fn line_breaks_and_tabs_in_a_name_become_one_space() {
        assert_eq!(author_name(Some("Jane\r\n\tDoe"), ""), "Jane Doe");
        assert_eq!(
            author_name(Some("\n Jane \u{85}\u{2028} Doe \r"), ""),
            "Jane Doe"
        );
    }

    #[test]
    fn other_control_characters_are_dropped_from_a_name() {
        assert_eq!(
            author_name(Some("Jane\u{1b}[31m\u{7}\u{7f}\u{9b}"), ""),
            "Jane[31m"
        );
    }

    #[test]
    fn bidi_controls_are_dropped_from_a_name() {
        assert_eq!(author_name(Some("Jane\u{202e}eoD"), ""), "JaneeoD");
        let every: String = ('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200e}', '\u{200f}', '\u{61c}'])
            .collect();
        assert_eq!(author_name(Some(&format!("A{every}B")), ""), "AB");
        assert_eq!(author_name(Some(&every), "jane@example.com"), "jane");
    }

    #[test]
    fn invisible_only_name_falls_back_to_the_email_local_part() {
        for blank in [
            "\u{200b}",
            "\u{200b}\u{200c}\u{200d}\u{2060}\u{2064}\u{feff}",
            "\u{ad}",
            "\u{3164}",
            "\u{2800}",
            " \u{200d} \u{fe0f} ",
        ] {
            assert_eq!(
                author_name(Some(blank), "jane@example.com"),
                "jane",
                "{blank:?}"
            );
        }
    }

    #[test]
    fn soft_hyphen_is_dropped_from_a_name() {
        assert_eq!(author_name(Some("Jo\u{ad}hn"), ""), "John");
    }

    #[test]
    fn emoji_joined_with_zwj_keep_their_joiners() {
        for name in [
            "Ana 👩\u{200d}💻",
            "👨\u{200d}👩\u{200d}👧",
            "👩\u{200d}❤\u{fe0f}\u{200d}👨",
            "Jo ❤\u{fe0f}",
        ] {
            assert_eq!(author_name(Some(name), ""), name);
        }
    }

    #[test]
    fn joiners_that_join_nothing_are_dropped() {
        assert_eq!(author_name(Some("\u{200d}Ana\u{200d}"), ""), "Ana");
        assert_eq!(author_name(Some("Ana \u{200d}Bo"), ""), "Ana Bo");
        assert_eq!(
            author_name(Some("A\u{200d}\u{200d}\u{200c}B"), ""),
            "A\u{200d}B"
        );
        assert_eq!(author_name(Some("A\u{200b}B"), ""), "AB");
    }

    #[test]
    fn the_email_local_part_is_cleaned_too() {
        assert_eq!(author_name(None, "ja\u{202e}ne\0@example.com"), "jane");
        assert_eq!(author_name(None, "\u{200b}@example.com"), "Anonymous");
    }

    #[test]
    fn names_are_cut_after_cleaning() {
        let hidden = format!("{}Jane Doe", "\0\u{200b}".repeat(MAX_NAME_CHARS));
        assert_eq!(author_name(Some(&hidden), ""), "Jane Doe");
        let spaced = format!("{}{}", "a \n\t ".repeat(MAX_NAME_CHARS), "b");
        let cut = author_name(Some(&spaced), "");
        assert_eq!(cut, ["a"; MAX_NAME_CHARS / 2].join(" "));
    }

    #[test]
    fn the_cut_does_not_end_in_a_space_or_split_an_emoji_sequence() {
        let name = format!("{} b", "a".repeat(MAX_NAME_CHARS - 1));
        assert_eq!(author_name(Some(&name), ""), "a".repeat(MAX_NAME_CHARS - 1));
        let name = format!("{}👩\u{200d}💻", "a".repeat(MAX_NAME_CHARS - 2));
        assert_eq!(author_name(Some(&name), ""), "a".repeat(MAX_NAME_CHARS - 2));
        let name = format!("{}❤\u{fe0f}", "a".repeat(MAX_NAME_CHARS - 1));
        assert_eq!(author_name(Some(&name), ""), "a".repeat(MAX_NAME_CHARS - 1));
        let name = format!("{}🇫🇷🇩🇪", "a".repeat(MAX_NAME_CHARS - 3));
        assert_eq!(
            author_name(Some(&name), ""),
            format!("{}🇫🇷", "a".repeat(MAX_NAME_CHARS - 3))
        );
    }

    #[test]
    fn one_joined_run_longer_than_the_limit_is_still_cut_to_it() {
        let name = "a\u{200d}".repeat(MAX_NAME_CHARS);
        let cut = author_name(Some(&name), "jane@example.com");
        assert!(
            cut.starts_with('a') && !cut.ends_with('\u{200d}'),
            "{cut:?}"
        );
        assert!(cut.chars().count() <= MAX_NAME_CHARS);
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
        fn names_have_no_control_or_bidi_characters_and_keep_the_limit(
            name in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::any(),
                    proptest::char::range('\0', '\u{a0}'),
                    proptest::sample::select(crate::chars::HOSTILE.to_vec()),
                ],
                0..200,
            ).prop_map(|chars| chars.into_iter().collect::<String>()),
            email in "\\PC{0,6}(@[a-z]{1,4})?",
        ) {
            let shown = author_name(Some(&name), &email);
            proptest::prop_assert!(shown.chars().count() <= MAX_NAME_CHARS, "{:?}", shown);
            proptest::prop_assert!(!shown.chars().any(char::is_control), "{:?}", shown);
            let bidi = |c: char| matches!(c,
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
            proptest::prop_assert!(!shown.chars().any(bidi), "{:?}", shown);
            proptest::prop_assert!(!shown.is_empty());
            proptest::prop_assert_eq!(shown.trim(), shown.as_str());
            proptest::prop_assert!(!shown.contains("  "), "{:?}", shown);
            proptest::prop_assert!(shown.chars().any(|c| !c.is_whitespace() && !crate::chars::HOSTILE.contains(&c)), "{:?}", shown);
        }
    }
}
