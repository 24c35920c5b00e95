//! Reading a token without checking its signature (what a browser can do).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;

use super::{Claims, JwtError, Part, MAX_TOKEN_LEN};

/// A token cut into its parts. Refuses empty and oversized tokens and anything that is not
/// exactly three dot-separated parts with a non-empty header and payload.
// Without `sign` only the payload is read.
#[cfg_attr(not(feature = "sign"), allow(dead_code))]
pub(crate) struct Segments<'a> {
    pub header: &'a str,
    pub payload: &'a str,
    pub signature: &'a str,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: &'a str,
}

impl<'a> Segments<'a> {
    pub fn split(token: &'a str) -> Result<Self, JwtError> {
        if token.is_empty() {
            return Err(JwtError::Empty);
        }
        if token.len() > MAX_TOKEN_LEN {
            return Err(JwtError::TooLong {
                len: token.len(),
                max: MAX_TOKEN_LEN,
            });
        }
        let (signing_input, signature) = token.rsplit_once('.').ok_or(JwtError::Malformed)?;
        let (header, payload) = signing_input.split_once('.').ok_or(JwtError::Malformed)?;
        if header.is_empty() || payload.is_empty() || payload.contains('.') {
            return Err(JwtError::Malformed);
        }
        Ok(Self {
            header,
            payload,
            signature,
            signing_input,
        })
    }
}

/// Strict unpadded base64url, as JWS requires (padding and non-canonical trailing bits are
/// refused, so two different strings never decode to the same bytes).
pub(crate) fn base64url(text: &str, part: Part) -> Result<Vec<u8>, JwtError> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| JwtError::Base64(part))
}

/// Read as text first: the browser reads every other JSON (stored sessions, API answers) with
/// `from_str`, and reading these bytes the same way lets the wasm keep one copy of each reader
/// instead of a second one for byte slices.
pub(crate) fn json<T: DeserializeOwned>(bytes: &[u8], part: Part) -> Result<T, JwtError> {
    let reason = |e: &dyn std::fmt::Display| JwtError::Json {
        part,
        reason: e.to_string(),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| reason(&e))?;
    serde_json::from_str(text).map_err(|e| reason(&e))
}

/// Reads the claims of a token **without verifying it**. For the browser, which has no secret
/// and only needs `exp` to schedule refreshes; never base an access decision on the result.
///
/// ```
/// use identity_core::jwt::decode_unverified;
/// // {"alg":"HS256","typ":"JWT"} . {"exp":1767225600,"sub":"u1"} . (signature not checked)
/// let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3NjcyMjU2MDAsInN1YiI6InUxIn0.x";
/// let claims = decode_unverified(token).unwrap();
/// assert_eq!(claims.exp, 1_767_225_600);
/// assert_eq!(claims.sub, "u1");
/// assert!(decode_unverified("not a token").is_err());
/// ```
pub fn decode_unverified(token: &str) -> Result<Claims, JwtError> {
    let segments = Segments::split(token)?;
    json(&base64url(segments.payload, Part::Payload)?, Part::Payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn b64(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text)
    }

    #[test]
    fn reads_claims_from_any_three_part_token() {
        let token = format!(
            "{}.{}.",
            b64(r#"{"alg":"none"}"#),
            b64(r#"{"exp":5,"sub":"0"}"#)
        );
        let claims = decode_unverified(&token).unwrap();
        assert_eq!((claims.exp, claims.sub.as_str()), (5, "0"));
    }

    #[test]
    fn refuses_wrong_shapes() {
        assert_eq!(decode_unverified("").unwrap_err(), JwtError::Empty);
        for bad in ["abc", "a.b", "a.b.c.d", ".b.c", "a..c"] {
            assert_eq!(
                decode_unverified(bad).unwrap_err(),
                JwtError::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_padding_and_standard_alphabet() {
        let payload = URL_SAFE_NO_PAD.encode(r#"{"exp":5,"sub":"0"}"#);
        let padded = format!("e30.{payload}=.x");
        assert_eq!(
            decode_unverified(&padded).unwrap_err(),
            JwtError::Base64(Part::Payload)
        );
        assert_eq!(
            decode_unverified("e30.a+b/.x").unwrap_err(),
            JwtError::Base64(Part::Payload)
        );
    }

    #[test]
    fn refuses_oversized_tokens_before_decoding() {
        let token = "a".repeat(MAX_TOKEN_LEN + 1);
        assert!(matches!(
            decode_unverified(&token),
            Err(JwtError::TooLong { .. })
        ));
    }

    #[test]
    fn payload_without_exp_is_refused() {
        let token = format!("e30.{}.x", b64(r#"{"sub":"u"}"#));
        assert!(matches!(
            decode_unverified(&token),
            Err(JwtError::Json {
                part: Part::Payload,
                ..
            })
        ));
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics(text in ".{0,300}") {
            let _ = decode_unverified(&text);
        }

        #[test]
        fn never_panics_on_jwt_like_input(text in "[A-Za-z0-9_.=-]{0,300}") {
            let _ = decode_unverified(&text);
        }
    }
}
