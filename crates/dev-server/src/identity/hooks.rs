//! Identity event functions (`identity-validate`, `identity-signup`, `identity-login`).
//!
//! This is the hook point: handlers call [`fire`] at the moments GoTrue fires `validate`,
//! `signup` and `login`, inside the request's transaction. An [`IdentityHooks`]
//! implementation (the local functions runner plugs one in with
//! [`Identity::open_with_hooks`](super::Identity::open_with_hooks)) decides what to call; the
//! default [`NoHooks`] calls nothing. A returned [`HookResponse`] replaces `app_metadata` /
//! `user_metadata` on the user (and therefore in the token issued next); an error blocks the
//! operation with 422 `Failed to handle <event> webhook` and rolls the transaction back.

use std::future::Future;
use std::pin::Pin;

use identity_core::wire::{AppMetadata, Metadata, User};

use super::error::IdentityError;
use super::store::StoredUser;

/// A GoTrue event that Netlify maps to a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookEvent {
    /// A user row was created (`identity-validate`).
    Validate,
    /// A user became confirmed (`identity-signup`).
    Signup,
    /// A password or OAuth login (`identity-login`).
    Login,
}

impl HookEvent {
    /// GoTrue's event name (`validate`, `signup`, `login`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validate => "validate",
            Self::Signup => "signup",
            Self::Login => "login",
        }
    }

    /// The Netlify function that handles it.
    pub fn function_name(self) -> &'static str {
        match self {
            Self::Validate => "identity-validate",
            Self::Signup => "identity-signup",
            Self::Login => "identity-login",
        }
    }
}

/// What a hook may send back: each key present replaces that metadata object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HookResponse {
    /// Replaces `app_metadata` when present.
    pub app_metadata: Option<AppMetadata>,
    /// Replaces `user_metadata` when present.
    pub user_metadata: Option<Metadata>,
}

/// A hook refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookError {
    /// Non-2xx after the retries: the operation is blocked (422).
    #[error("the {0} hook refused")]
    Refused(&'static str),
    /// The function answered something that is not the expected JSON (500).
    #[error("Webhook returned malformed JSON")]
    Malformed,
}

/// The boxed future a hook returns.
pub type HookFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<HookResponse>, HookError>> + Send + 'a>>;

/// Calls identity event functions.
pub trait IdentityHooks: Send + Sync {
    /// Runs the functions for `event` about `user`.
    fn call<'a>(&'a self, event: HookEvent, user: &'a User) -> HookFuture<'a>;
}

/// No event functions: every event succeeds with no change.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl IdentityHooks for NoHooks {
    fn call<'a>(&'a self, _: HookEvent, _: &'a User) -> HookFuture<'a> {
        Box::pin(async { Ok(None) })
    }
}

/// Fires `event` for `user` and applies the response to it (the caller saves the user).
pub async fn fire(
    hooks: &dyn IdentityHooks,
    event: HookEvent,
    user: &mut StoredUser,
) -> Result<(), IdentityError> {
    let wire = user.to_wire()?;
    match hooks.call(event, &wire).await {
        Ok(None) => Ok(()),
        Ok(Some(response)) => {
            if let Some(app) = response.app_metadata {
                user.app_metadata = app;
            }
            if let Some(meta) = response.user_metadata {
                user.user_metadata = meta;
            }
            Ok(())
        }
        Err(HookError::Refused(_)) => Err(IdentityError::unprocessable(format!(
            "Failed to handle {} webhook",
            event.as_str()
        ))),
        Err(HookError::Malformed) => Err(IdentityError::server("Webhook returned malformed JSON")),
    }
}
