//! HS256 signing and strict verification (feature `sign`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::decode::{base64url, json, Segments};
use super::{Claims, JwtError, Part, ALGORITHM, HEADER_JSON, MAX_TOKEN_LEN};

type HmacSha256 = Hmac<Sha256>;

/// The header fields the verifier looks at. `typ` and `kid` are informational and ignored:
/// GoTrue's own parser ignores `kid` (tokens from before 2026-02 have none), and the HMAC,
/// not the key id, proves who issued the token.
#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

fn mac(secret: &[u8]) -> Result<HmacSha256, JwtError> {
    if secret.is_empty() {
        return Err(JwtError::EmptySecret);
    }
    // HMAC accepts keys of any length, so this cannot fail for a non-empty secret.
    HmacSha256::new_from_slice(secret).map_err(|_| JwtError::EmptySecret)
}

/// Signs `claims` as GoTrue does: HS256 with the header
/// `{"alg":"HS256","kid":"nf-ident","typ":"JWT"}`, unpadded base64url.
///
/// Any `Serialize` works: [`Claims`] for users, [`SystemClaims`](super::SystemClaims) for the
/// functions' admin token. Refuses an empty secret and a result longer than
/// [`MAX_TOKEN_LEN`] (which [`verify`] would refuse).
///
/// ```
/// use identity_core::jwt::{encode, verify, SystemClaims};
/// let token = encode(&SystemClaims::new(2_000_000_000), b"secret").unwrap();
/// assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsImtpZCI6Im5mLWlkZW50IiwidHlwIjoiSldUIn0."));
/// assert_eq!(verify(&token, b"secret", 1_767_225_600).unwrap().sub, "0");
/// ```
pub fn encode<T: Serialize>(claims: &T, secret: &[u8]) -> Result<String, JwtError> {
    let mut mac = mac(secret)?;
    let payload = serde_json::to_vec(claims).map_err(|e| JwtError::Json {
        part: Part::Payload,
        reason: e.to_string(),
    })?;
    let mut token = URL_SAFE_NO_PAD.encode(HEADER_JSON);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(payload, &mut token);
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::TooLong {
            len: token.len(),
            max: MAX_TOKEN_LEN,
        });
    }
    mac.update(token.as_bytes());
    let signature = mac.finalize().into_bytes();
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut token);
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::TooLong {
            len: token.len(),
            max: MAX_TOKEN_LEN,
        });
    }
    Ok(token)
}

