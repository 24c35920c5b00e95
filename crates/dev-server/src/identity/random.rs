//! What the identity API draws from the operating system's CSPRNG: GoTrue-style secure
//! tokens (refresh, confirmation, recovery, invite, email change), user ids, salts and the
//! generated JWT secret; and the constant-time comparison such secrets are checked with.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The operating system gave no randomness.
#[derive(Debug, thiserror::Error)]
#[error("no randomness from the operating system: {0}")]
pub struct RandomError(String);

/// Fills `buf` from the OS CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), RandomError> {
    getrandom::getrandom(buf).map_err(|e| RandomError(e.to_string()))
}

/// A GoTrue-style secure token: 16 random bytes, base64url without padding (22 chars).
pub fn random_token() -> Result<String, RandomError> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A new UUID v4 user id.
pub fn new_user_id() -> Result<String, RandomError> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes)?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string())
}

/// Constant-time comparison for secrets (single-use tokens, the operator token): the time
/// taken does not depend on where the first difference is.
pub fn tokens_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_look_like_gotrues() {
        let t = random_token().unwrap();
        assert_eq!(t.len(), 22);
        assert!(t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(t, random_token().unwrap());
    }

    #[test]
    fn token_comparison() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "abcd"));
        assert!(!tokens_match("", "a"));
    }

    #[test]
    fn user_ids_are_uuid_v4() {
        let id = new_user_id().unwrap();
        let parsed = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
    }
}
