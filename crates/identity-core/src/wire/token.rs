//! The token response of `POST /token` and `POST /verify`.

use serde::{de, Deserialize, Deserializer, Serialize};

/// GoTrue's `AccessTokenResponse`: exactly four keys, no `user`, no `expires_at`.
///
/// `expires_in` is read from a number or from a numeric string, because gotrue-js stores the
/// OAuth fragment values as strings in `gotrue.user`; it is always written as a number.
///
/// ```
/// use identity_core::wire::TokenResponse;
/// let t: TokenResponse = serde_json::from_str(
///     r#"{"access_token":"a.b.c","token_type":"bearer","expires_in":"3600","refresh_token":"r"}"#,
/// ).unwrap();
/// assert_eq!(t.expires_in, 3600);
/// assert_eq!(
///     serde_json::to_string(&t).unwrap(),
///     r#"{"access_token":"a.b.c","token_type":"bearer","expires_in":3600,"refresh_token":"r"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The HS256 JWT.
    pub access_token: String,
    /// Always `"bearer"`.
    #[serde(default = "bearer")]
    pub token_type: String,
    /// Lifetime of the access token in seconds (`JWT_EXP`, default 3600).
    #[serde(deserialize_with = "number_or_numeric_string")]
    pub expires_in: u64,
    /// The opaque rotating refresh token (22 base64url characters from GoTrue).
    pub refresh_token: String,
}

impl TokenResponse {
    /// A bearer token response.
    pub fn bearer(
        access_token: impl Into<String>,
        expires_in: u64,
        refresh_token: impl Into<String>,
    ) -> Self {
        Self {
            access_token: access_token.into(),
            token_type: bearer(),
            expires_in,
            refresh_token: refresh_token.into(),
        }
    }
}

/// The token type GoTrue always sends.
pub const BEARER: &str = "bearer";

fn bearer() -> String {
    BEARER.to_owned()
}

pub(crate) fn number_or_numeric_string<'de, D>(deserializer: D) -> Result<u64, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(u64),
        Text(String),
    }
    match Raw::deserialize(deserializer)? {
        Raw::Number(n) => Ok(n),
        Raw::Text(s) => s
            .parse()
            .map_err(|_| de::Error::custom("expires_in is not a whole number of seconds")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gotrue_token_response_round_trips() {
        let text = r#"{"access_token":"x.y.z","token_type":"bearer","expires_in":3600,"refresh_token":"Iyo9xHvsGVbW-9A9v4sDmQ"}"#;
        let t: TokenResponse = serde_json::from_str(text).unwrap();
        assert_eq!(
            t,
            TokenResponse::bearer("x.y.z", 3600, "Iyo9xHvsGVbW-9A9v4sDmQ")
        );
        assert_eq!(serde_json::to_string(&t).unwrap(), text);
    }

    #[test]
    fn non_numeric_expires_in_is_refused() {
        let text =
            r#"{"access_token":"a","token_type":"bearer","expires_in":"soon","refresh_token":"r"}"#;
        assert!(serde_json::from_str::<TokenResponse>(text).is_err());
        let text =
            r#"{"access_token":"a","token_type":"bearer","expires_in":-1,"refresh_token":"r"}"#;
        assert!(serde_json::from_str::<TokenResponse>(text).is_err());
    }

    #[test]
    fn missing_refresh_token_is_refused() {
        let text = r#"{"access_token":"a","token_type":"bearer","expires_in":1}"#;
        assert!(serde_json::from_str::<TokenResponse>(text).is_err());
    }
}
