//! Identity event functions: GoTrue's `signup` event runs the site's
//! `identity-signup` function with Netlify's payload, and its answer sets the
//! user's metadata (or blocks the signup).

use std::sync::Arc;

use ::functions::{App, Function, NetlifyContext};
use identity_core::wire::{AppMetadata, Metadata, User};

use crate::identity::hooks::{HookError, HookEvent, HookFuture, HookResponse, IdentityHooks};

/// GoTrue's instance id in single-instance mode.
const INSTANCE_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Calls the site's identity event functions in this process.
pub struct FunctionHooks {
    app: Arc<App>,
}

impl FunctionHooks {
    /// Hooks that run `app`'s functions.
    pub fn new(app: Arc<App>) -> Self {
        Self { app }
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
            let request = ::functions::Request::new("POST")
                .with_header("content-type", "application/json")
                .with_header("x-netlify-event", &format!("identity_{}", event.as_str()))
                .with_json(&payload);
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
