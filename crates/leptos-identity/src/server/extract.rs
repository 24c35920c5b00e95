//! [`VerifiedUser`] as an axum extractor (feature `axum`): `VerifiedUser` answers 401 without a
//! verified user, `Option<VerifiedUser>` lets the handler decide.

use axum_core::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::request::Parts;
use http::{header, StatusCode};

use super::{VerifiedUser, Verifier};

/// The answer to a request without a verified user: `401` with `WWW-Authenticate: Bearer` and
/// GoTrue's error shape, `{"code":401,"msg":"…"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unauthorized;

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        (
            StatusCode::UNAUTHORIZED,
            [
                (header::WWW_AUTHENTICATE, "Bearer"),
                (header::CONTENT_TYPE, "application/json"),
            ],
            r#"{"code":401,"msg":"This needs a logged-in user"}"#,
        )
            .into_response()
    }
}

impl<S> FromRequestParts<S> for VerifiedUser
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Unauthorized;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Verifier::from_ref(state)
            .user_of(&parts.headers)
            .ok_or(Unauthorized)
    }
}

impl<S> OptionalFromRequestParts<S> for VerifiedUser
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(Verifier::from_ref(state).user_of(&parts.headers))
    }
}
