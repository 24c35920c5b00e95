//! The name a comment is shown under: one rule for the server that stores it and the form
//! that announces it.

/// Longest display name kept, in characters; longer names are cut.
pub const MAX_NAME_CHARS: usize = 80;

/// The name readers see next to a comment: the `user_metadata.full_name` when it has text
/// (trimmed), else the part of `email` before `@`, else `Anonymous`; cut to
/// [`MAX_NAME_CHARS`] characters.
///
/// The full email address is never used: comment lists are public, and an address shown
/// there would be harvested.
///
/// ```
/// use comment_wire::author_name;
/// assert_eq!(author_name(Some("  Jane Doe "), "jane@example.com"), "Jane Doe");
/// assert_eq!(author_name(None, "jane@example.com"), "jane");
/// assert_eq!(author_name(Some(" "), ""), "Anonymous");
/// ```
pub fn author_name(full_name: Option<&str>, email: &str) -> String {
    let full_name = full_name.map(str::trim).filter(|name| !name.is_empty());
    let local_part = email
        .split('@')
        .next()
        .map(str::trim)
        .filter(|part| !part.is_empty());
    let name = full_name.or(local_part).unwrap_or("Anonymous");
    name.chars().take(MAX_NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
