//! `GET /user` and `PUT /user`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use identity_core::wire::{merge_metadata, AppMetadata, User, UserUpdate};

use super::access_token::ensure_token_fits;
use super::auth::{load_user, Authenticated};
use super::body::json;
use super::email::{ensure_email_free, validate_email};
use super::error::IdentityApiError;
use super::mailer;
use super::random::{random_token, tokens_match};
use super::store::mail::MailKind;
use super::store::{refresh_tokens, users};
use super::IdentityApi;
use crate::clock::{now_micros, secs_to_micros};

/// `GET /user`: the caller, read fresh from the database.
pub async fn get_user(
    State(identity): State<IdentityApi>,
    headers: HeaderMap,
    Authenticated(claims): Authenticated,
) -> Result<Json<User>, IdentityApiError> {
    let mut conn = identity.store.read().await?;
    let user = load_user(&identity, &headers, &claims, &mut conn).await?;
    Ok(Json(user.to_wire()?))
}

/// Merges a metadata patch into `AppMetadata` with null-deletes, keeping its typed fields.
pub fn merge_app_metadata(
    target: &AppMetadata,
    patch: &identity_core::wire::Metadata,
) -> Result<AppMetadata, IdentityApiError> {
    let mut map = match serde_json::to_value(target) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => Default::default(),
    };
    merge_metadata(&mut map, patch);
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| IdentityApiError::unprocessable(format!("Invalid app_metadata: {e}")))
}

/// `PUT /user`: password, metadata, app_metadata (admins only), email change. All or nothing.
/// A new password ends every other session of the user (see
/// [`refresh_tokens::end_other_sessions`]).
pub async fn update_user(
    State(identity): State<IdentityApi>,
    headers: HeaderMap,
    Authenticated(claims): Authenticated,
    body: Bytes,
) -> Result<Json<User>, IdentityApiError> {
    let params: UserUpdate = json(&body, "Could not read User Update params")?;
    let password_hash = identity.hash_new_password(params.password.as_ref()).await?;
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    let mut user = load_user(&identity, &headers, &claims, &mut tx).await?;

    let new_password = password_hash.is_some();
    if let Some(hash) = password_hash {
        user.encrypted_password = Some(hash);
    }
    if let Some(data) = &params.data {
        merge_metadata(&mut user.user_metadata, data);
    }
    if let Some(app) = &params.app_metadata {
        if !user.to_wire()?.is_gotrue_admin(&user.aud) {
            return Err(IdentityApiError::unauthorized(
                "Updating app_metadata requires admin privileges",
            ));
        }
        user.app_metadata = merge_app_metadata(&user.app_metadata, app)?;
    }
    if let Some(token) = params.email_change_token.as_deref() {
        let max_age = secs_to_micros(identity.config.email_token_max_age_secs);
        if user
            .email_change_sent_at
            .is_some_and(|sent| sent.saturating_add(max_age) <= now)
        {
            return Err(IdentityApiError::unprocessable(
                "Email change token expired",
            ));
        }
        let on_file = user.email_change_token.as_deref().unwrap_or("");
        let new_email = user.email_change.clone().filter(|e| !e.is_empty());
        match new_email {
            Some(new_email) if !on_file.is_empty() && tokens_match(token.trim(), on_file) => {
                ensure_email_free(&mut tx, &user.aud, &new_email, Some(&user.id)).await?;
                user.email = new_email;
                user.email_change = None;
                user.email_change_token = None;
                user.email_change_sent_at = None;
            }
            _ => {
                return Err(IdentityApiError::unauthorized(
                    "Email Change Token didn't match token on file",
                ))
            }
        }
    } else if let Some(email) = params
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case(&user.email))
    {
        validate_email(email)?;
        ensure_email_free(&mut tx, &user.aud, email, Some(&user.id)).await?;
        let token = random_token()?;
        // Sent to the new address; the old one is not told (as in GoTrue).
        mailer::send(
            &identity,
            &mut tx,
            email,
            MailKind::EmailChange,
            &token,
            now,
        )
        .await?;
        user.email_change = Some(email.to_owned());
        user.email_change_token = Some(token);
        user.email_change_sent_at = Some(now);
    }
    user.updated_at = now;
    ensure_token_fits(&identity, &user)?;
    users::update(&mut tx, &user).await?;
    if new_password {
        // GoTrue keeps every session, so a password changed because it leaked leaves the
        // intruder's refresh token working for its sliding 30 days. Every other session
        // ends; the one whose access token made the change goes on.
        let changed_from = refresh_tokens::issued_with(claims.exp, identity.config.jwt_exp);
        refresh_tokens::end_other_sessions(&mut tx, &user.id, changed_from).await?;
    }
    tx.commit().await?;
    Ok(Json(user.to_wire()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn app_metadata_merge_deletes_nulls_and_keeps_provider() {
        let current: AppMetadata =
            serde_json::from_value(json!({"provider": "email", "roles": ["a"], "x": 1})).unwrap();
        let patch = json!({"roles": ["admin"], "x": null});
        let merged = merge_app_metadata(&current, patch.as_object().unwrap()).unwrap();
        assert_eq!(
            serde_json::to_value(merged).unwrap(),
            json!({"provider": "email", "roles": ["admin"]})
        );
    }

    #[test]
    fn non_string_roles_are_refused() {
        let patch = json!({"roles": "admin"});
        assert!(merge_app_metadata(&AppMetadata::default(), patch.as_object().unwrap()).is_err());
    }
}
