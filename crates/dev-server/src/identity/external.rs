//! External OAuth logins (`/authorize`, `/callback`) against a local fake consent page.
//!
//! `GET /authorize?provider=github` answers 302 to `/__dev/oauth/consent`, a page standing in
//! for the provider. "Approve" and "Deny" both come back through `GET /callback` the way a
//! provider would (`?code=..&state=..` or `?error=access_denied&...`), and the callback
//! returns to the site with GoTrue's fragments:
//! `#access_token=..&expires_in=..&refresh_token=..&token_type=bearer` or
//! `#error=..&error_description=..`.
//!
//! `state` and `code` are short-lived HS256 JWTs signed with keys derived from the JWT
//! secret (never valid as access tokens); a code is redeemed once ([`super::oauth_codes`]).

use std::str::FromStr;

use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use identity_core::form;
use identity_core::hash::{HashRoute, OAuthReturn};
use identity_core::jwt::{encode, verify};
use identity_core::wire::{merge_metadata, HookEvent, Metadata, OAuthError, Provider};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::email::validate_email;
use super::error::IdentityApiError;
use super::hook_point::fire;
use super::random::new_user_id;
use super::store::{users, StoredUser, Tx};
use super::token::issue;
use super::IdentityApi;
use crate::clock::{now_micros, now_secs};

/// How long `state` and `code` stay valid.
pub(crate) const FLOW_LIFETIME_SECS: i64 = 300;

#[derive(Serialize)]
struct StateClaims<'a> {
    exp: i64,
    sub: &'static str,
    provider: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    invite_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referrer: Option<&'a str>,
}

/// A verified `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowState {
    /// The provider chosen at `/authorize`.
    pub provider: Provider,
    /// An invite being accepted through the provider.
    pub invite_token: Option<String>,
    /// Where to return (a page of the site).
    pub referrer: Option<String>,
}

/// The HMAC key for `state` or `code`: the JWT secret plus a purpose suffix, so neither is
/// ever valid as an access token (or as the other).
pub(crate) fn key(identity: &IdentityApi, purpose: &str) -> Vec<u8> {
    let mut k = identity.secret.clone();
    k.extend_from_slice(b"/oauth-");
    k.extend_from_slice(purpose.as_bytes());
    k
}

/// The HMAC key for codes: [`key`] for `code`, plus this process's salt, so a restart
/// (which forgets which codes were redeemed) also invalidates the codes issued before it.
pub(crate) fn code_key(identity: &IdentityApi) -> Vec<u8> {
    identity.oauth_codes.key(&key(identity, "code"))
}

fn extra_str(extra: &Metadata, name: &str) -> Option<String> {
    extra.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Reads and checks a `state` value.
pub fn read_state(identity: &IdentityApi, state: &str) -> Option<FlowState> {
    let claims = verify(state, &key(identity, "state"), now_secs()).ok()?;
    if claims.sub != "oauth-state" {
        return None;
    }
    Some(FlowState {
        provider: Provider::from_str(&extra_str(&claims.extra, "provider")?).ok()?,
        invite_token: extra_str(&claims.extra, "invite_token"),
        referrer: extra_str(&claims.extra, "referrer"),
    })
}

/// The query of `GET /authorize`.
#[derive(Debug, Deserialize)]
pub struct AuthorizeQuery {
    #[serde(default)]
    provider: String,
    #[serde(default)]
    invite_token: Option<String>,
}

/// A referrer is kept only when it is a page of the site itself.
fn same_site_referrer(identity: &IdentityApi, headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let origin = |url: &str| -> Option<String> {
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        Some(format!("{scheme}://{host}"))
    };
    (origin(referer)? == origin(&identity.site_url)?).then(|| referer.to_owned())
}

/// `GET /authorize?provider=P[&invite_token=T]`.
pub async fn authorize(
    State(identity): State<IdentityApi>,
    headers: HeaderMap,
    Query(q): Query<AuthorizeQuery>,
) -> Result<Response, IdentityApiError> {
    let unsupported =
        || IdentityApiError::bad_request(format!("Unsupported provider: {}", q.provider));
    let provider = Provider::from_str(&q.provider).map_err(|_| unsupported())?;
    if !identity.config.external.is_enabled(provider) {
        return Err(unsupported());
    }
    let invite_token = q.invite_token.as_deref().filter(|t| !t.is_empty());
    if let Some(token) = invite_token {
        let mut conn = identity.store.read().await?;
        if users::find_by_confirmation_token(&mut conn, token)
            .await?
            .is_none()
        {
            return Err(IdentityApiError::not_found("User not found"));
        }
    }
    let referrer = same_site_referrer(&identity, &headers);
    let state = encode(
        &StateClaims {
            exp: now_secs() + FLOW_LIFETIME_SECS,
            sub: "oauth-state",
            provider: provider.as_str(),
            invite_token,
            referrer: referrer.as_deref(),
        },
        &key(&identity, "state"),
    )?;
    let location = format!(
        "/__dev/oauth/consent?{}",
        form::serialize([("state", state.as_str())])
    );
    Ok(found(&location))
}

/// 302 Found, as GoTrue redirects (axum's `Redirect` offers only 303/307/308).
fn found(location: &str) -> Response {
    match header::HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => IdentityApiError::server("Invalid redirect").into_response(),
    }
}

