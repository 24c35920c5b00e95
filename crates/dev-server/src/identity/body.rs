//! Reading JSON bodies the way GoTrue reports failures (`Could not read ... params: <err>`).

use serde::de::DeserializeOwned;

use super::error::IdentityApiError;

/// Decodes a JSON body. An empty body reads as Go's `EOF`; a bad one gives 400
/// `<prefix>: <serde error>`. Content-Type is not checked, as in GoTrue.
pub fn json<T: DeserializeOwned>(bytes: &[u8], prefix: &str) -> Result<T, IdentityApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IdentityApiError::bad_request(format!("{prefix}: EOF")));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| IdentityApiError::bad_request(format!("{prefix}: {e}")))
}

/// A light email check: one `@`, something on both sides, a dot-free-or-not domain without
/// spaces. GoTrue without SMTP accepts any non-empty string; a typo'd address that can never
/// receive mail helps no one, so the local stack refuses obvious junk with GoTrue's 422.
pub fn validate_email(email: &str) -> Result<(), IdentityApiError> {
    let invalid = |why: &str| {
        IdentityApiError::unprocessable(format!("Unable to validate email address: {why}"))
    };
    if email.is_empty() {
        return Err(IdentityApiError::unprocessable(
            "An email address is required",
        ));
    }
    if email.len() > 254 {
        return Err(invalid("address is too long"));
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("address contains whitespace"));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(invalid("mail: missing '@' or angle-addr"));
    };
    if local.is_empty() || domain.is_empty() || local.contains('@') {
        return Err(invalid("mail: no address"));
    }
    if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
        return Err(invalid("mail: invalid domain"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_body_reads_as_eof() {
        let e = json::<serde_json::Value>(b"", "Could not read Signup params").unwrap_err();
        assert_eq!(
            e.to_string(),
            "400 Bad Request: Could not read Signup params: EOF"
        );
    }

    #[test]
    fn emails() {
        assert!(validate_email("a@b.c").is_ok());
        assert!(validate_email("a+tag@localhost").is_ok());
        for bad in ["", "ab", "@b", "a@", "a b@c.d", "a@b@c", "a@.b", "a@b..c"] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
