//! `POST /invite` (admin).

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use identity_core::wire::{HookEvent, InviteRequest, User};

use super::access_token::ensure_token_fits;
use super::auth::AdminAuth;
use super::body::json;
use super::email::{ensure_email_free, validate_email};
use super::error::IdentityApiError;
use super::hook_point::fire;
use super::mailer;
use super::random::{new_user_id, random_token};
use super::store::mail::MailKind;
use super::store::{users, StoredUser};
use super::IdentityApi;
use crate::clock::now_micros;

/// Creates a password-less user and mails `<site>/#invite_token=T`.
pub async fn invite(
    State(identity): State<IdentityApi>,
    AdminAuth { aud, .. }: AdminAuth,
    body: Bytes,
) -> Result<Json<User>, IdentityApiError> {
    let params: InviteRequest = json(&body, "Could not read Invite params")?;
    let email = params.email.trim().to_owned();
    validate_email(&email)?;
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    ensure_email_free(&mut tx, &aud, &email, None).await?;
    let mut user = StoredUser::new(new_user_id()?, &aud, &email, now);
    if let Some(data) = params.data {
        user.user_metadata = data;
    }
    fire(identity.hooks.as_ref(), HookEvent::Validate, &mut user).await?;
    let token = random_token()?;
    user.confirmation_token = Some(token.clone());
    user.invited_at = Some(now);
    ensure_token_fits(&identity, &user)?;
    users::insert(&mut tx, &user).await?;
    mailer::send(&identity, &mut tx, &email, MailKind::Invite, &token, now).await?;
    tx.commit().await?;
    Ok(Json(user.to_wire()?))
}