/// The profile a code stands for.
struct Profile {
    email: String,
    full_name: String,
}

/// Checks a code and redeems it: a code works once (a replay reads as invalid, like an
/// expired one).
fn read_code(identity: &IdentityApi, code: &str, provider: Provider) -> Option<Profile> {
    let now = now_secs();
    let claims = verify(code, &code_key(identity), now).ok()?;
    if claims.sub != "oauth-code"
        || extra_str(&claims.extra, "provider").as_deref() != Some(provider.as_str())
    {
        return None;
    }
    let id = extra_str(&claims.extra, "jti")?;
    if !identity.oauth_codes.redeem(&id, claims.exp, now) {
        tracing::warn!("an OAuth code was presented a second time");
        return None;
    }
    Some(Profile {
        email: claims.email,
        full_name: extra_str(&claims.extra, "full_name").unwrap_or_default(),
    })
}

/// Where the callback sends the browser: the referrer page, else the site root.
fn target(identity: &IdentityApi, flow: &FlowState) -> String {
    let base = flow
        .referrer
        .clone()
        .unwrap_or_else(|| format!("{}/", identity.site_url));
    base.split('#').next().unwrap_or(&base).to_owned()
}

/// GoTrue's error code for a status.
fn oauth_error_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "invalid_request",
        401 => "unauthorized_client",
        403 => "access_denied",
        503 => "temporarily_unavailable",
        _ => "server_error",
    }
}

fn error_redirect(target: &str, error: &str, description: &str) -> Response {
    let fragment = HashRoute::OAuthError(OAuthError::new(error, description)).to_fragment();
    found(&format!("{target}#{fragment}"))
}

/// `GET /callback?code=..&state=..` (or `?error=..&error_description=..&state=..`).
pub async fn callback(
    State(identity): State<IdentityApi>,
    RawQuery(query): RawQuery,
) -> Result<Response, IdentityApiError> {
    let pairs = form::parse(query.as_deref().unwrap_or(""));
    let get = |k: &str| form::first(&pairs, k).filter(|v| !v.is_empty());
    let state = get("state")
        .ok_or_else(|| IdentityApiError::bad_request("OAuth state parameter missing"))?;
    let flow = read_state(&identity, state)
        .ok_or_else(|| IdentityApiError::bad_request("OAuth state is invalid"))?;
    let target = target(&identity, &flow);
    if let Some(error) = get("error") {
        // A provider's error passes through unchanged.
        return Ok(error_redirect(
            &target,
            error,
            get("error_description").unwrap_or(""),
        ));
    }
    let Some(profile) = get("code").and_then(|c| read_code(&identity, c, flow.provider)) else {
        return Ok(error_redirect(
            &target,
            "invalid_request",
            "OAuth code is invalid",
        ));
    };
    match login(&identity, &flow, profile).await {
        Ok(token) => {
            let fragment =
                HashRoute::OAuthSuccess(OAuthReturn { token, state: None }).to_fragment();
            Ok(found(&format!("{target}#{fragment}")))
        }
        Err(IdentityApiError::Http { status, msg }) => {
            Ok(error_redirect(&target, oauth_error_code(status), &msg))
        }
        Err(other) => {
            // Log it with an id, then send the browser back with a server_error.
            let _ = other.into_response();
            Ok(error_redirect(
                &target,
                "server_error",
                "Internal server error",
            ))
        }
    }
}