/// Verifies a GoTrue access token and returns its claims.
///
/// In order: size (at most [`MAX_TOKEN_LEN`]) and shape; header `alg` must be exactly `HS256`
/// (so `none`, `HS512`, `RS256`, ... are refused) and no `crit`; the HMAC-SHA256 over
/// `header.payload` is compared in constant time; only then is the payload parsed. `exp` is
/// required and the token is expired from that second on; `nbf` and `iat`, when present, must
/// not lie after `now`. `aud` is not compared here (GoTrue compares it per request).
///
/// ```
/// use identity_core::jwt::{encode, verify, JwtError, SystemClaims};
/// let token = encode(&SystemClaims::new(100), b"secret").unwrap();
/// assert_eq!(verify(&token, b"other", 50).unwrap_err(), JwtError::Signature);
/// assert_eq!(verify(&token, b"secret", 100).unwrap_err(), JwtError::Expired { exp: 100, now: 100 });
/// ```
pub fn verify(token: &str, secret: &[u8], now: i64) -> Result<Claims, JwtError> {
    let mut mac = mac(secret)?;
    let segments = Segments::split(token)?;

    let header: Header = json(&base64url(segments.header, Part::Header)?, Part::Header)?;
    if header.alg != ALGORITHM {
        return Err(JwtError::Algorithm(header.alg));
    }
    if header.crit.is_some() {
        return Err(JwtError::CriticalHeader);
    }

    let signature = base64url(segments.signature, Part::Signature)?;
    mac.update(segments.signing_input.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| JwtError::Signature)?;

    // The payload is authentic from here on.
    let claims: Claims = json(&base64url(segments.payload, Part::Payload)?, Part::Payload)?;
    if now >= claims.exp {
        return Err(JwtError::Expired {
            exp: claims.exp,
            now,
        });
    }
    if claims.nbf.is_some_and(|nbf| now < nbf) {
        return Err(JwtError::NotYetValid);
    }
    if claims.iat.is_some_and(|iat| now < iat) {
        return Err(JwtError::IssuedInFuture);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::SystemClaims;
    use crate::wire::AppMetadata;
    use proptest::prelude::*;
    use serde_json::json;

    const SECRET: &[u8] = b"super-secret-jwt-key";
    const NOW: i64 = 1_767_225_600;

    fn user_claims(exp: i64) -> Claims {
        serde_json::from_value(json!({
            "exp": exp, "sub": "5d6a9a6e-0000-4000-8000-000000000001", "email": "jane@example.com",
            "app_metadata": {"provider": "email", "roles": ["admin"]},
            "user_metadata": {"full_name": "Jane"}
        }))
        .unwrap()
    }

    fn b64(bytes: impl AsRef<[u8]>) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Builds a token with any header and payload, signed with HS256 over what is given.
    fn forge(header: &str, payload: &str, secret: &[u8]) -> String {
        let input = format!("{}.{}", b64(header), b64(payload));
        let mut mac = HmacSha256::new_from_slice(secret).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", b64(mac.finalize().into_bytes()))
    }

    #[test]
    fn header_is_exactly_gotrues() {
        let token = encode(&user_claims(NOW + 3600), SECRET).unwrap();
        let header = token.split('.').next().unwrap();
        assert_eq!(
            URL_SAFE_NO_PAD.decode(header).unwrap(),
            br#"{"alg":"HS256","kid":"nf-ident","typ":"JWT"}"#
        );
    }

    #[test]
    fn payload_is_exactly_gotrues() {
        let token = encode(&user_claims(NOW + 3600), SECRET).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(
            text,
            format!(
                r#"{{"exp":{},"sub":"5d6a9a6e-0000-4000-8000-000000000001","email":"jane@example.com","app_metadata":{{"provider":"email","roles":["admin"]}},"user_metadata":{{"full_name":"Jane"}}}}"#,
                NOW + 3600
            )
        );
    }

    #[test]
    fn valid_token_verifies() {
        let claims = user_claims(NOW + 3600);
        let token = encode(&claims, SECRET).unwrap();
        assert_eq!(verify(&token, SECRET, NOW), Ok(claims));
    }

    #[test]
    fn token_without_kid_verifies() {
        let token = forge(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &format!(r#"{{"exp":{},"sub":"u"}}"#, NOW + 1),
            SECRET,
        );
        assert!(verify(&token, SECRET, NOW).is_ok());
    }

    #[test]
    fn alg_none_is_refused() {
        let payload = b64(format!(r#"{{"exp":{},"sub":"u"}}"#, NOW + 60));
        for header in [r#"{"alg":"none","typ":"JWT"}"#, r#"{"alg":"None"}"#] {
            let token = format!("{}.{payload}.", b64(header));
            assert!(matches!(
                verify(&token, SECRET, NOW),
                Err(JwtError::Algorithm(_))
            ));
        }
    }

    #[test]
    fn other_algorithms_are_refused_even_with_a_valid_hmac() {
        let payload = format!(r#"{{"exp":{},"sub":"u"}}"#, NOW + 60);
        for alg in ["HS512", "HS384", "RS256", "ES256", "hs256", ""] {
            let token = forge(&format!(r#"{{"alg":"{alg}"}}"#), &payload, SECRET);
            assert_eq!(
                verify(&token, SECRET, NOW),
                Err(JwtError::Algorithm(alg.to_owned()))
            );
        }
        let token = forge(r#"{"typ":"JWT"}"#, &payload, SECRET);
        assert!(matches!(
            verify(&token, SECRET, NOW),
            Err(JwtError::Json {
                part: Part::Header,
                ..
            })
        ));
    }

    #[test]
    fn duplicate_alg_in_header_is_refused() {
        let payload = format!(r#"{{"exp":{},"sub":"u"}}"#, NOW + 60);
        let token = forge(r#"{"alg":"none","alg":"HS256"}"#, &payload, SECRET);
        assert!(matches!(
            verify(&token, SECRET, NOW),
            Err(JwtError::Json {
                part: Part::Header,
                ..
            })
        ));
    }

    #[test]
    fn critical_header_extensions_are_refused() {
        let payload = format!(r#"{{"exp":{},"sub":"u"}}"#, NOW + 60);
        let token = forge(
            r#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
            &payload,
            SECRET,
        );
        assert_eq!(verify(&token, SECRET, NOW), Err(JwtError::CriticalHeader));
    }

    #[test]
    fn wrong_secret_is_refused() {
        let token = encode(&user_claims(NOW + 60), SECRET).unwrap();
        assert_eq!(
            verify(&token, b"another-secret", NOW),
            Err(JwtError::Signature)
        );
    }

    #[test]
    fn empty_secret_is_refused_both_ways() {
        assert_eq!(encode(&user_claims(NOW), b""), Err(JwtError::EmptySecret));
        let token = encode(&user_claims(NOW + 60), SECRET).unwrap();
        assert_eq!(verify(&token, b"", NOW), Err(JwtError::EmptySecret));
    }

    #[test]
    fn expired_token_is_refused_with_gotrue_wording() {
        let token = encode(&user_claims(NOW - 62), SECRET).unwrap();
        let err = verify(&token, SECRET, NOW).unwrap_err();
        assert_eq!(err.to_string(), "token is expired by 1m2s");
    }

    #[test]
    fn token_without_exp_is_refused_even_when_signed() {
        let token = forge(r#"{"alg":"HS256"}"#, r#"{"sub":"u"}"#, SECRET);
        assert!(matches!(
            verify(&token, SECRET, NOW),
            Err(JwtError::Json {
                part: Part::Payload,
                ..
            })
        ));
    }

    #[test]
    fn nbf_and_iat_in_the_future_are_refused() {
        let nbf = forge(
            r#"{"alg":"HS256"}"#,
            &format!(r#"{{"exp":{},"nbf":{},"sub":"u"}}"#, NOW + 60, NOW + 10),
            SECRET,
        );
        assert_eq!(verify(&nbf, SECRET, NOW), Err(JwtError::NotYetValid));
        let iat = forge(
            r#"{"alg":"HS256"}"#,
            &format!(r#"{{"exp":{},"iat":{},"sub":"u"}}"#, NOW + 60, NOW + 10),
            SECRET,
        );
        assert_eq!(verify(&iat, SECRET, NOW), Err(JwtError::IssuedInFuture));
    }

    #[test]
    fn tampered_payload_is_refused() {
        let token = encode(&user_claims(NOW + 60), SECRET).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut evil = user_claims(NOW + 60);
        evil.app_metadata = AppMetadata {
            roles: vec!["admin".into(), "owner".into()],
            ..evil.app_metadata
        };
        parts[1] = b64(serde_json::to_vec(&evil).unwrap());
        assert_eq!(
            verify(&parts.join("."), SECRET, NOW),
            Err(JwtError::Signature)
        );
    }

    #[test]
    fn truncated_tokens_are_refused() {
        let token = encode(&user_claims(NOW + 60), SECRET).unwrap();
        for cut in 0..token.len() {
            assert!(verify(&token[..cut], SECRET, NOW).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn oversized_tokens_are_refused_and_never_issued() {
        let mut claims = user_claims(NOW + 60);
        claims
            .user_metadata
            .insert("bio".into(), "x".repeat(MAX_TOKEN_LEN).into());
        assert!(matches!(
            encode(&claims, SECRET),
            Err(JwtError::TooLong { .. })
        ));
        let huge = forge(
            r#"{"alg":"HS256"}"#,
            &format!(
                r#"{{"exp":{},"sub":"{}"}}"#,
                NOW + 60,
                "u".repeat(MAX_TOKEN_LEN)
            ),
            SECRET,
        );
        assert!(matches!(
            verify(&huge, SECRET, NOW),
            Err(JwtError::TooLong { .. })
        ));
    }

    #[test]
    fn extra_segments_are_refused() {
        let token = encode(&user_claims(NOW + 60), SECRET).unwrap();
        assert_eq!(
            verify(&format!("{token}.x"), SECRET, NOW),
            Err(JwtError::Malformed)
        );
    }

    #[test]
    fn system_token_verifies_as_claims_with_sub_zero() {
        let token = encode(&SystemClaims::new(NOW + 60), SECRET).unwrap();
        let claims = verify(&token, SECRET, NOW).unwrap();
        assert!(claims.is_system());
        assert!(claims.email.is_empty());
    }

    fn arb_claims() -> impl Strategy<Value = Claims> {
        (
            "[a-z]{0,6}",
            (NOW + 1)..(NOW + 10_000_000),
            "[0-9a-f-]{1,36}",
            ".{0,30}",
            proptest::collection::vec("[a-z]{1,10}", 0..4),
            proptest::collection::btree_map("[a-z_]{1,10}", ".{0,20}", 0..4),
        )
            .prop_map(|(aud, exp, sub, email, roles, meta)| {
                let mut claims: Claims =
                    serde_json::from_value(json!({"exp": exp, "sub": sub})).unwrap();
                claims.aud = aud;
                claims.email = email;
                claims.app_metadata.provider = Some("email".into());
                claims.app_metadata.roles = roles;
                claims.user_metadata = meta.into_iter().map(|(k, v)| (k, v.into())).collect();
                claims
            })
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Text shaped like a token, never signed with the secret: refused, never a panic.
        #[test]
        fn token_like_text_is_refused_without_panic(text in "[A-Za-z0-9_.=-]{0,300}") {
            prop_assert!(verify(&text, SECRET, NOW).is_err());
        }

        #[test]
        fn encode_then_verify_round_trips(claims in arb_claims(), secret in proptest::collection::vec(any::<u8>(), 1..64)) {
            let token = encode(&claims, &secret).unwrap();
            prop_assert_eq!(verify(&token, &secret, NOW), Ok(claims));
        }

        #[test]
        fn changing_any_byte_is_refused(claims in arb_claims(), index in any::<prop::sample::Index>(), step in 1u8..=255) {
            let token = encode(&claims, SECRET).unwrap();
            let mut bytes = token.clone().into_bytes();
            let i = index.index(bytes.len());
            // Another byte by construction: discarding equal ones would run out of discards
            // in a long `cargo xtask fuzz` run.
            bytes[i] = bytes[i].wrapping_add(step);
            let tampered = String::from_utf8_lossy(&bytes).into_owned();
            prop_assert!(tampered != token);
            prop_assert!(verify(&tampered, SECRET, NOW).is_err());
        }

        #[test]
        fn swapping_in_a_base64url_character_is_refused(claims in arb_claims(), index in any::<prop::sample::Index>(), pick in any::<prop::sample::Index>()) {
            let token = encode(&claims, SECRET).unwrap();
            let i = index.index(token.len());
            // A base64url character other than the one there, by construction.
            let others: Vec<char> = ('A'..='Z').chain('a'..='z').chain('0'..='9').chain(['-', '_'])
                .filter(|&c| c != char::from(token.as_bytes()[i]))
                .collect();
            let mut tampered = token.clone();
            tampered.replace_range(i..=i, others[pick.index(others.len())].encode_utf8(&mut [0; 4]));
            prop_assert!(tampered != token);
            prop_assert!(verify(&tampered, SECRET, NOW).is_err());
        }

        #[test]
        fn any_other_secret_is_refused(claims in arb_claims(), other in proptest::collection::vec(any::<u8>(), 1..64)) {
            prop_assume!(other != SECRET);
            let token = encode(&claims, SECRET).unwrap();
            prop_assert_eq!(verify(&token, &other, NOW), Err(JwtError::Signature));
        }

        #[test]
        fn verify_never_panics(text in ".{0,400}") {
            let _ = verify(&text, SECRET, NOW);
        }
    }
}
