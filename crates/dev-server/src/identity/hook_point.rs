//! The hook point for identity event functions (`identity-validate`, `identity-signup`,
//! `identity-login`).
//!
//! Handlers call [`fire`] at the moments GoTrue fires `validate`, `signup` and `login`, inside
//! the request's transaction. An [`IdentityHooks`] implementation (the local functions runner,
//! `functions::FunctionHooks`, plugs one in with
//! [`IdentityApi::open_with_hooks`](super::IdentityApi::open_with_hooks)) decides what to call;
//! the default [`NoHooks`] calls nothing. A returned [`HookAnswer`] replaces `app_metadata` /
//! `user_metadata` on the user (and therefore in the token issued next). A refusal blocks the
//! operation with 422 `Failed to handle <event> webhook`, a malformed answer with 500, and
//! either rolls the transaction back.

use std::future::Future;
use std::pin::Pin;

use identity_core::wire::{HookAnswer, HookEvent, User};

use super::error::IdentityApiError;
use super::store::StoredUser;

/// A hook refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookError {
    /// Non-2xx after the retries: the operation is blocked (422).
    #[error("the {0} hook refused")]
    Refused(&'static str),
    /// The function answered something that is not the expected JSON (500).
    #[error("Webhook returned malformed JSON")]
    Malformed,
    /// The call could not be made (its payload would not serialise): 500.
    #[error("cannot call the hook: {0}")]
    Unsendable(String),
}

/// The boxed future a hook returns.
pub type HookFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<HookAnswer>, HookError>> + Send + 'a>>;

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
) -> Result<(), IdentityApiError> {
    let wire = user.to_wire()?;
    match hooks.call(event, &wire).await {
        Ok(None) => Ok(()),
        Ok(Some(answer)) => {
            if let Some(app) = answer.app_metadata {
                user.app_metadata = app;
            }
            if let Some(meta) = answer.user_metadata {
                user.user_metadata = meta;
            }
            Ok(())
        }
        Err(HookError::Refused(_)) => Err(IdentityApiError::unprocessable(format!(
            "Failed to handle {} webhook",
            event.as_str()
        ))),
        Err(HookError::Malformed) => {
            Err(IdentityApiError::server("Webhook returned malformed JSON"))
        }
        Err(e @ HookError::Unsendable(_)) => Err(IdentityApiError::Internal(e.to_string())),
    }
}
