//! Who is calling: the Bearer token, the client address, the audience, admin rights.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use identity_core::jwt::{verify, Claims};

use super::error::IdentityApiError;
use super::random::tokens_match;
use super::store::{users, StoredUser};
use super::IdentityApi;
use crate::clock::now_secs;

/// The token of `Authorization: Bearer <token>`, read as GoTrue reads it
/// (`^(?:B|b)earer (\S+$)`): the identity API and the functions runner both go by this one
/// rule, so a header one accepts the other does too.
///
/// ```
/// use axum::http::{header::AUTHORIZATION, HeaderMap};
/// use dev_server::identity::auth::bearer_token;
/// let mut headers = HeaderMap::new();
/// headers.insert(AUTHORIZATION, "bearer a.b.c".parse().unwrap());
/// assert_eq!(bearer_token(&headers), Some("a.b.c"));
/// headers.insert(AUTHORIZATION, "Bearer a b".parse().unwrap());
/// assert_eq!(bearer_token(&headers), None);
/// ```
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    (!token.is_empty() && !token.chars().any(char::is_whitespace)).then_some(token)
}

/// [`bearer_token`], or 401 `This endpoint requires a Bearer token`.
pub fn bearer(headers: &HeaderMap) -> Result<&str, IdentityApiError> {
    bearer_token(headers)
        .ok_or_else(|| IdentityApiError::unauthorized("This endpoint requires a Bearer token"))
}

/// Verified claims of the request's Bearer token. Refused with 401
/// `Invalid token: <reason>` on any verification failure.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Claims);

impl FromRequestParts<IdentityApi> for Authenticated {
    type Rejection = IdentityApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        identity: &IdentityApi,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers)?;
        verify(token, &identity.secret, now_secs())
            .map(Authenticated)
            .map_err(|e| IdentityApiError::unauthorized(format!("Invalid token: {e}")))
    }
}

/// The value of `X-JWT-AUD`, if sent.
pub fn aud_header(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-jwt-aud")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// GoTrue's request audience: `X-JWT-AUD`, else the token's `aud`, else the configured one.
pub fn request_aud(identity: &IdentityApi, headers: &HeaderMap, claims: Option<&Claims>) -> String {
    aud_header(headers)
        .or_else(|| claims.map(|c| c.aud.clone()).filter(|a| !a.is_empty()))
        .unwrap_or_else(|| identity.config.aud.clone())
}

/// The user a token names, checked the way GoTrue's `/user` does: `sub` must be a UUID
/// (400 `Could not read User ID claim`), the audience must match (400), and the user must
/// exist (404 `User not found`).
pub async fn load_user(
    identity: &IdentityApi,
    headers: &HeaderMap,
    claims: &Claims,
    conn: &mut sqlx::SqliteConnection,
) -> Result<StoredUser, IdentityApiError> {
    if uuid::Uuid::parse_str(&claims.sub).is_err() {
        return Err(IdentityApiError::bad_request(
            "Could not read User ID claim",
        ));
    }
    if request_aud(identity, headers, Some(claims)) != claims.aud {
        return Err(IdentityApiError::bad_request(
            "Token audience doesn't match request audience",
        ));
    }
    users::find_by_id(conn, &claims.sub)
        .await?
        .ok_or_else(|| IdentityApiError::not_found("User not found"))
}

/// Who made an admin request.
#[derive(Debug, Clone)]
pub enum Admin {
    /// The functions' system token (`sub: "0"` or the nil UUID).
    System,
    /// The configured operator token (`GOTRUE_OPERATOR_TOKEN`).
    Operator,
    /// A user whose GoTrue `role` is `admin` in the request audience.
    User(Box<StoredUser>),
}

/// An admin request: the system token, or a user with GoTrue `role == "admin"`.
/// Anything else: 401 `User not allowed` (401 `Invalid token: ...` for a bad token).
#[derive(Debug, Clone)]
pub struct AdminAuth {
    /// Who.
    pub admin: Admin,
    /// The request audience.
    pub aud: String,
}

impl FromRequestParts<IdentityApi> for AdminAuth {
    type Rejection = IdentityApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        identity: &IdentityApi,
    ) -> Result<Self, Self::Rejection> {
        if let Some(operator) = identity.config.operator_token.as_deref() {
            if bearer(&parts.headers).is_ok_and(|t| tokens_match(t, operator)) {
                return Ok(Self {
                    admin: Admin::Operator,
                    aud: aud_header(&parts.headers).unwrap_or_else(|| identity.config.aud.clone()),
                });
            }
        }
        let Authenticated(claims) = Authenticated::from_request_parts(parts, identity).await?;
        let aud = request_aud(identity, &parts.headers, Some(&claims));
        if claims.is_system() {
            return Ok(Self {
                admin: Admin::System,
                aud,
            });
        }
        let not_allowed = || IdentityApiError::unauthorized("User not allowed");
        if uuid::Uuid::parse_str(&claims.sub).is_err() {
            return Err(not_allowed());
        }
        let mut conn = identity.store.read().await?;
        let user = users::find_by_id(&mut conn, &claims.sub)
            .await?
            .ok_or_else(not_allowed)?;
        if user.to_wire()?.is_gotrue_admin(&aud) {
            Ok(Self {
                admin: Admin::User(Box::new(user)),
                aud,
            })
        } else {
            Err(not_allowed())
        }
    }
}

/// The client address (loopback when the server was not started with connect info).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip())
                .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        ))
    }
}
