//! `POST /verify`: redeem a signup, invite or recovery token for a session.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use identity_core::wire::{HookEvent, VerifyRequest, VerifyType};

use super::body::json;
use super::cookie::with_cookie;
use super::error::IdentityApiError;
use super::hook_point::fire;
use super::store::{refresh_tokens, users};
use super::token::issue;
use super::IdentityApi;
use crate::clock::{now_micros, secs_to_micros};

/// `POST /verify {"type": "signup"|"recovery", "token": T, "password"?: P}`.
pub async fn verify(
    State(identity): State<IdentityApi>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, IdentityApiError> {
    let params: VerifyRequest = json(&body, "Could not read verification params")?;
    let token = params.token.trim().to_owned();
    if token.is_empty() {
        return Err(IdentityApiError::unprocessable("Verify requires a token"));
    }
    let kind = match params.kind {
        Some(VerifyType::Signup) => VerifyType::Signup,
        Some(VerifyType::Recovery) => VerifyType::Recovery,
        _ => {
            return Err(IdentityApiError::unprocessable(
                "Verify requires a verification type",
            ))
        }
    };
    // Hash a supplied password before taking the write lock (only invites use it).
    let password_hash = match params.password.as_ref().filter(|p| !p.is_empty()) {
        Some(p) if kind == VerifyType::Signup => {
            Some(identity.hash_password(p.expose().to_owned()).await?)
        }
        _ => None,
    };
    let now = now_micros();
    let max_age = secs_to_micros(identity.config.email_token_max_age_secs);
    let mut tx = identity.store.write().await?;
    let mut user = match kind {
        VerifyType::Signup => {
            let mut user = users::find_by_confirmation_token(&mut tx, &token)
                .await?
                .ok_or_else(|| IdentityApiError::not_found("User not found"))?;
            // GoTrue never checks an invite's age (it only looks at confirmation_sent_at,
            // which invites do not set); the local stack enforces INVITE_MAX_AGE.
            let (sent, limit) = match (user.confirmation_sent_at, user.invited_at) {
                (Some(sent), _) => (Some(sent), max_age),
                (None, Some(invited)) => (
                    Some(invited),
                    secs_to_micros(identity.config.invite_max_age_secs),
                ),
                (None, None) => (None, 0),
            };
            if sent.is_some_and(|s| s.saturating_add(limit) <= now) {
                return Err(IdentityApiError::unprocessable(
                    "Confirmation token expired",
                ));
            }
            if user.invited_at.is_some() && user.encrypted_password.is_none() {
                let Some(hash) = password_hash else {
                    return Err(IdentityApiError::unprocessable(
                        "Invited users must specify a password",
                    ));
                };
                user.encrypted_password = Some(hash);
                // A new password ends every earlier session, as `PUT /user` does; the one
                // issued below is the only one.
                refresh_tokens::delete_for_user(&mut tx, &user.id).await?;
            }
            fire(identity.hooks.as_ref(), HookEvent::Signup, &mut user).await?;
            user.confirmed_at = Some(now);
            user.confirmation_token = None;
            user
        }
        _ => {
            let mut user = users::find_by_recovery_token(&mut tx, &token)
                .await?
                .ok_or_else(|| IdentityApiError::not_found("User not found"))?;
            if user
                .recovery_sent_at
                .is_some_and(|s| s.saturating_add(max_age) <= now)
            {
                return Err(IdentityApiError::unprocessable("Recovery token expired"));
            }
            user.recovery_token = None;
            if !user.is_confirmed() {
                // Recovery proves the address, so it doubles as confirmation.
                fire(identity.hooks.as_ref(), HookEvent::Signup, &mut user).await?;
                user.confirmed_at = Some(now);
                user.confirmation_token = None;
            }
            user
        }
    };
    user.updated_at = now;
    users::update(&mut tx, &user).await?;
    let response = issue(&identity, &mut tx, &user, now).await?;
    tx.commit().await?;
    Ok(with_cookie(&identity, &headers, response))
}
