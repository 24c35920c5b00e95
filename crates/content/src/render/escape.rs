//! Text into markup: the one escaper every page and file the build writes goes through.
//!
//! It is pulldown-cmark's, which already renders the posts' bodies, so every text the
//! build writes is escaped by the same rules (`&<>"'`, safe inside elements and quoted
//! attributes alike).

/// Text and attribute values, escaped for HTML (`&<>"'`).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Text and attribute values for XML 1.0: [`html`]'s escapes (all five are XML's too;
/// `'` becomes the character reference `&#39;`), after dropping the characters XML 1.0
/// cannot carry at all, not even as references: control characters other than tab, line
/// feed and carriage return, and U+FFFE / U+FFFF. A stray one in a post would otherwise
/// make a feed reader refuse the whole feed.
pub(crate) fn xml(text: &str) -> String {
    if text.chars().all(allowed_in_xml) {
        return html(text);
    }
    html(
        &text
            .chars()
            .filter(|&c| allowed_in_xml(c))
            .collect::<String>(),
    )
}

/// XML 1.0's `Char` production (surrogates cannot occur in a Rust `char`).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_the_five_characters() {
        assert_eq!(
            html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(xml("a\u{0}b\u{1b}c\u{7}d\u{fffe}\u{ffff}e"), "abcde");
        assert_eq!(xml("tab\tline\ncr\r"), "tab\tline\ncr\r");
        assert_eq!(xml("é ✓ 🦀 \u{85}"), "é ✓ 🦀 \u{85}");
        assert_eq!(xml("A & <B>"), "A &amp; &lt;B&gt;");
    }
}
