//! The mark of a real Identity event: GoTrue's `x-webhook-signature`, and who can check what.
//!
//! # How Netlify delivers `identity-signup`
//!
//! GoTrue calls an event function as a *function hook* (`api/hooks.go` in `netlify/gotrue`;
//! `reference/gotrue-api.md` §10.2): `POST <SITE_URL>/.netlify/functions/identity-signup`, body
//! `{"event","instance_id","user"}`, header `x-netlify-event: identity_signup` and header
//! `x-webhook-signature`, an HS256 JWT with the claims `{iat, sub: <instance_id>, iss: "gotrue",
//! sha256: <hex SHA-256 of the body>}` signed with the site's Identity JWT secret. The request
//! has no `Authorization`, so the client context holds `identity` but no `user`: the context
//! cannot tell an event from a browser. The URL is the site's public one, so a direct request
//! from anyone reaches the same address — and Netlify's "Functions and Identity" page says what
//! happens then: "To prevent external requests to event functions, Netlify generates a JSON web
//! signature (JWS) for each event triggered by our platform, and verifies that the signature is
//! correct before invoking an associated event function" (a direct call gets 403 and never runs
//! the function).
//!
//! So there are two checks, at two places, as on Netlify:
//!
//! - **The platform** holds the JWT secret and verifies the signature fully before invoking
//!   ([`EventSignature::verify`]). The local stack does this in its functions router, with its
//!   identity secret, and answers 403 without running the function otherwise.
//! - **The function** never gets the secret (Netlify does not hand the Identity JWT secret to
//!   functions), so it checks what it can without it ([`EventSignature::check_binding`]): the
//!   signature is there, is GoTrue's, names the instance the body names and covers exactly this
//!   body. That refuses every caller who is not replaying a platform-signed request — a browser,
//!   `curl`, a page — should the function ever run without the platform's check in front, and it
//!   is one more reason the handler stays free of side effects.

use sha2::{Digest, Sha256};

use hmac::{Hmac, Mac};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The header GoTrue signs its hook calls in.
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";

/// GoTrue's `iss` in the signature.
pub const ISSUER: &str = "gotrue";

/// How old a signature the platform check accepts, in seconds. GoTrue signs each attempt
/// afresh (3 attempts, 5 s timeout each), so a real call is seconds old.
pub const MAX_AGE_SECS: i64 = 300;

/// Clock difference tolerated for a signature from the future, in seconds.
pub const MAX_SKEW_SECS: i64 = 30;

/// The `{"alg":"HS256","typ":"JWT"}` header GoTrue's jwt-go writes.
const HEADER_JSON: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Longest signature header read (a real one is about 250 bytes).
const MAX_LEN: usize = 2048;

/// Why a request is not a real Identity event. Never sent to the caller (who gets one
/// generic 403); logged for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAnEvent {
    /// No `x-webhook-signature`.
    #[error("no x-webhook-signature header")]
    Unsigned,
    /// Not three base64url parts of JSON, or too long.
    #[error("the signature is not a JWT")]
    Malformed,
    /// `alg` is not HS256.
    #[error("the signature is not HS256")]
    Algorithm,
    /// `iss` is not GoTrue's.
    #[error("the signature was not issued by GoTrue")]
    Issuer,
    /// `sha256` does not match the body.
    #[error("the signature covers a different body")]
    Body,
    /// `sub` is not the body's `instance_id`.
    #[error("the signature names another instance")]
    Instance,
    /// The HMAC does not match the secret.
    #[error("the signature does not verify")]
    Signature,
    /// `iat` is too old or in the future.
    #[error("the signature is stale or from the future")]
    Stale,
}

/// The claims of GoTrue's `x-webhook-signature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSignature {
    /// When GoTrue signed the call.
    pub iat: i64,
    /// The GoTrue instance id (the body's `instance_id`).
    pub sub: String,
    /// Always [`ISSUER`].
    pub iss: String,
    /// The body's SHA-256, lowercase hex.
    pub sha256: String,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

