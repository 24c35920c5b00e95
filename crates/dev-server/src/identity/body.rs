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
}
