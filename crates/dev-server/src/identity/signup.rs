//! `POST /signup`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use identity_core::wire::{merge_metadata, HookEvent, SignupRequest, User};

use super::access_token::ensure_token_fits;
use super::auth::aud_header;
use super::body::json;
use super::email::validate_email;
use super::error::IdentityApiError;
use super::hook_point::fire;
use super::mailer;
use super::random::{new_user_id, random_token};
use super::store::mail::MailKind;
use super::store::{users, StoredUser, Tx};
use super::IdentityApi;
use crate::clock::{now_micros, secs_to_micros};

/// Email + password signup. Returns the user, never tokens (the client calls `/token`).
pub async fn signup(
    State(identity): State<IdentityApi>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<User>, IdentityApiError> {
    if identity.config.disable_signup {
        return Err(IdentityApiError::forbidden(
            "Signups not allowed for this instance",
        ));
    }
    let params: SignupRequest = json(&body, "Could not read Signup params")?;
    if params.password.is_empty() {
        return Err(IdentityApiError::unprocessable(
            "Signup requires a valid password",
        ));
    }
    let email = params.email.trim().to_owned();
    validate_email(&email)?;
    let aud = aud_header(&headers).unwrap_or_else(|| identity.config.aud.clone());

    // Hash before taking the write lock: Argon2 is slow on purpose.
    let hash = identity
        .hash_password(params.password.expose().to_owned())
        .await?;
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    let user = match users::find_by_email(&mut tx, &aud, &email).await? {
        Some(existing) if existing.is_confirmed() => {
            return Err(IdentityApiError::bad_request(
                "A user with this email address has already been registered",
            ));
        }
        Some(mut existing) => {
            // GoTrue: merge the new data, keep the old password, resend the confirmation.
            if let Some(data) = &params.data {
                merge_metadata(&mut existing.user_metadata, data);
            }
            existing.updated_at = now;
            existing
        }
        None => {
            let mut user = StoredUser::new(new_user_id()?, &aud, &email, now);
            user.encrypted_password = Some(hash);
            if let Some(data) = params.data {
                user.user_metadata = data;
            }
            fire(identity.hooks.as_ref(), HookEvent::Validate, &mut user).await?;
            users::insert(&mut tx, &user).await?;
            user
        }
    };
    let user = confirm_or_mail(&identity, &mut tx, user, now).await?;
    ensure_token_fits(&identity, &user)?;
    users::update(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(Json(user.to_wire()?))
}

async fn confirm_or_mail(
    identity: &IdentityApi,
    tx: &mut Tx,
    mut user: StoredUser,
    now: i64,
) -> Result<StoredUser, IdentityApiError> {
    if identity.config.autoconfirm {
        fire(identity.hooks.as_ref(), HookEvent::Signup, &mut user).await?;
        user.confirmed_at = Some(now);
        user.confirmation_token = None;
        return Ok(user);
    }
    let window = secs_to_micros(identity.config.max_frequency_secs);
    let recently_sent = user
        .confirmation_sent_at
        .is_some_and(|sent| window > 0 && sent.saturating_add(window) > now);
    if recently_sent {
        // GoTrue succeeds without sending within SMTP_MAX_FREQUENCY.
        return Ok(user);
    }
    let token = random_token()?;
    mailer::send(
        identity,
        tx,
        &user.email,
        MailKind::Confirmation,
        &token,
        now,
    )
    .await?;
    user.confirmation_token = Some(token);
    user.confirmation_sent_at = Some(now);
    Ok(user)
}