/// Lowercase hex SHA-256 of `body`, as GoTrue writes it in the signature.
pub fn body_sha256(body: &[u8]) -> String {
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `instance_id` a hook body names (empty when absent or not a JSON object).
fn instance_of(body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct Instance {
        #[serde(default)]
        instance_id: String,
    }
    serde_json::from_slice::<Instance>(body)
        .map(|i| i.instance_id)
        .unwrap_or_default()
}

impl EventSignature {
    /// The signature GoTrue would send with `body` at `now` for `instance_id`.
    pub fn for_body(body: &[u8], instance_id: &str, now: i64) -> Self {
        Self {
            iat: now,
            sub: instance_id.to_owned(),
            iss: ISSUER.to_owned(),
            sha256: body_sha256(body),
        }
    }

    /// Signs as GoTrue signs a function hook: HS256 with the Identity JWT secret. `None` for
    /// an empty secret.
    ///
    /// ```
    /// use functions::event_signature::EventSignature;
    /// let body = br#"{"event":"signup","instance_id":"i","user":{}}"#;
    /// let token = EventSignature::for_body(body, "i", 100).sign(b"secret").unwrap();
    /// assert!(EventSignature::verify(&token, body, b"secret", 100).is_ok());
    /// assert!(EventSignature::verify(&token, body, b"other", 100).is_err());
    /// ```
    pub fn sign(&self, secret: &[u8]) -> Option<String> {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret)
            .ok()
            .filter(|_| !secret.is_empty())?;
        let payload = serde_json::to_vec(self).ok()?;
        let mut token = URL_SAFE_NO_PAD.encode(HEADER_JSON);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(payload, &mut token);
        mac.update(token.as_bytes());
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(mac.finalize().into_bytes(), &mut token);
        Some(token)
    }

    /// What a function can check without the secret: `token` is an HS256 JWT issued by
    /// GoTrue for the instance the body names, over exactly `body`. Not proof (anyone can
    /// compute these claims); the platform's [`verify`](Self::verify) is.
    ///
    /// ```
    /// use functions::event_signature::{EventSignature, NotAnEvent};
    /// let body = br#"{"event":"signup","instance_id":"i","user":{}}"#;
    /// let token = EventSignature::for_body(body, "i", 100).sign(b"secret").unwrap();
    /// assert!(EventSignature::check_binding(Some(&token), body).is_ok());
    /// assert_eq!(EventSignature::check_binding(Some(&token), b"{}"), Err(NotAnEvent::Body));
    /// assert_eq!(EventSignature::check_binding(None, body), Err(NotAnEvent::Unsigned));
    /// ```
    pub fn check_binding(token: Option<&str>, body: &[u8]) -> Result<Self, NotAnEvent> {
        let token = token.ok_or(NotAnEvent::Unsigned)?;
        let (signing_input, _) = split(token)?;
        let (header, payload) = signing_input.split_once('.').ok_or(NotAnEvent::Malformed)?;
        let header: Header = decode_json(header)?;
        if header.alg != "HS256" {
            return Err(NotAnEvent::Algorithm);
        }
        let claims: Self = decode_json(payload)?;
        if claims.iss != ISSUER {
            return Err(NotAnEvent::Issuer);
        }
        // Compared as lowercase hex: GoTrue writes `fmt.Sprintf("%x", ...)`.
        if claims.sha256 != body_sha256(body) {
            return Err(NotAnEvent::Body);
        }
        if claims.sub != instance_of(body) {
            return Err(NotAnEvent::Instance);
        }
        Ok(claims)
    }

    /// The platform's check: [`check_binding`](Self::check_binding), then the HMAC with the
    /// Identity JWT `secret` (constant time), then `iat` within [`MAX_AGE_SECS`] of `now`.
    pub fn verify(token: &str, body: &[u8], secret: &[u8], now: i64) -> Result<Self, NotAnEvent> {
        let claims = Self::check_binding(Some(token), body)?;
        let (signing_input, signature) = split(token)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| NotAnEvent::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret)
            .ok()
            .filter(|_| !secret.is_empty())
            .ok_or(NotAnEvent::Signature)?;
        mac.update(signing_input.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| NotAnEvent::Signature)?;
        if claims.iat > now + MAX_SKEW_SECS || claims.iat < now - MAX_AGE_SECS {
            return Err(NotAnEvent::Stale);
        }
        Ok(claims)
    }
}

