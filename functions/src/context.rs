//! Who is calling: Netlify's client context, `custom["netlify"]`.
//!
//! Netlify puts base64 (standard alphabet) JSON in the Lambda client context:
//! `{"identity": {"url": "...", "token": "<admin JWT>"}, "user": {<claims>}, "site_url": "..."}`.
//! `user` is there only when the request carried a valid `Authorization: Bearer` token. Anything
//! missing or unreadable means *no user*; nothing is guessed. The admin token is kept in an
//! [`AdminToken`], which never prints.
//!
//! ```
//! use functions::NetlifyContext;
//! use identity_core::jwt::Claims;
//! let claims: Claims = serde_json::from_str(r#"{"exp":4102444800,"sub":"u1","email":"a@b.c"}"#).unwrap();
//! let encoded = NetlifyContext::for_user(claims).encode();
//! let ctx = NetlifyContext::decode(&encoded, 1_767_225_600);
//! assert_eq!(ctx.user.unwrap().sub, "u1");
//! assert!(NetlifyContext::decode("not base64!", 0).user.is_none());
//! ```

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use identity_core::jwt::Claims;
use serde::{Deserialize, Serialize};

/// The key of the client context's `custom` map that holds Netlify's context.
pub const CUSTOM_KEY: &str = "netlify";

/// The short-lived GoTrue admin token Netlify gives functions. Never printed or logged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AdminToken(String);

impl AdminToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token, for an `Authorization: Bearer` header to the identity admin API.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(<redacted>)")
    }
}

/// The identity instance of the site and the admin token for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityEndpoint {
    /// `https://<site>/.netlify/identity`.
    pub url: String,
    /// Admin token for `{url}/admin/*`.
    pub token: AdminToken,
}

/// Netlify's client context, parsed. Built by the Lambda adapter on Netlify and by the local
/// stack on a laptop (with [`NetlifyContext::encode`], so both produce the same bytes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetlifyContext {
    /// The identity instance, when Identity is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityEndpoint>,
    /// The verified claims of the caller's token; `None` for anonymous callers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Claims>,
    /// The site's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
}

/// Only `identity` and `site_url` are read strictly; `user` is read on its own so that a user
/// object we cannot read costs only the user.
#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    identity: Option<IdentityEndpoint>,
    #[serde(default)]
    user: Option<serde_json::Value>,
    #[serde(default)]
    site_url: Option<String>,
}

impl NetlifyContext {
    /// No identity, no user.
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// A context with just a user, as the local stack builds it for a verified token.
    pub fn for_user(claims: Claims) -> Self {
        Self {
            user: Some(claims),
            ..Self::default()
        }
    }

    /// Reads the context from the client context's `custom` map (key [`CUSTOM_KEY`]).
    pub fn from_custom(custom: &HashMap<String, String>, now: i64) -> Self {
        match custom.get(CUSTOM_KEY) {
            Some(encoded) => Self::decode(encoded, now),
            None => Self::anonymous(),
        }
    }

    /// Decodes `custom["netlify"]`. Never fails: what cannot be read is left out, and a user
    /// is kept only when its claims parse, `exp` is after `now` (unix seconds), `sub` is set
    /// and it is not the system token. The reason for dropping anything is logged, without
    /// the token.
    pub fn decode(encoded: &str, now: i64) -> Self {
        let bytes = match lenient_base64().decode(encoded.trim()) {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::warn!(%error, "client context is not base64; treating the caller as anonymous");
                return Self::anonymous();
            }
        };
        let raw: Raw = match serde_json::from_slice(&bytes) {
            Ok(raw) => raw,
            Err(error) => {
                tracing::warn!(%error, "client context is not the expected JSON; treating the caller as anonymous");
                return Self::anonymous();
            }
        };
        let user = raw.user.and_then(|value| accept_user(value, now));
        Self {
            identity: raw.identity,
            user,
            site_url: raw.site_url,
        }
    }

    /// Encodes the context the way Netlify does: standard base64 of the JSON.
    pub fn encode(&self) -> String {
        // Serialising these plain structs cannot fail; an empty object is the safe fallback.
        let json = serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec());
        base64::engine::general_purpose::STANDARD.encode(json)
    }

    /// The caller's claims, when signed in.
    pub fn caller(&self) -> Option<&Claims> {
        self.user.as_ref()
    }
}

