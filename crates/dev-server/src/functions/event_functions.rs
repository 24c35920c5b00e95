//! The site's identity event functions, run in this process as the identity API's
//! [`IdentityHooks`]: GoTrue's `signup` event runs `identity-signup` with Netlify's payload
//! ([`HookPayload`], signed as GoTrue signs it), and its answer ([`HookAnswer`]) sets the
//! user's metadata (or blocks the signup).

use std::sync::{Arc, OnceLock};

use ::functions::event_signature::{EventSignature, SIGNATURE_HEADER};
use ::functions::{App, Function, NetlifyContext};
use identity_core::wire::{HookAnswer, HookEvent, HookPayload, User, INSTANCE_ID};

use crate::identity::hook_point::{HookError, HookFuture, IdentityHooks};

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
        EventSignature::for_body(body, INSTANCE_ID, crate::clock::now_secs()).sign(secret)
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
            let payload = HookPayload::new(event, user.clone());
            let body =
                serde_json::to_vec(&payload).map_err(|e| HookError::Unsendable(e.to_string()))?;
            let mut request = ::functions::Request::new("POST")
                .with_header("content-type", "application/json")
                .with_header("x-netlify-event", &event.header_value());
            if let Some(signature) = self.signature(&body) {
                request = request.with_header(SIGNATURE_HEADER, &signature);
            }
            let request = request.with_body(body);
            let response = self
                .app
                .handle(function, &request, &NetlifyContext::anonymous())
                .await;
            if !matches!(response.status, 200 | 202 | 204) {
                return Err(HookError::Refused(event.function_name()));
            }
            read_answer(&response)
        })
    }
}

/// The function's answer. No body, or `null` (which Go decodes into GoTrue's answer struct as
/// nothing), changes nothing; a body that is not an answer is malformed.
fn read_answer(response: &::functions::Response) -> Result<Option<HookAnswer>, HookError> {
    response
        .body_json::<Option<HookAnswer>>()
        .map(Option::flatten)
        .map_err(|_| HookError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn answer(body: serde_json::Value) -> Result<Option<HookAnswer>, HookError> {
        read_answer(&::functions::Response::json(200, &body))
    }

    #[test]
    fn an_answer_sets_the_metadata_it_names() {
        let answer = answer(serde_json::json!({"app_metadata": {"roles": ["commenter"]}}));
        let answer = answer.unwrap().unwrap();
        assert!(answer.app_metadata.unwrap().has_role("commenter"));
        assert_eq!(answer.user_metadata, None);
    }

    #[test]
    fn no_body_or_null_changes_nothing() {
        assert_eq!(read_answer(&::functions::Response::empty(204)), Ok(None));
        assert_eq!(answer(serde_json::Value::Null), Ok(None));
    }

    #[test]
    fn a_body_that_is_not_an_answer_is_malformed() {
        for body in [
            serde_json::json!({"app_metadata": "admin"}),
            serde_json::json!("ok"),
        ] {
            assert_eq!(answer(body), Err(HookError::Malformed));
        }
    }

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
        let expected = ::functions::event_signature::body_sha256(br#"{"event":"signup"}"#);
        assert_eq!(claims["sha256"], expected);
    }
}
