//! The access tokens the identity API signs: a user's (GoTrue's HS256 JWT), the functions'
//! system token, and the size check that keeps a user's token within what verifiers accept.

use identity_core::jwt::{encode, Claims, JwtError, SystemClaims};
use identity_core::wire::User;

use super::error::IdentityApiError;
use super::store::StoredUser;
use super::IdentityApi;
use crate::clock::now_secs;

/// Signs the access token GoTrue would issue for `user`.
pub fn access_token(
    user: &User,
    secret: &[u8],
    jwt_exp: u64,
    now_secs: i64,
) -> Result<String, JwtError> {
    let exp = now_secs.saturating_add(i64::try_from(jwt_exp).unwrap_or(i64::MAX));
    encode(&Claims::for_user(user, exp), secret)
}

/// The functions' admin token: `{"exp": now + lifetime, "sub": "0"}`.
pub fn system_token(secret: &[u8], lifetime_secs: i64, now_secs: i64) -> Result<String, JwtError> {
    encode(
        &SystemClaims::new(now_secs.saturating_add(lifetime_secs)),
        secret,
    )
}

/// Refuses a change that would make the user's access token larger than verifiers accept
/// (8 KiB): GoTrue would store it and then fail every login. 422 instead, before saving.
pub fn ensure_token_fits(
    identity: &IdentityApi,
    user: &StoredUser,
) -> Result<(), IdentityApiError> {
    match access_token(
        &user.to_wire()?,
        &identity.secret,
        identity.config.jwt_exp,
        now_secs(),
    ) {
        Ok(_) => Ok(()),
        Err(JwtError::TooLong { .. }) => Err(IdentityApiError::unprocessable(
            "Metadata is too large: the access token would exceed 8 KiB",
        )),
        Err(e) => Err(e.into()),
    }
}
