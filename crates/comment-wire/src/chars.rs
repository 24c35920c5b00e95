//! Which characters show, which hide, and which reorder text: the one table the name cleaner
//! ([`crate::author_name`]) and the body check ([`crate::validate::check_body`]) share.
//!
//! A `match` on code point ranges instead of a Unicode tables crate: this is linked into the
//! browser's wasm, and the invisible characters are a short, stable list (Unicode's
//! `Default_Ignorable_Code_Point`, plus the bidi controls and a few blanks).

/// What a character does on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Shows as blank space: [`char::is_whitespace`] (which includes TAB, LF, CR, VT, FF,
    /// NEL and U+2028/U+2029) and U+2800 BRAILLE PATTERN BLANK, a favourite for blank names.
    Space,
    /// A C0 or C1 control or DEL that is not whitespace: cannot be typed, shows as nothing
    /// or a box; NUL cannot be stored in PostgreSQL `text` at all.
    Control,
    /// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): invisible,
    /// and they reorder the text after them, so `abc\u{202e}fed` shows as `abcdef`.
    BidiControl,
    /// Bidi marks (LRM U+200E, RLM U+200F, ALM U+061C): invisible, nudge the direction of
    /// the characters next to them. Harmless in a body, noise in a name.
    BidiMark,
    /// ZWNJ U+200C and ZWJ U+200D: invisible, but they decide how their neighbours join
    /// (emoji sequences such as 👩‍💻, Persian and Indic words).
    Joiner,
    /// Variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF, Mongolian U+180B–U+180D,
    /// U+180F): invisible, they pick the glyph of the character before (❤ or ❤️).
    Selector,
    /// Every other invisible character: zero-width space U+200B, word joiner and invisible
    /// operators U+2060–U+2064, BOM U+FEFF, soft hyphen U+00AD, Hangul fillers, tag
    /// characters, and the rest of `Default_Ignorable_Code_Point`.
    Invisible,
    /// Everything that shows.
    Visible,
}

impl Class {
    /// Whether a character of this class shows nothing at all.
    pub(crate) fn is_blank(self) -> bool {
        !matches!(self, Self::Visible | Self::Control)
    }
}

/// The [`Class`] of `c`.
pub(crate) fn class(c: char) -> Class {
    if c.is_whitespace() || c == '\u{2800}' {
        return Class::Space;
    }
    if c.is_control() {
        return Class::Control;
    }
    match c {
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Class::BidiControl,
        '\u{200e}' | '\u{200f}' | '\u{61c}' => Class::BidiMark,
        '\u{200c}' | '\u{200d}' => Class::Joiner,
        '\u{fe00}'..='\u{fe0f}'
        | '\u{e0100}'..='\u{e01ef}'
        | '\u{180b}'..='\u{180d}'
        | '\u{180f}' => Class::Selector,
        '\u{ad}'
        | '\u{34f}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206a}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}' => Class::Invisible,
        _ => Class::Visible,
    }
}

/// Whether `c` attaches to the character before it, so a cut between the two would leave
/// half a character: joiners, selectors, the common combining mark blocks, emoji skin tones.
/// Not the full grapheme rules (those need tables); enough for names.
pub(crate) fn extends_previous(c: char) -> bool {
    matches!(class(c), Class::Joiner | Class::Selector)
        || matches!(c,
            '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
            | '\u{1f3fb}'..='\u{1f3ff}')
}

/// Whether `c` is a regional indicator; two of them make one flag (🇫 + 🇷 = 🇫🇷).
pub(crate) fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1f1e6}'..='\u{1f1ff}')
}

/// Characters a hostile name or body would try — controls, bidi controls, invisible and
/// blank ones — for the property tests of both rules.
#[cfg(test)]
pub(crate) const HOSTILE: &[char] = &[
    '\0',
    '\t',
    '\n',
    '\r',
    '\u{b}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{ad}',
    '\u{61c}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202e}',
    '\u{2060}',
    '\u{2064}',
    '\u{2066}',
    '\u{2069}',
    '\u{2800}',
    '\u{3164}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{e0041}',
    ' ',
    '\u{3000}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_and_line_breaks_are_space_and_other_controls_are_controls() {
        for c in ['\t', '\n', '\r', '\u{b}', '\u{c}', '\u{85}'] {
            assert_eq!(class(c), Class::Space, "{c:?}");
        }
        for c in [
            '\0', '\u{7}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}',
        ] {
            assert_eq!(class(c), Class::Control, "{c:?}");
        }
    }

    #[test]
    fn letters_emoji_and_marks_that_show_are_visible() {
        for c in [
            'a', 'ж', 'ש', 'ب', '字', '🦀', '👩', '❤', '\u{301}', '\u{600}', '\u{fffd}',
        ] {
            assert_eq!(class(c), Class::Visible, "{c:?}");
        }
    }

    #[test]
    fn only_visible_and_control_characters_are_not_blank() {
        assert!(!class('a').is_blank());
        assert!(!class('\0').is_blank());
        for c in [
            '\u{200b}', '\u{200d}', '\u{202e}', '\u{200f}', '\u{fe0f}', ' ', '\u{ad}',
        ] {
            assert!(class(c).is_blank(), "{c:?}");
        }
    }
}