/// `header.payload` and the signature part of a JWT.
fn split(token: &str) -> Result<(&str, &str), NotAnEvent> {
    if token.is_empty() || token.len() > MAX_LEN {
        return Err(NotAnEvent::Malformed);
    }
    let (signing_input, signature) = token.rsplit_once('.').ok_or(NotAnEvent::Malformed)?;
    match signing_input.split_once('.') {
        Some((h, p)) if !h.is_empty() && !p.is_empty() && !p.contains('.') => {
            Ok((signing_input, signature))
        }
        _ => Err(NotAnEvent::Malformed),
    }
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, NotAnEvent> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| NotAnEvent::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| NotAnEvent::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BODY: &[u8] = br#"{"event":"signup","instance_id":"00000000-0000-0000-0000-000000000000","user":{"id":"u"}}"#;
    const INSTANCE: &str = "00000000-0000-0000-0000-000000000000";
    const NOW: i64 = 1_767_225_600;

    fn signed(claims: &EventSignature) -> String {
        claims.sign(b"secret").unwrap()
    }

    #[test]
    fn a_gotrue_signature_binds_and_verifies() {
        let token = signed(&EventSignature::for_body(BODY, INSTANCE, NOW));
        assert!(EventSignature::check_binding(Some(&token), BODY).is_ok());
        assert!(EventSignature::verify(&token, BODY, b"secret", NOW + 10).is_ok());
    }

    #[test]
    fn another_issuer_or_instance_does_not_bind() {
        let mut claims = EventSignature::for_body(BODY, INSTANCE, NOW);
        claims.iss = "netlify".into();
        assert_eq!(
            EventSignature::check_binding(Some(&signed(&claims)), BODY),
            Err(NotAnEvent::Issuer)
        );
        let claims = EventSignature::for_body(BODY, "another", NOW);
        assert_eq!(
            EventSignature::check_binding(Some(&signed(&claims)), BODY),
            Err(NotAnEvent::Instance)
        );
    }

    #[test]
    fn the_wrong_secret_or_an_old_signature_fails_verification() {
        let token = signed(&EventSignature::for_body(BODY, INSTANCE, NOW));
        assert_eq!(
            EventSignature::verify(&token, BODY, b"guess", NOW),
            Err(NotAnEvent::Signature)
        );
        assert_eq!(
            EventSignature::verify(&token, BODY, b"", NOW),
            Err(NotAnEvent::Signature)
        );
        assert_eq!(
            EventSignature::verify(&token, BODY, b"secret", NOW + MAX_AGE_SECS + 1),
            Err(NotAnEvent::Stale)
        );
        assert_eq!(
            EventSignature::verify(&token, BODY, b"secret", NOW - MAX_SKEW_SECS - 1),
            Err(NotAnEvent::Stale)
        );
    }

    #[test]
    fn alg_none_is_refused() {
        let claims = EventSignature::for_body(BODY, INSTANCE, NOW);
        let token = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap())
        );
        assert_eq!(
            EventSignature::check_binding(Some(&token), BODY),
            Err(NotAnEvent::Algorithm)
        );
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// No header text, however shaped, panics the check or passes it for a body it does
        /// not cover.
        #[test]
        fn any_header_text_is_refused_without_panic(token in "[A-Za-z0-9_.=-]{0,300}") {
            prop_assert!(EventSignature::check_binding(Some(&token), BODY).is_err());
            prop_assert!(EventSignature::verify(&token, BODY, b"secret", NOW).is_err());
        }

        /// A signature binds one body: any other body is refused.
        #[test]
        fn a_signature_covers_only_its_body(other in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assume!(other != BODY);
            let token = signed(&EventSignature::for_body(BODY, INSTANCE, NOW));
            prop_assert!(EventSignature::check_binding(Some(&token), &other).is_err());
        }
    }
}
