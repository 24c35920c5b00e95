//! Random tokens, access tokens, the clock and the `nf_jwt` cookie.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use identity_core::jwt::{encode, Claims, JwtError, SystemClaims};
use identity_core::time::UnixTime;
use identity_core::wire::User;

/// The operating system gave no randomness.
#[derive(Debug, thiserror::Error)]
#[error("no randomness from the operating system: {0}")]
pub struct RandomError(String);

/// Fills `buf` from the OS CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), RandomError> {
    getrandom::getrandom(buf).map_err(|e| RandomError(e.to_string()))
}

/// A GoTrue-style secure token: 16 random bytes, base64url without padding (22 chars).
pub fn random_token() -> Result<String, RandomError> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A new UUID v4 user id.
pub fn new_user_id() -> Result<String, RandomError> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes)?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string())
}

/// Now, unix microseconds.
pub fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Now, unix seconds.
pub fn now_secs() -> i64 {
    now_micros().div_euclid(1_000_000)
}

/// Seconds to microseconds, saturating.
pub fn secs_to_micros(secs: i64) -> i64 {
    secs.saturating_mul(1_000_000)
}

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

/// Constant-time comparison for secrets (single-use tokens, the operator token): the time
/// taken does not depend on where the first difference is.
pub fn tokens_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

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
    let mut cookie =
        format!("{key}=; Path=/; HttpOnly; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// An IMF-fixdate (`Thu, 01 Jan 1970 00:00:00 GMT`).
pub fn http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let fallback = "Thu, 01 Jan 1970 00:00:00 GMT".to_owned();
    let Ok(text) = (UnixTime { secs, nanos: 0 }).to_rfc3339() else {
        return fallback;
    };
    // text is "YYYY-MM-DDTHH:MM:SSZ".
    let (Some(year), Some(month), Some(day), Some(time)) = (
        text.get(0..4),
        text.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        text.get(8..10),
        text.get(11..19),
    ) else {
        return fallback;
    };
    let weekday = DAYS[usize::try_from(secs.div_euclid(86_400).rem_euclid(7)).unwrap_or(0)];
    let Some(month) = month.checked_sub(1).and_then(|m| MONTHS.get(m)) else {
        return fallback;
    };
    format!("{weekday}, {day} {month} {year} {time} GMT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_look_like_gotrues() {
        let t = random_token().unwrap();
        assert_eq!(t.len(), 22);
        assert!(t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(t, random_token().unwrap());
    }

    #[test]
    fn token_comparison() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "abcd"));
        assert!(!tokens_match("", "a"));
    }

    #[test]
    fn user_ids_are_uuid_v4() {
        let id = new_user_id().unwrap();
        let parsed = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
    }

    #[test]
    fn http_dates_are_imf_fixdates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_767_225_600), "Thu, 01 Jan 2026 00:00:00 GMT");
        assert_eq!(http_date(1_764_165_945), "Wed, 26 Nov 2025 14:05:45 GMT");
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
}
