//! `POST /recover`: mail a recovery link.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use identity_core::wire::RecoverRequest;
use serde_json::{json as json_value, Value};

use super::auth::aud_header;
use super::body::json;
use super::error::IdentityApiError;
use super::mailer;
use super::random::random_token;
use super::store::mail::MailKind;
use super::store::users;
use super::IdentityApi;
use crate::clock::{now_micros, secs_to_micros};

/// `POST /recover {"email"}`: 200 `{}` whether or not the account exists.
pub async fn recover(
    State(identity): State<IdentityApi>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, IdentityApiError> {
    let params: RecoverRequest = json(&body, "Could not read verification params")?;
    let email = params.email.trim();
    if email.is_empty() {
        return Err(IdentityApiError::unprocessable(
            "Password recovery requires an email",
        ));
    }
    let aud = aud_header(&headers).unwrap_or_else(|| identity.config.aud.clone());
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    let Some(mut user) = users::find_by_email(&mut tx, &aud, email).await? else {
        // No enumeration: unknown addresses get the same answer.
        return Ok(Json(json_value!({})));
    };
    let window = secs_to_micros(identity.config.max_frequency_secs);
    if window > 0
        && user
            .recovery_sent_at
            .is_some_and(|sent| sent.saturating_add(window) > now)
    {
        return Err(IdentityApiError::RateLimited {
            msg: "Rate limit exceeded, try again later",
            retry_after_secs: u64::try_from(identity.config.max_frequency_secs).unwrap_or(1),
        });
    }
    let token = random_token()?;
    mailer::send(
        &identity,
        &mut tx,
        &user.email,
        MailKind::Recovery,
        &token,
        now,
    )
    .await?;
    user.recovery_token = Some(token);
    user.recovery_sent_at = Some(now);
    user.updated_at = now;
    users::update(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(Json(json_value!({})))
}
