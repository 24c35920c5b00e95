//! `POST /logout`.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::Authenticated;
use super::cookie::clear_cookie;
use super::error::IdentityApiError;
use super::store::{refresh_tokens, users};
use super::IdentityApi;

/// Revokes every refresh token of the caller (all devices) and clears the cookie: 204.
/// Access tokens stay valid until they expire, as in GoTrue.
pub async fn logout(
    State(identity): State<IdentityApi>,
    Authenticated(claims): Authenticated,
) -> Result<Response, IdentityApiError> {
    let invalid = || IdentityApiError::unauthorized("Invalid user");
    if uuid::Uuid::parse_str(&claims.sub).is_err() {
        return Err(invalid());
    }
    let mut tx = identity.store.write().await?;
    if users::find_by_id(&mut tx, &claims.sub).await?.is_none() {
        return Err(invalid());
    }
    refresh_tokens::delete_for_user(&mut tx, &claims.sub).await?;
    tx.commit().await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_cookie(
        &identity.config.cookie_key,
        identity.secure_cookies(),
    )) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}
