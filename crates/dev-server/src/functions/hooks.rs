//! Identity event functions: GoTrue's `signup` event runs the site's
//! `identity-signup` function with Netlify's payload, and its answer sets the
//! user's metadata (or blocks the signup).

use std::sync::{Arc, OnceLock};

use ::functions::{App, Function, NetlifyContext};
use identity_core::wire::{AppMetadata, Metadata, User};
use sha2::{Digest, Sha256};

use crate::identity::hooks::{HookError, HookEvent, HookFuture, HookResponse, IdentityHooks};

/// GoTrue's instance id in single-instance mode.
const INSTANCE_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Calls the site's identity event functions in this process.
pub struct FunctionHooks {
    app: Arc<App>,
    /// The identity JWT secret, which signs each call (`x-webhook-signature`);
    /// set once the identity API is open.
    secret: OnceLock<Vec<u8>>,
}

impl FunctionHooks {
    /// Hooks that run `app`'s functions.
    pub fn new(app: Arc<App>) -> Self {
        Self {
            app,
            secret: OnceLock::new(),
        }
    }

    /// Signs the calls from now on with the identity JWT secret, as GoTrue
    /// signs function hooks.
    pub fn sign_with(&self, secret: &[u8]) {
        let _ = self.secret.set(secret.to_vec());
    }

    /// GoTrue's `x-webhook-signature`: an HS256 JWT over the body's SHA-256.
    fn signature(&self, body: &[u8]) -> Option<String> {
        let secret = self.secret.get()?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        let digest = Sha256::digest(body);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let claims = serde_json::json!({
            "iat": now,
            "sub": INSTANCE_ID,
            "iss": "gotrue",
            "sha256": hex,
        });
        identity_core::jwt::encode(&claims, secret).ok()
    }
}

impl IdentityHooks for FunctionHooks {
    fn call<'a>(&'a self, event: HookEvent, user: &'a User) -> HookFuture<'a> {
        Box::pin(async move {
            // The site has an `identity-signup` function only; Netlify calls
            // nothing for an event without a function.
            let function = match event {
                HookEvent::Signup => Function::IdentitySignup,
                HookEvent::Validate | HookEvent::Login => return Ok(None),
            };
            let payload = serde_json::json!({
                "event": event.as_str(),
                "instance_id": INSTANCE_ID,
                "user": user,
            });
            let body = payload.to_string().into_bytes();
            let mut request = ::functions::Request::new("POST")
                .with_header("content-type", "application/json")
                .with_header("x-netlify-event", &format!("identity_{}", event.as_str()));
            if let Some(signature) = self.signature(&body) {
                request = request.with_header("x-webhook-signature", &signature);
            }
            let request = request.with_body(body);
            let response = self
                .app
                .handle(function, &request, &NetlifyContext::anonymous())
                .await;
            if !matches!(response.status, 200 | 202 | 204) {
                return Err(HookError::Refused(event.function_name()));
            }
            let Some(body) = response.body else {
                return Ok(None);
            };
            Ok(Some(HookResponse {
                app_metadata: field::<AppMetadata>(&body, "app_metadata")?,
                user_metadata: field::<Metadata>(&body, "user_metadata")?,
            }))
        })
    }
}

fn field<T: serde::de::DeserializeOwned>(
    body: &serde_json::Value,
    key: &str,
) -> Result<Option<T>, HookError> {
    match body.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|_| HookError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[tokio::test]
    async fn calls_are_signed_like_gotrue_signs_function_hooks() {
        let store = ::functions::store::open_url("sqlite::memory:")
            .await
            .unwrap();
        let app = App::new(store, Arc::new(::functions::PostSlugs::from_slugs(["a"])));
        let hooks = FunctionHooks::new(Arc::new(app));
        assert_eq!(
            hooks.signature(b"{}"),
            None,
            "unsigned until the secret is known"
        );

        hooks.sign_with(b"secret");
        let token = hooks.signature(br#"{"event":"signup"}"#).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        assert_eq!(claims["iss"], "gotrue");
        assert_eq!(claims["sub"], INSTANCE_ID);
        let expected: String = Sha256::digest(br#"{"event":"signup"}"#)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(claims["sha256"], expected);
    }
}
