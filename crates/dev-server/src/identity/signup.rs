//! `POST /signup`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use identity_core::wire::{HookEvent, SignupRequest, User};

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
/// A signup for an address whose account is still unconfirmed replaces that pending
/// signup (see the crate README, "Deliberate differences from GoTrue").
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
        // An invite's password is set by whoever redeems the mailed invite token; a signup
        // replacing the invite would put its own password there for the owner to confirm.
        Some(existing) if existing.is_confirmed() || existing.invited_at.is_some() => {
            return Err(IdentityApiError::bad_request(
                "A user with this email address has already been registered",
            ));
        }
        Some(mut existing) => {
            // GoTrue merges the data and keeps the first password, so whoever registers an
            // address first owns the account its owner then confirms. Here the latest
            // signup replaces the pending one: its password, its metadata, and a new
            // confirmation token (below; the old one is then unknown). `validate` fired
            // when the row was made, and does not fire again, as in GoTrue.
            if !identity.config.autoconfirm && recently_mailed(&identity, &existing, now) {
                // Replacing the password without mailing a new token would let the old
                // token confirm the new password; mailing one is what the limit forbids.
                return Err(IdentityApiError::RateLimited {
                    msg: "Rate limit exceeded, try again later",
                    retry_after_secs: u64::try_from(identity.config.max_frequency_secs)
                        .unwrap_or(1),
                });
            }
            existing.encrypted_password = Some(hash);
            existing.user_metadata = params.data.unwrap_or_default();
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

/// Whether a confirmation went to `user` within `GOTRUE_SMTP_MAX_FREQUENCY` (off when 0).
fn recently_mailed(identity: &IdentityApi, user: &StoredUser, now: i64) -> bool {
    let window = secs_to_micros(identity.config.max_frequency_secs);
    user.confirmation_sent_at
        .is_some_and(|sent| window > 0 && sent.saturating_add(window) > now)
}

/// Confirms `user` at once (autoconfirm, firing `signup`), or mails a new confirmation
/// token, which replaces any earlier one.
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
