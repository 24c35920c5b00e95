//! The `nf_jwt` cookie: what `X-Use-Cookie` asks for, the `Set-Cookie` values that set and
//! clear it, and the token response that carries it.

use std::time::{Duration, UNIX_EPOCH};

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use identity_core::wire::TokenResponse;

use super::IdentityApi;
use crate::clock::now_secs;

/// How `X-Use-Cookie` asked for the cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieMode {
    /// `X-Use-Cookie: session`: no `Max-Age`, gone when the browser closes.
    Session,
    /// Any other value: `Max-Age` and `Expires`.
    Persistent,
}

impl CookieMode {
    /// Reads the header value.
    pub fn from_header(value: &str) -> Self {
        if value == "session" {
            Self::Session
        } else {
            Self::Persistent
        }
    }
}

/// `Set-Cookie` for the access token. `Secure` only when the site is served over https:
/// browsers drop `Secure` cookies on plain-http localhost.
pub fn set_cookie(
    key: &str,
    jwt: &str,
    mode: CookieMode,
    duration_secs: u64,
    secure: bool,
    now_secs: i64,
) -> String {
    let mut cookie = format!("{key}={jwt}; Path=/; HttpOnly");
    if mode == CookieMode::Persistent {
        let expires = now_secs.saturating_add(i64::try_from(duration_secs).unwrap_or(i64::MAX));
        cookie.push_str(&format!(
            "; Max-Age={duration_secs}; Expires={}",
            http_date(expires)
        ));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// `Set-Cookie` that removes the access token cookie.
pub fn clear_cookie(key: &str, secure: bool) -> String {
    let mut cookie = format!(
        "{key}=; Path=/; HttpOnly; Max-Age=0; Expires={}",
        http_date(0)
    );
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The last second an IMF-fixdate can spell (9999-12-31T23:59:59Z); `httpdate` panics past it.
const LAST_HTTP_DATE_SECS: u64 = 253_402_300_799;

/// An IMF-fixdate (`Thu, 01 Jan 1970 00:00:00 GMT`). An instant before 1970 is written as the
/// epoch (the cookie expires all the same), one after 9999 as its last second (a huge
/// configured duration then lasts as long as a date can say).
fn http_date(secs: i64) -> String {
    let secs = u64::try_from(secs).unwrap_or(0).min(LAST_HTTP_DATE_SECS);
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs))
}

/// The token response as JSON, with the `nf_jwt` cookie when the request sent
/// `X-Use-Cookie`.
pub fn with_cookie(identity: &IdentityApi, headers: &HeaderMap, token: TokenResponse) -> Response {
    let mode = headers
        .get("x-use-cookie")
        .and_then(|v| v.to_str().ok())
        .map(CookieMode::from_header);
    let cookie = mode.map(|mode| {
        set_cookie(
            &identity.config.cookie_key,
            &token.access_token,
            mode,
            identity.config.cookie_duration_secs,
            identity.secure_cookies(),
            now_secs(),
        )
    });
    let mut response = Json(token).into_response();
    if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_imf_fixdates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_767_225_600), "Thu, 01 Jan 2026 00:00:00 GMT");
        assert_eq!(http_date(1_764_165_945), "Wed, 26 Nov 2025 14:05:45 GMT");
    }

    #[test]
    fn http_dates_out_of_range_are_clamped() {
        assert_eq!(http_date(-1), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(i64::MAX), "Fri, 31 Dec 9999 23:59:59 GMT");
    }

    #[test]
    fn session_cookie_has_no_max_age() {
        let c = set_cookie("nf_jwt", "a.b.c", CookieMode::Session, 86_400, false, 0);
        assert_eq!(c, "nf_jwt=a.b.c; Path=/; HttpOnly");
        let c = set_cookie("nf_jwt", "a.b.c", CookieMode::Persistent, 60, true, 0);
        assert_eq!(
            c,
            "nf_jwt=a.b.c; Path=/; HttpOnly; Max-Age=60; Expires=Thu, 01 Jan 1970 00:01:00 GMT; Secure"
        );
    }

    #[test]
    fn cleared_cookie_expired_at_the_epoch() {
        assert_eq!(
            clear_cookie("nf_jwt", false),
            "nf_jwt=; Path=/; HttpOnly; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }
}
