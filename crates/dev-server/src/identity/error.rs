//! One error type for every identity endpoint, answering with GoTrue's two wire shapes.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use identity_core::wire::{HttpError, OAuthError};

use super::passwords::PasswordError;
use super::random::RandomError;

/// What an identity endpoint can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum IdentityApiError {
    /// GoTrue's `HTTPError`: `{"code": N, "msg": "..."}` with status N.
    #[error("{status}: {msg}")]
    Http {
        /// The status (also the body's `code`).
        status: StatusCode,
        /// The message clients show verbatim.
        msg: String,
    },
    /// GoTrue's `OAuthError` (only `/token`): status 400,
    /// `{"error": "...", "error_description": "..."}`.
    #[error("{}", body.error)]
    OAuth {
        /// `invalid_grant`, `invalid_request`, `unsupported_grant_type`, with a description.
        body: OAuthError,
        /// Also send this `Set-Cookie` (clearing the cookie after a failed refresh).
        clear_cookie: Option<String>,
    },
    /// 429 `{"code": 429, "msg": ...}` with `Retry-After`.
    #[error("rate limited: {msg}")]
    RateLimited {
        /// The message.
        msg: &'static str,
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// Anything unexpected: logged with an id, answered as 500
    /// `{"code": 500, "msg": "Internal server error", "error_id": "<id>"}`.
    #[error("internal error: {0}")]
    Internal(String),
}

impl IdentityApiError {
    /// An `HTTPError` with this status and message.
    pub fn http(status: StatusCode, msg: impl Into<String>) -> Self {
        Self::Http {
            status,
            msg: msg.into(),
        }
    }

    /// 400.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::http(StatusCode::BAD_REQUEST, msg)
    }

    /// 401.
    pub fn unauthorized(msg: impl Into<String>) -> Self {
        Self::http(StatusCode::UNAUTHORIZED, msg)
    }

    /// 403.
    pub fn forbidden(msg: impl Into<String>) -> Self {
        Self::http(StatusCode::FORBIDDEN, msg)
    }

    /// 404.
    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::http(StatusCode::NOT_FOUND, msg)
    }

    /// 422.
    pub fn unprocessable(msg: impl Into<String>) -> Self {
        Self::http(StatusCode::UNPROCESSABLE_ENTITY, msg)
    }

    /// 500 with a message GoTrue uses for this case (e.g. `Error updating user`).
    pub fn server(msg: impl Into<String>) -> Self {
        Self::http(StatusCode::INTERNAL_SERVER_ERROR, msg)
    }

    /// `invalid_grant` with a description.
    pub fn invalid_grant(description: impl Into<String>) -> Self {
        OAuthError::invalid_grant(description).into()
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Http { status, .. } => *status,
            Self::OAuth { .. } => StatusCode::BAD_REQUEST,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<OAuthError> for IdentityApiError {
    fn from(body: OAuthError) -> Self {
        Self::OAuth {
            body,
            clear_cookie: None,
        }
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for IdentityApiError {
            fn from(e: $t) -> Self {
                Self::Internal(e.to_string())
            }
        }
    )*};
}

internal_from!(
    sqlx::Error,
    identity_core::time::TimeError,
    identity_core::jwt::JwtError,
    PasswordError,
    RandomError,
    tokio::task::JoinError
);

fn error_id() -> String {
    super::random::new_user_id().unwrap_or_else(|_| "unknown".to_owned())
}

impl IntoResponse for IdentityApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Http { status, msg } => {
                let mut body = HttpError::new(status.as_u16(), msg);
                if status.is_server_error() {
                    let id = error_id();
                    tracing::error!(error_id = %id, "{}", body.msg);
                    body.error_id = Some(id);
                }
                (status, Json(body)).into_response()
            }
            Self::OAuth { body, clear_cookie } => {
                let mut response = (StatusCode::BAD_REQUEST, Json(body)).into_response();
                if let Some(cookie) = clear_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
                    response.headers_mut().insert(header::SET_COOKIE, cookie);
                }
                response
            }
            Self::RateLimited {
                msg,
                retry_after_secs,
            } => {
                let mut response = (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(HttpError::new(429, msg)),
                )
                    .into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                response
            }
            Self::Internal(detail) => {
                let id = error_id();
                tracing::error!(error_id = %id, "internal error: {detail}");
                let body = HttpError {
                    code: 500,
                    msg: "Internal server error".to_owned(),
                    error_id: Some(id),
                };
                (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
            }
        }
    }
}
