//! `POST /token`: the password and refresh_token grants, and issuing sessions.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use identity_core::form;
use identity_core::wire::{GrantError, HookEvent, OAuthError, TokenGrant, TokenResponse};

use super::access_token::access_token;
use super::auth::{aud_header, ClientIp};
use super::cookie::{clear_cookie, with_cookie};
use super::error::IdentityApiError;
use super::hook_point::fire;
use super::random::random_token;
use super::rate_limit::Decision;
use super::store::{refresh_tokens, users, StoredUser, Tx};
use super::IdentityApi;
use crate::clock::{micros_to_secs, now_micros, now_millis, secs_to_micros};

const NO_USER: &str = "No user found with that email, or password invalid.";
const INVALID_REFRESH: &str = "Invalid Refresh Token";

/// Reads the grant from a form body (only with a form Content-Type, like Go's
/// `r.FormValue`) followed by the query string.
fn grant(headers: &HeaderMap, query: Option<&str>, body: &[u8]) -> Result<TokenGrant, GrantError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.split(';').next().is_some_and(|m| {
                m.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
    let mut pairs = Vec::new();
    if is_form {
        pairs.extend(form::parse(&String::from_utf8_lossy(body)));
    }
    if let Some(q) = query {
        pairs.extend(form::parse(q));
    }
    TokenGrant::from_pairs(&pairs)
}

/// Marks an answer that carries (or refuses) a session as never to be stored, as OAuth 2.0
/// requires of the token endpoint (RFC 6749 §5.1: `Cache-Control: no-store`,
/// `Pragma: no-cache`). Route layer of `/token`, `/verify` and `/callback`.
pub async fn no_store(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// `POST /token`.
pub async fn token(
    State(identity): State<IdentityApi>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, IdentityApiError> {
    let grant = grant(&headers, query.as_deref(), &body).map_err(GrantError::to_oauth_error)?;
    let response = match grant {
        TokenGrant::Password { username, password } => {
            password_grant(&identity, ip, &headers, username.trim(), password.expose()).await?
        }
        TokenGrant::RefreshToken { refresh_token } => {
            refresh_grant(&identity, &refresh_token).await?
        }
    };
    Ok(with_cookie(&identity, &headers, response))
}

async fn password_grant(
    identity: &IdentityApi,
    ip: std::net::IpAddr,
    headers: &HeaderMap,
    email: &str,
    password: &str,
) -> Result<TokenResponse, IdentityApiError> {
    let decision = identity
        .limiter
        .lock()
        .map(|mut l| l.attempt(ip, email, now_millis()))
        .unwrap_or(Decision::Allow);
    if let Decision::Refuse { retry_after_ms } = decision {
        tracing::warn!(%ip, ?email, "too many failed logins");
        return Err(IdentityApiError::RateLimited {
            msg: "Rate limit exceeded",
            retry_after_secs: retry_after_ms.div_ceil(1000).max(1),
        });
    }
    let aud = aud_header(headers).unwrap_or_else(|| identity.config.aud.clone());
    let found = {
        let mut conn = identity.store.read().await?;
        users::find_by_email(&mut conn, &aud, email).await?
    };
    let stored_hash = found.as_ref().and_then(|u| u.encrypted_password.clone());
    // An empty password never matches (no account can have one), but still costs a hash.
    let matches = identity
        .check_password(password.to_owned(), stored_hash)
        .await?
        && !password.is_empty();
    let Some(user) = found.filter(|_| matches) else {
        if let Ok(mut l) = identity.limiter.lock() {
            l.failure(ip, now_millis());
        }
        return Err(IdentityApiError::invalid_grant(NO_USER));
    };
    if let Ok(mut l) = identity.limiter.lock() {
        l.success(email);
    }
    // Checked after the password (GoTrue checks it before), so only the owner of the
    // password learns the account exists and is unconfirmed.
    if !user.is_confirmed() {
        return Err(IdentityApiError::invalid_grant("Email not confirmed"));
    }
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    // Re-read inside the write lock: the user may have changed since the password check.
    let mut user = users::find_by_id(&mut tx, &user.id)
        .await?
        .ok_or_else(|| IdentityApiError::invalid_grant(NO_USER))?;
    fire(identity.hooks.as_ref(), HookEvent::Login, &mut user).await?;
    user.last_sign_in_at = Some(now);
    users::update(&mut tx, &user).await?;
    let response = issue(identity, &mut tx, &user, now).await?;
    tx.commit().await?;
    Ok(response)
}

async fn refresh_grant(
    identity: &IdentityApi,
    presented: &str,
) -> Result<TokenResponse, IdentityApiError> {
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    let Some(row) = refresh_tokens::find(&mut tx, presented).await? else {
        return Err(IdentityApiError::invalid_grant(INVALID_REFRESH));
    };
    if row.revoked {
        tracing::warn!(user_id = %row.user_id, "possible abuse attempt: revoked refresh token reused");
        return Err(IdentityApiError::OAuth {
            body: OAuthError::invalid_grant(INVALID_REFRESH),
            clear_cookie: Some(clear_cookie(
                &identity.config.cookie_key,
                identity.secure_cookies(),
            )),
        });
    }
    let lifetime = secs_to_micros(identity.config.refresh_token_lifetime_secs);
    if row.created_at.saturating_add(lifetime) <= now {
        return Err(IdentityApiError::invalid_grant("Refresh token expired"));
    }
    // Roles and metadata come from the database now, not from the old token.
    let Some(user) = users::find_by_id(&mut tx, &row.user_id).await? else {
        return Err(IdentityApiError::invalid_grant(INVALID_REFRESH));
    };
    if !refresh_tokens::revoke(&mut tx, row.id).await? {
        return Err(IdentityApiError::invalid_grant(INVALID_REFRESH));
    }
    let response = issue(identity, &mut tx, &user, now).await?;
    tx.commit().await?;
    Ok(response)
}

/// Creates a refresh token for `user` and signs an access token from the user as stored
/// now. The caller commits.
pub async fn issue(
    identity: &IdentityApi,
    tx: &mut Tx,
    user: &StoredUser,
    now: i64,
) -> Result<TokenResponse, IdentityApiError> {
    let refresh = random_token()?;
    refresh_tokens::insert(tx, &refresh, &user.id, now).await?;
    let jwt = access_token(
        &user.to_wire()?,
        &identity.secret,
        identity.config.jwt_exp,
        micros_to_secs(now),
    )?;
    Ok(TokenResponse::bearer(jwt, identity.config.jwt_exp, refresh))
}