fn accept_user(value: serde_json::Value, now: i64) -> Option<Claims> {
    if value.is_null() {
        return None;
    }
    let claims: Claims = match serde_json::from_value(value) {
        Ok(claims) => claims,
        Err(error) => {
            tracing::warn!(%error, "client context user is not a claim set; treating the caller as anonymous");
            return None;
        }
    };
    if claims.exp <= now {
        tracing::warn!(
            exp = claims.exp,
            now,
            "client context user has expired; treating the caller as anonymous"
        );
        return None;
    }
    if claims.sub.is_empty() || claims.is_system() {
        tracing::warn!("client context user has no user id; treating the caller as anonymous");
        return None;
    }
    Some(claims)
}

/// Standard alphabet, padding optional: what Netlify (Node's `Buffer`) writes always decodes.
fn lenient_base64() -> base64::engine::GeneralPurpose {
    use base64::engine::{general_purpose::GeneralPurposeConfig, DecodePaddingMode};
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_767_225_600;

    fn b64(value: &serde_json::Value) -> String {
        base64::engine::general_purpose::STANDARD.encode(value.to_string())
    }

    fn netlify_shaped() -> serde_json::Value {
        json!({
            "identity": {"url": "https://site.example/.netlify/identity", "token": "admin.jwt.here"},
            "user": {
                "exp": NOW + 3600, "sub": "5d6a9a6e-0000-4000-8000-000000000001",
                "email": "jane@example.com",
                "app_metadata": {"provider": "email", "roles": ["admin"]},
                "user_metadata": {"full_name": "Jane Doe"}
            },
            "site_url": "https://site.example"
        })
    }

    #[test]
    fn netlify_shaped_context_yields_user_identity_and_site() {
        let ctx = NetlifyContext::decode(&b64(&netlify_shaped()), NOW);
        let user = ctx.user.as_ref().unwrap();
        assert_eq!(user.email, "jane@example.com");
        assert!(user.has_role("admin"));
        let identity = ctx.identity.unwrap();
        assert_eq!(identity.url, "https://site.example/.netlify/identity");
        assert_eq!(identity.token.expose(), "admin.jwt.here");
        assert_eq!(ctx.site_url.as_deref(), Some("https://site.example"));
    }

    #[test]
    fn missing_key_means_anonymous() {
        let ctx = NetlifyContext::from_custom(&HashMap::new(), NOW);
        assert_eq!(ctx, NetlifyContext::anonymous());
    }

    #[test]
    fn context_without_user_has_identity_but_no_caller() {
        let mut value = netlify_shaped();
        value.as_object_mut().unwrap().remove("user");
        let ctx = NetlifyContext::decode(&b64(&value), NOW);
        assert!(ctx.caller().is_none());
        assert!(ctx.identity.is_some());
    }

    #[test]
    fn undecodable_context_means_anonymous() {
        for bad in ["%%%", "bm90IGpzb24=", ""] {
            assert_eq!(
                NetlifyContext::decode(bad, NOW),
                NetlifyContext::anonymous()
            );
        }
    }

    #[test]
    fn unreadable_user_is_dropped_but_identity_kept() {
        let mut value = netlify_shaped();
        value["user"] = json!({"sub": "u"}); // no exp
        let ctx = NetlifyContext::decode(&b64(&value), NOW);
        assert!(ctx.user.is_none());
        assert!(ctx.identity.is_some());
    }

    #[test]
    fn expired_user_is_not_a_caller() {
        let mut value = netlify_shaped();
        value["user"]["exp"] = json!(NOW);
        assert!(NetlifyContext::decode(&b64(&value), NOW).user.is_none());
    }

    #[test]
    fn system_token_is_not_a_caller() {
        let mut value = netlify_shaped();
        value["user"]["sub"] = json!("0");
        assert!(NetlifyContext::decode(&b64(&value), NOW).user.is_none());
    }

    #[test]
    fn unpadded_base64_is_accepted() {
        let padded = b64(&netlify_shaped());
        let unpadded = padded.trim_end_matches('=');
        assert!(NetlifyContext::decode(unpadded, NOW).user.is_some());
    }

    #[test]
    fn admin_token_never_prints() {
        let ctx = NetlifyContext::decode(&b64(&netlify_shaped()), NOW);
        let printed = format!("{ctx:?}");
        assert!(!printed.contains("admin.jwt.here"), "{printed}");
    }

    #[test]
    fn encode_then_decode_round_trips() {
        let ctx = NetlifyContext::decode(&b64(&netlify_shaped()), NOW);
        assert_eq!(NetlifyContext::decode(&ctx.encode(), NOW), ctx);
    }
}