async fn login(
    identity: &IdentityApi,
    flow: &FlowState,
    profile: Profile,
) -> Result<identity_core::wire::TokenResponse, IdentityApiError> {
    let provider = flow.provider.as_str();
    let email = profile.email.trim().to_owned();
    validate_email(&email)?;
    let mut provider_data = Metadata::new();
    if !profile.full_name.is_empty() {
        provider_data.insert("full_name".to_owned(), profile.full_name.clone().into());
    }
    provider_data.insert(
        "avatar_url".to_owned(),
        format!("{}/__dev/oauth/avatar.svg", identity.site_url).into(),
    );
    let now = now_micros();
    let aud = identity.config.aud.clone();
    let mut tx = identity.store.write().await?;
    let user = if let Some(token) = &flow.invite_token {
        let mut user = users::find_by_confirmation_token(&mut tx, token)
            .await?
            .ok_or_else(|| IdentityApiError::not_found("User not found"))?;
        if !user.email.eq_ignore_ascii_case(&email) {
            return Err(IdentityApiError::forbidden(
                "Invited email does not match emails from external provider",
            ));
        }
        user.app_metadata.provider = Some(provider.to_owned());
        merge_metadata(&mut user.user_metadata, &provider_data);
        confirm(identity, &mut user, now).await?;
        user
    } else {
        match users::find_by_email(&mut tx, &aud, &email).await? {
            Some(mut user) if user.is_confirmed() => {
                fire(identity.hooks.as_ref(), HookEvent::Login, &mut user).await?;
                user
            }
            Some(mut user) => {
                // The provider vouches for the address: confirm. The password was chosen by
                // whoever signed up with this address, unproven until now (possibly someone
                // pre-registering a victim's address), so it does not survive (GoTrue keeps it).
                user.encrypted_password = None;
                confirm(identity, &mut user, now).await?;
                user
            }
            None => {
                if identity.config.disable_signup {
                    return Err(IdentityApiError::forbidden(
                        "Signups not allowed for this instance",
                    ));
                }
                let mut user = StoredUser::new(new_user_id()?, &aud, &email, now);
                user.app_metadata.provider = Some(provider.to_owned());
                user.user_metadata = provider_data;
                fire(identity.hooks.as_ref(), HookEvent::Validate, &mut user).await?;
                users::insert(&mut tx, &user).await?;
                confirm(identity, &mut user, now).await?;
                user
            }
        }
    };
    finish(identity, tx, user, now).await
}

async fn confirm(
    identity: &IdentityApi,
    user: &mut StoredUser,
    now: i64,
) -> Result<(), IdentityApiError> {
    fire(identity.hooks.as_ref(), HookEvent::Signup, user).await?;
    user.confirmed_at = Some(now);
    user.confirmation_token = None;
    Ok(())
}

async fn finish(
    identity: &IdentityApi,
    mut tx: Tx,
    mut user: StoredUser,
    now: i64,
) -> Result<identity_core::wire::TokenResponse, IdentityApiError> {
    user.last_sign_in_at = Some(now);
    user.updated_at = now;
    users::update(&mut tx, &user).await?;
    let token = issue(identity, &mut tx, &user, now).await?;
    tx.commit().await?;
    Ok(token)
}
